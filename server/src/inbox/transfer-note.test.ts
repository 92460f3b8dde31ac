// A transfer note is for the operator who receives the conversation (and admins): not for operators watching
// the queue, not for whoever holds the conversation later, in REST answers and WebSocket events alike.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { connectSocket, eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`transfer notes on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    const operators: Record<'receiver' | 'watcher', { id: number; token: string; client: ApiClient }> = {} as never;
    let chatId: number;

    before(async () => {
      sim = await startTelegramSimulator();
      const token = sim.createBot({ username: 'notes_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: true })).status, 200);
      for (const name of ['receiver', 'watcher'] as const) {
        const email = `${name}@example.com`;
        const created = await admin.post('/api/operators', { name, email, password: `password-${name}` });
        assert.equal(created.status, 201);
        const issued = (await createApiClient(server.url).post('/api/api-token-auth/', { email, password: `password-${name}` })).body.token;
        operators[name] = { id: created.body.id, token: issued, client: createApiClient(server.url, { token: issued }) };
      }
      const customer = sim.createUser({ first_name: 'Noted Customer' });
      sim.sendText(token, { from: customer.id, text: 'hello' });
      chatId = (await eventually(async () => (await admin.get('/api/messages/')).body.results.find((item: any) => item.text === 'hello')))
        .chat_id;
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('the note reaches the receiver live; the queue watcher only sees the chat leave the queue', async () => {
      const receiver = await connectSocket(server.url, { token: operators.receiver.token });
      const watcher = await connectSocket(server.url, { token: operators.watcher.token });
      await Promise.all([receiver.waitFor((frame) => frame.type === 'ready'), watcher.waitFor((frame) => frame.type === 'ready')]);
      const moved = await admin.post(`/api/chats/${chatId}/assign`, {
        operator_id: operators.receiver.id,
        note: 'secret-note: refund agreed',
      });
      assert.equal(moved.status, 200);
      const told = await receiver.waitFor((frame) => frame.type === 'chat_assigned' && frame.chat_id === chatId);
      assert.equal(told.note, 'secret-note: refund agreed');
      // Both events of the move are published together, the receiver's first: once the queue's arrived, a leak would have too.
      const left = await watcher.waitFor((frame) => frame.type === 'chat_assigned' && frame.chat_id === chatId);
      assert.equal(left.note, null);
      assert.ok(!JSON.stringify(watcher.frames).includes('secret-note'), 'the watcher never gets the note');
      await Promise.all([receiver.close(), watcher.close()]);
    });

    test('in REST answers only the receiver and admins read a note; the conversation text never holds it', async () => {
      const history = async (client: ApiClient) =>
        (await client.get(`/api/chats/${chatId}/assignments`)).body.results.map((row: any) => row.note);
      assert.deepEqual(await history(operators.receiver.client), ['secret-note: refund agreed']);
      const back = await operators.receiver.client.post(`/api/chats/${chatId}/assign`, {
        operator_id: null,
        note: 'back-note: call on Monday',
      });
      assert.equal(back.status, 200);
      assert.deepEqual(
        back.body.results.map((row: any) => row.note),
        [null, 'secret-note: refund agreed'],
        'the answer to the one who returned it holds only the note addressed to them',
      );
      assert.deepEqual(await history(operators.watcher.client), [null, null], 'the queue watcher sees the moves, not the notes');
      assert.deepEqual(await history(admin), ['secret-note: refund agreed', 'back-note: call on Monday']);
      const messages = (await operators.watcher.client.get(`/api/messages/by_chat?chat_id=${chatId}`)).body.results;
      // Service lines are a code with parameters (the web renders them in the reader's language).
      assert.ok(
        messages.some(
          (message: any) =>
            message.service?.code === 'assigned' && /receiver/.test(message.service.params.to) && message.service.params.by === 'Admin',
        ),
        JSON.stringify(messages.map((message: any) => message.service)),
      );
      const everything = JSON.stringify(messages);
      assert.ok(!/secret-note|back-note/.test(everything), everything);
      const returned = messages.find((message: any) => message.service?.code === 'returned_to_queue');
      assert.ok(returned && /receiver/.test(returned.service.params.by) && returned.text === '', JSON.stringify(returned));
    });

    test('service lines stored as English sentences before codes existed read as codes after the migration', async () => {
      const db = server.switchboard.database.db;
      const old = [
        'Assigned to Olga by Admin',
        'Assigned to Boris by auto-assignment',
        'Returned to the queue by Olga',
        'Resolved by Admin',
      ];
      for (const text of old)
        await sql`INSERT INTO messages (conversation_id, direction, sender_kind, kind, text) VALUES (${chatId}, 'out', 'system', 'service', ${text})`.execute(
          db,
        );
      // The migration's backfill, run again over the rows just written the old way (the column exists already).
      const migration = fs.readFileSync(new URL('./migrations/0010_service_line_codes.sql', import.meta.url), 'utf8');
      for (const statement of migration.split(/;\s*$/m).filter((part) => /^UPDATE/m.test(part))) await sql.raw(statement).execute(db);
      const results = (await admin.get(`/api/messages/by_chat?chat_id=${chatId}&limit=200`)).body.results;
      const lines = Object.fromEntries(
        results.filter((message: any) => old.includes(message.text)).map((message: any) => [message.text, message.service]),
      );
      assert.deepEqual(lines, {
        'Assigned to Olga by Admin': { code: 'assigned', params: { to: 'Olga', by: 'Admin' } },
        'Assigned to Boris by auto-assignment': { code: 'assigned', params: { to: 'Boris', by: null } },
        'Returned to the queue by Olga': { code: 'returned_to_queue', params: { by: 'Olga' } },
        'Resolved by Admin': { code: 'resolved', params: { by: 'Admin' } },
      });
    });
  });
}
