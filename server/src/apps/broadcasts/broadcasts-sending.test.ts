// A pause against a send already on the wire, who hears a broadcast's progress, and pictures in broadcasts. The server talks to the
// simulator through a small proxy that can hold one Bot API call and then answer it with a failure, so "being
// sent at the moment of the pause, then failing" happens exactly, not by timing.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator, type User } from '@switchboard/telegram-sim';
import { sql } from 'kysely';
import { createApiClient, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { connectSocket, eventually, type TestSocket } from '../../testing/ws-client.ts';

/**
 * Passes every call to the simulator, except the first one whose body matches `hold`: that one waits for `fail`,
 * and from then on every retry of it fails too, until `heal` (so whether delivery retries it before the broadcast's
 * ticker withdraws it does not matter: it never reaches Telegram either way).
 */
async function startHoldingProxy(upstream: string) {
  let hold: { match: string; arrived: (body: string) => void } | undefined;
  let held: http.ServerResponse | undefined;
  let failing: string | undefined;
  const badGateway = (response: http.ServerResponse) => {
    response.writeHead(502, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: false, error_code: 502, description: 'Bad Gateway' }));
  };
  const handle = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (failing !== undefined && body.toString('utf8').includes(failing)) return badGateway(response);
    if (hold && body.toString('utf8').includes(hold.match)) {
      held = response;
      const { arrived } = hold;
      failing = body.toString('utf8');
      hold = undefined;
      arrived(body.toString('utf8'));
      return;
    }
    const forwarded = http.request(`${upstream}${request.url ?? '/'}`, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forwarded.on('error', () => response.destroy());
    forwarded.end(body);
  };
  const server = http.createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Resolves with the held call's body once a call containing `match` arrives. */
    holdNext: (match: string) => new Promise<string>((arrived) => (hold = { match, arrived })),
    /** Answers the held call as Telegram does when its front end fails; its retries fail the same way until `heal`. */
    fail() {
      badGateway(held!);
    },
    heal() {
      failing = undefined;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

for (const engine of testEngines()) {
  describe(`broadcasts: pause against a send in flight, progress to admins, on ${engine}`, () => {
    let sim: Simulator;
    let proxy: Awaited<ReturnType<typeof startHoldingProxy>>;
    let server: TestServer;
    let admin: ApiClient;
    let adminToken: string;
    let token: string;
    let channelId: number;
    let adminSocket: TestSocket;
    let operatorSocket: TestSocket;
    const people: User[] = [];

    const finished = (id: number) =>
      adminSocket.waitFor((frame) => frame.type === 'broadcast_progress' && frame.broadcast_id === id && frame.state === 'done', 60_000);
    const got = (user: User, text: string) => sim.sentMessages(token, user.id).filter((message) => message.text === text).length;
    const service = (text: string) => ({
      name: text.slice(0, 60),
      kind: 'service',
      filter: { channel_id: channelId },
      texts: { default: text },
    });

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'pause_bot' }).token;
      proxy = await startHoldingProxy(sim.apiRoot);
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: proxy.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      adminToken = (await createApiClient(server.url).post('/api/api-token-auth/', testAdmin)).body.token;
      admin = createApiClient(server.url, { token: adminToken });
      channelId = (await admin.get('/api/accounts')).body.results[0].id;
      await server.switchboard.auth.createUser({ email: 'op@example.com', password: 'operator-pass', role: 'operator', name: 'Оператор' });
      const operatorToken = (
        await createApiClient(server.url).post('/api/api-token-auth/', { email: 'op@example.com', password: 'operator-pass' })
      ).body.token;
      adminSocket = await connectSocket(server.url, { token: adminToken });
      operatorSocket = await connectSocket(server.url, { token: operatorToken });
      for (let index = 0; index < 4; index++) {
        const user = sim.createUser({ first_name: `Client${index}`, language_code: 'ru' });
        sim.sendText(token, { from: user.id, text: `hello ${index}` });
        people.push(user);
      }
      const db = server.switchboard.database.db;
      await eventually(
        async () =>
          Number((await sql<{ n: string }>`SELECT count(*) AS n FROM contact_identities`.execute(db)).rows[0]!.n) >= people.length,
        30_000,
        'the contacts',
      );
    });
    after(async () => {
      await adminSocket.close();
      await operatorSocket.close();
      await server.stop();
      await proxy.stop();
      await sim.stop();
    });

    test('progress reaches admins only: an operator hears the chats, not the broadcast', async () => {
      const created = (await admin.post('/api/broadcasts', service('Progress is for admins'))).body;
      assert.equal((await admin.post(`/api/broadcasts/${created.id}/start`)).status, 200);
      await finished(created.id);
      // Something the operator does hear, after the broadcast's last event: the socket delivers in order, so
      // every progress event the operator would have had is before it.
      const newcomer = sim.createUser({ first_name: 'Newcomer' });
      sim.sendText(token, { from: newcomer.id, text: 'after the broadcast' });
      people.push(newcomer); // reached by the later broadcasts too
      await operatorSocket.waitFor((frame) => frame.type === 'new_message' && frame.message?.text === 'after the broadcast', 60_000);
      assert.deepEqual(
        operatorSocket.frames.filter((frame) => frame.type === 'broadcast_progress'),
        [],
      );
      await adminSocket.waitFor((frame) => frame.type === 'new_message' && frame.message?.text === 'after the broadcast', 60_000);
      assert.ok(adminSocket.frames.some((frame) => frame.type === 'broadcast_progress' && frame.state === 'sending'));
    });

    test('a picture goes with the text as its caption; files are recognised by their bytes and the account decides', async () => {
      const upload = async (bytes: Buffer, name: string) => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(bytes)]), name);
        const response = await fetch(`${server.url}/api/broadcasts/media`, {
          method: 'POST',
          headers: { authorization: `Token ${adminToken}` },
          body: form,
        });
        return { status: response.status, body: (await response.json()) as Record<string, any> };
      };
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
      const picture = await upload(png, 'spring.png');
      assert.equal(picture.status, 201, JSON.stringify(picture.body));
      assert.deepEqual([picture.body.kind, picture.body.content_type, picture.body.name], ['photo', 'image/png', 'spring.png']);
      const pdf = await upload(
        Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
        'prices.pdf',
      );
      assert.deepEqual([pdf.status, pdf.body.kind], [201, 'document']);
      // A program named as a picture, and plain text: refused by what they are, whatever the name says.
      const program = await upload(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510)]), 'photo.jpg');
      assert.deepEqual([program.status, program.body.error.code], [415, 'unsupported_media_type']);
      assert.equal((await upload(Buffer.from('just some words'), 'note.png')).status, 415);
      const notMultipart = await admin.post('/api/broadcasts/media', { file: 'x' });
      assert.equal(notMultipart.status, 415);
      const empty = await upload(Buffer.alloc(0), 'empty.png');
      assert.deepEqual([empty.status, empty.body.error.code], [422, 'empty_file']);
      const refused = await admin.post('/api/broadcasts', {
        ...service('x'.repeat(1100)),
        media: { file_id: picture.body.file_id },
      });
      assert.deepEqual([refused.status, refused.body.error.code], [422, 'media_not_allowed']);
      assert.match(refused.body.error.message, /caption, at most 1024 characters/);
      const unknown = await admin.post('/api/broadcasts', { ...service('x'), media: { file_id: '00000000-0000-0000-0000-000000000000' } });
      assert.equal(unknown.status, 422);
      assert.match(unknown.body.error.message, /POST \/api\/broadcasts\/media/);

      const caption = 'Spring check-up, 20 % off';
      const created = await admin.post('/api/broadcasts', {
        ...service(caption),
        buttons: [{ title: 'Book', url: 'https://clinic.example.com/book' }],
        media: { file_id: picture.body.file_id },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.media.kind, 'photo');
      const reach: number = (await admin.post(`/api/broadcasts/${created.body.id}/start`)).body.recipients;
      const done = await finished(created.body.id);
      assert.equal(done.sent, reach);
      const sources: string[] = [];
      for (const person of people) {
        const photos = sim
          .sentMessages(token, person.id)
          .filter((message) => message.caption === `${caption}\n\nBook: https://clinic.example.com/book`);
        assert.equal(photos.length, 1, `${person.first_name} got the picture once`);
        assert.deepEqual([photos[0]!.kind, photos[0]!.method], ['photo', 'sendPhoto']);
        sources.push(...photos[0]!.files.map((file) => file.source));
      }
      // The file is uploaded once for the whole broadcast; every other recipient gets the bot's file_id of it.
      assert.equal(sources.length, reach);
      assert.equal(sources.filter((source) => source === 'upload').length, 1, `uploads: ${sources.join(', ')}`);
      assert.equal(sources.filter((source) => source === 'file_id').length, reach - 1);
    });

    test('a message on the wire at the pause that then fails waits for the resume like the rest, and goes once', async () => {
      const text = 'Paused while in flight';
      const created = (await admin.post('/api/broadcasts', service(text))).body;
      const heldBody = proxy.holdNext(text);
      const reach: number = (await admin.post(`/api/broadcasts/${created.id}/start`)).body.recipients;
      const chatId = String((JSON.parse(await heldBody) as { chat_id: number | string }).chat_id);
      // The call is on the wire: pause, then let Telegram fail it (delivery would retry it after its backoff).
      assert.equal((await admin.post(`/api/broadcasts/${created.id}/pause`)).body.state, 'paused');
      proxy.fail();
      const db = server.switchboard.database.db;
      const heldRow = async () =>
        (
          await sql<{ state: string; last_error_code: string | null; attempts: number }>`
            SELECT o.state, o.last_error_code, o.attempts FROM outbox o
            WHERE o.reference_type = 'broadcast' AND o.reference_id = ${String(created.id)} AND o.external_chat_id = ${chatId}`.execute(db)
        ).rows[0];
      // The failed attempt is withdrawn with the rest instead of being retried during the pause.
      const withdrawn = await eventually(
        async () => {
          const row = await heldRow();
          return row && row.attempts >= 1 && row.state === 'cancelled' && row.last_error_code === 'CANCELLED' ? row : undefined;
        },
        60_000,
        'the failed in-flight row to be withdrawn',
      );
      proxy.heal();
      assert.equal(withdrawn.state, 'cancelled');
      const heldPerson = people.find((person) => String(person.id) === chatId)!;
      assert.equal(got(heldPerson, text), 0, 'the held call never reached Telegram');
      assert.equal((await admin.get(`/api/broadcasts/${created.id}/stats`)).body.state, 'paused');

      assert.equal((await admin.post(`/api/broadcasts/${created.id}/resume`)).body.state, 'sending');
      const done = await finished(created.id);
      assert.deepEqual([done.sent, done.failed], [reach, 0]);
      assert.equal(got(heldPerson, text), 1, 'after the resume it went once');
      for (const person of people) assert.equal(got(person, text), 1, `${person.first_name} got it once`);
    });
  });
}
