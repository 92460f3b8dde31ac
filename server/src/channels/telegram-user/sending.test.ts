// Operators answer through a personal account: the delivery ledger sends
// through mtcute on the network stub (text, a document, a voice note recorded
// in the browser), honours FLOOD_WAIT with Telegram's seconds, and PEER_FLOOD
// pauses the account's outgoing queue until an admin presses Start. A second
// instance takes the account over when its owner goes (PostgreSQL: two
// instances share one database).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { createTestDatabase, testAdmin, testEngines, type TestDatabase } from '../../testing/harness.ts';
import { connectSocket, eventually } from '../../testing/ws-client.ts';
import { buildWebmOpus, opusFrame } from '../../testing/webm-sample.fixture.ts';
import { connectAccount, createStubNetwork, startWithTelegramStub, type StubbedServer } from '../../testing/telegram-user.fixture.ts';

async function upload(url: string, token: string, bytes: Buffer, fileName: string, type: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), fileName);
  const response = await fetch(`${url}/api/upload/`, { method: 'POST', headers: { authorization: `Token ${token}` }, body: form });
  const body = (await response.json()) as { file_path?: string };
  if (!response.ok) throw new Error(JSON.stringify(body));
  return body.file_path!;
}

for (const engine of testEngines()) {
  describe(`sending through a personal Telegram account on ${engine}`, () => {
    const network = createStubNetwork();
    const customer = network.addUser('Timur');
    const phone = '+79992220001';
    let started: StubbedServer;
    let admin: ApiClient;
    let token: string;
    let accountId: number;
    let chatId: number;

    const attemptsOf = async (messageId: number) => {
      const row = await started.server.switchboard.delivery.findByMessage(messageId);
      return row
        ? (await started.server.switchboard.delivery.attempts(row.id)).map((attempt) => attempt.error_code ?? attempt.outcome)
        : [];
    };
    const reply = async (body: Record<string, unknown>) => {
      const sent = await admin.post(`/api/chats/${chatId}/messages`, body);
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      return sent.body.id as number;
    };

    const chatWith = async (person: ReturnType<typeof network.addUser>, text: string) => {
      network.incoming(phone, person, text);
      let found: any;
      await eventually(
        async () => (found = (await admin.get('/api/messages?limit=50')).body.results.find((message: any) => message.text === text)),
        10_000,
        `“${text}”`,
      );
      return found.chat_id as number;
    };
    const replyIn = async (chat: number, text: string) => {
      const sent = await admin.post(`/api/chats/${chat}/messages`, { text });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      return sent.body.id as number;
    };

    before(async () => {
      started = await startWithTelegramStub(engine, network);
      admin = await signInWithToken(started.server.url, testAdmin);
      token = (await createApiClient(started.server.url).post('/api/api-token-auth/', testAdmin)).body.token;
      accountId = await connectAccount(admin, network, phone, 'Olga');
      network.incoming(phone, customer, 'Is the blue one in stock?');
      await eventually(
        async () => {
          const found = (await admin.get('/api/messages?limit=50')).body.results.find(
            (message: any) => message.text === 'Is the blue one in stock?',
          );
          chatId = found?.chat_id ?? 0;
          return Boolean(found);
        },
        10_000,
        'the customer’s message',
      );
    });
    after(async () => {
      await started?.server.stop();
    });

    test('the kind states its pacing: one message a second, no bursts', async () => {
      const kind = (await admin.get('/api/channels/kinds')).body.results.find((each: any) => each.kind === 'telegram_user');
      assert.equal(kind.account_type, 'user');
      assert.deepEqual(kind.credential_fields, ['phone_number', 'api_id', 'api_hash']);
      assert.equal(kind.rate_limits.botPerSecond, 1);
      assert.equal(kind.rate_limits.botBurst, 1);
      assert.match(kind.vocabulary.ru.credentialHints.api_id, /my\.telegram\.org/);
    });

    test('a personal account has no buttons: link buttons go as "title: url" lines under the text', async () => {
      const kind = (await admin.get('/api/channels/kinds')).body.results.find((each: any) => each.kind === 'telegram_user');
      assert.equal(kind.capabilities.linkButtons, false);
      const channel = (await started.server.switchboard.registry.get(accountId))!;
      const { adapter } = started.server.switchboard.registry.moduleFor('telegram_user');
      await adapter.send(channel, {
        chatId: String(customer.id),
        text: 'Your order is ready.',
        links: [
          { title: 'Track it', url: 'https://shop.example.com/orders/5' },
          { title: 'Our hours', url: 'https://shop.example.com/hours' },
        ],
      });
      const sent = network.sentTo(phone, customer.id).at(-1)!;
      assert.equal(
        sent.message,
        'Your order is ready.\n\nTrack it: https://shop.example.com/orders/5\nOur hours: https://shop.example.com/hours',
      );
    });

    test('text, a document and a voice note reach the customer; FLOOD_WAIT is waited out with Telegram’s seconds', async () => {
      network.failNext('messages.sendMessage', 'FLOOD_WAIT_1');
      const text = await reply({ text: 'Yes, two left.' });
      await eventually(
        async () => network.sentTo(phone, customer.id).some((message) => message.message === 'Yes, two left.'),
        15_000,
        'the text',
      );
      await eventually(async () => (await attemptsOf(text)).at(-1) === 'sent', 10_000, 'the ledger to record it');
      assert.deepEqual(await attemptsOf(text), ['RATE_LIMITED', 'sent']);
      const stored = (await admin.get(`/api/messages/by_chat?chat_id=${chatId}&limit=50`)).body.results.find(
        (message: any) => message.id === text,
      );
      const atTelegram = network.sentTo(phone, customer.id).find((message) => message.message === 'Yes, two left.')!;
      assert.equal(stored.external_message_id, String(atTelegram.id));

      const pdf = await upload(
        started.server.url,
        token,
        Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
        'price.pdf',
        'application/pdf',
      );
      await reply({ text: 'The price list', media_path: pdf });
      const voice = await upload(
        started.server.url,
        token,
        buildWebmOpus({ frames: [opusFrame(1), opusFrame(2)] }),
        'v.webm',
        'audio/webm',
      );
      await reply({ text: '', media_path: voice });
      await eventually(
        async () => network.sentTo(phone, customer.id).filter((message) => message.media?._ === 'messageMediaDocument').length === 2,
        15_000,
        'the document and the voice note',
      );
      assert.ok(network.calls.includes('upload.saveFilePart'), 'files were uploaded through MTProto');

      const { health } = (await admin.get(`/api/accounts/${accountId}/health`)).body;
      assert.equal(health.connected, true);
      assert.ok(health.connected_at && health.last_update_at, 'connected and heard from');
      assert.equal(health.flood_waits, 1);
      assert.equal(health.last_flood_wait.seconds, 1);
      assert.equal(health.paused_reason, null);
    });

    test('PEER_FLOOD pauses the account’s outgoing queue and tells the admins; Start resumes it', async () => {
      // Admins hear of it live, once per pause; operators do not (they cannot act on an account).
      const email = `operator-${Math.random().toString(36).slice(2, 8)}@example.com`;
      assert.equal(
        (await admin.post('/api/operators', { name: 'Op', email, password: 'operator-password-1', role: 'operator' })).status,
        201,
      );
      const operatorToken = (
        await createApiClient(started.server.url).post('/api/api-token-auth/', { email, password: 'operator-password-1' })
      ).body.token;
      const adminSocket = await connectSocket(started.server.url, { token });
      const operatorSocket = await connectSocket(started.server.url, { token: operatorToken });
      network.failNext('messages.sendMessage', 'PEER_FLOOD');
      const first = await reply({ text: 'Hello again' });
      await eventually(
        async () => (await admin.get(`/api/accounts/${accountId}`)).body.status === 'error',
        10_000,
        'the account to be paused',
      );
      const account = (await admin.get(`/api/accounts/${accountId}`)).body;
      assert.match(account.status_detail, /PEER_FLOOD.*paused.*Start/);
      // The pause is the account's status at once; the attempt's outcome is recorded by the delivery worker after it.
      await eventually(async () => (await attemptsOf(first)).length > 0, 10_000, 'the attempt recorded');
      assert.deepEqual(await attemptsOf(first), ['RATE_LIMITED']);
      assert.match((await admin.get(`/api/accounts/${accountId}/health`)).body.health.paused_reason, /PEER_FLOOD/);
      // Admins see it where accounts' trouble shows: system status marks the account degraded with the reason.
      const system = (await admin.get('/api/system/status')).body;
      const reported = system.channels.find((channel: any) => channel.channel_id === accountId);
      assert.equal(reported.status, 'degraded');
      assert.match(reported.reason, /PEER_FLOOD/);
      const alert = await adminSocket.waitFor((frame) => frame.type === 'account_alert');
      assert.equal(alert.account_id, accountId);
      assert.equal(alert.account_name, 'Olga');
      assert.equal(alert.code, 'peer_flood');
      assert.match(alert.text, /PEER_FLOOD.*Start/);

      // Another chat's message meets the pause too: nothing leaves the account.
      const otherChat = await chatWith(network.addUser('Dana'), 'Hi, a question');
      const held = await replyIn(otherChat, 'Are you there?');
      await eventually(async () => (await attemptsOf(held)).length === 1, 10_000, 'the other chat’s message to meet the pause');
      assert.deepEqual(await attemptsOf(held), ['RATE_LIMITED']);
      assert.ok(!network.sentTo(phone, customer.id).some((message) => message.message === 'Are you there?'));
      assert.equal(adminSocket.frames.filter((frame) => frame.type === 'account_alert').length, 1, 'one alert per pause');
      assert.ok(operatorSocket.frames.length > 0, 'the operator’s socket hears the inbox');
      assert.ok(!operatorSocket.frames.some((frame) => frame.type === 'account_alert'), 'operators get no account alerts');
      await adminSocket.close();
      await operatorSocket.close();

      const resumed = await admin.post(`/api/accounts/${accountId}/start`);
      assert.equal(resumed.status, 200);
      await eventually(
        async () => (await admin.get(`/api/accounts/${accountId}`)).body.status === 'active',
        10_000,
        'the account to resume',
      );
      const third = network.addUser('Erlan');
      await replyIn(await chatWith(third, 'Hello?'), 'Back again');
      await eventually(
        async () => network.sentTo(phone, third.id).some((message) => message.message === 'Back again'),
        15_000,
        'a new message to go out',
      );
    });

    test('Stop switches the account off and Start brings it back', async () => {
      const stopped = await admin.post(`/api/accounts/${accountId}/stop`);
      assert.equal(stopped.status, 200);
      assert.equal(stopped.body.status, 'stopped');
      assert.equal((await admin.post(`/api/accounts/${accountId}/start`)).body.is_enabled, true);
      await eventually(
        async () => (await admin.get(`/api/accounts/${accountId}`)).body.status === 'active',
        10_000,
        'the account to be back',
      );
    });
  });
}

for (const engine of testEngines()) {
  describe(`new chats a day through a personal account on ${engine}`, () => {
    const network = createStubNetwork();
    const phone = '+79994440001';
    let started: StubbedServer;
    let admin: ApiClient;
    before(async () => {
      started = await startWithTelegramStub(engine, network, undefined, { newChatsPerDay: 1 });
      admin = await signInWithToken(started.server.url, testAdmin);
      await connectAccount(admin, network, phone, 'Quota');
    });
    after(async () => {
      await started?.server.stop();
    });

    test('a chat with no history counts as new; past the day’s limit the message waits (RATE_LIMITED until midnight UTC)', async () => {
      const chats: number[] = [];
      const people = [network.addUser('First'), network.addUser('Second')];
      for (const person of people) {
        network.incoming(phone, person, `hello from ${person.firstName}`);
        await eventually(
          async () => {
            const found = (await admin.get('/api/messages?limit=50')).body.results.find(
              (message: any) => message.text === `hello from ${person.firstName}`,
            );
            if (found) chats.push(found.chat_id);
            return Boolean(found);
          },
          10_000,
          person.firstName,
        );
        // The customer deleted the chat for both sides: writing to them again starts a new chat at Telegram.
        network.clearHistory(phone, person.id);
      }
      const first = await admin.post(`/api/chats/${chats[0]}/messages`, { text: 'We are still here' });
      await eventually(async () => network.sentTo(phone, people[0]!.id).length === 1, 15_000, 'the first new chat');
      const second = await admin.post(`/api/chats/${chats[1]}/messages`, { text: 'Hello again' });
      const delivery = started.server.switchboard.delivery;
      let attempts: Array<{ error_code: string | null; outcome: string }> = [];
      await eventually(
        async () => {
          const row = await delivery.findByMessage(second.body.id);
          attempts = row ? await delivery.attempts(row.id) : [];
          return attempts.length > 0;
        },
        10_000,
        'the second chat’s attempt',
      );
      assert.equal(attempts[0]!.error_code, 'RATE_LIMITED');
      assert.equal(network.sentTo(phone, people[1]!.id).length, 0);
      assert.ok(first.status === 201 && second.status === 201);
    });
  });
}

// Two instances on one database: only PostgreSQL serves several processes.
if (testEngines().includes('postgres'))
  describe('a second instance takes a personal account over (postgres)', () => {
    const network = createStubNetwork();
    const customer = network.addUser('Aliya');
    const phone = '+79993330001';
    let database: TestDatabase;
    let first: StubbedServer | undefined;
    let second: StubbedServer | undefined;
    before(async () => {
      database = await createTestDatabase('postgres');
    });
    after(async () => {
      await first?.server.stop({ keepData: true });
      await second?.server.stop();
    });

    test('when the owner stops, the other instance holds the lease, loads the encrypted session and receives', async () => {
      first = await startWithTelegramStub('postgres', network, database);
      const admin = await signInWithToken(first.server.url, testAdmin);
      const accountId = await connectAccount(admin, network, phone, 'Aliya’s manager');
      second = await startWithTelegramStub('postgres', network, database);
      const db = second.server.switchboard.database.db as any;
      const holder = async () =>
        (await db.selectFrom('channel_leases').select('instance_id').where('channel_id', '=', accountId).executeTakeFirst())?.instance_id;
      const firstHolder = await holder();
      assert.ok(firstHolder);
      // Asked on the instance without the connection, health says who holds it rather than just "not connected".
      const admin2 = await signInWithToken(second.server.url, testAdmin);
      const elsewhere = (await admin2.get(`/api/accounts/${accountId}/health`)).body.health;
      assert.equal(elsewhere.connected, false);
      assert.equal(elsewhere.held_elsewhere?.instance_id, firstHolder);
      assert.equal(elsewhere.address, phone);
      const onOwner = (await admin.get(`/api/accounts/${accountId}/health`)).body.health;
      assert.deepEqual([onOwner.connected, onOwner.held_elsewhere], [true, null]);
      await first.server.stop({ keepData: true });
      first = undefined;
      await eventually(
        async () => (await holder()) !== undefined && (await holder()) !== firstHolder,
        30_000,
        'the second instance to take the lease',
      );
      network.incoming(phone, customer, 'Anyone on duty?');
      await eventually(
        async () => (await admin2.get('/api/messages?limit=20')).body.results.some((message: any) => message.text === 'Anyone on duty?'),
        15_000,
        'the message through the second instance',
      );
      assert.equal((await admin2.get(`/api/accounts/${accountId}`)).body.status, 'active');
      const taken = (await admin2.get(`/api/accounts/${accountId}/health`)).body.health;
      assert.deepEqual([taken.connected, taken.held_elsewhere], [true, null]);
    });
  });
