// Unread is per operator: one operator opening a chat leaves it unread for the others (issue 25).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { connectSocket, eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`unread per operator on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    const operators: Record<'a' | 'b', { client: ApiClient; token: string }> = {} as never;
    let token: string;

    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'shared_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
      // Both operators see the unassigned queue, so both see the same conversation.
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: true })).status, 200);
      for (const name of ['a', 'b'] as const) {
        const credentials = { email: `${name}@example.com`, password: `password-${name}-1` };
        assert.equal((await admin.post('/api/operators', { name: `Operator ${name}`, ...credentials, max_chats: 5 })).status, 201);
        operators[name] = {
          client: await signInWithToken(server.url, credentials),
          token: (await createApiClient(server.url).post('/api/api-token-auth/', credentials)).body.token,
        };
      }
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('one operator reading a chat clears it for them alone: list, filter, one chat, contact page, summary and WebSocket', async () => {
      const a = operators.a.client;
      const b = operators.b.client;
      const socketA = await connectSocket(server.url, { token: operators.a.token });
      const socketB = await connectSocket(server.url, { token: operators.b.token });
      await Promise.all([socketA.waitFor((frame) => frame.type === 'ready'), socketB.waitFor((frame) => frame.type === 'ready')]);

      const customer = sim.createUser({ first_name: 'Dana' });
      sim.sendText(token, { from: customer.id, text: 'first' });
      sim.sendText(token, { from: customer.id, text: 'second' });
      const chat = await eventually(async () => {
        const found = (await a.get('/api/chats')).body.results.find((item: any) => item.last_message?.text === 'second');
        return found;
      });
      assert.equal(chat.unread_count, 2);
      // A frame sent to the whole team carries no count: it would be someone's, not the reader's.
      const frame = await socketB.waitFor((item) => item.type === 'new_message' && item.message.text === 'second');
      assert.equal(frame.chat.unread_count, undefined);

      assert.equal((await a.post(`/api/chats/${chat.id}/read`)).status, 200);
      const readFrame = await socketA.waitFor((item) => item.type === 'chat_updated' && item.chat.id === chat.id);
      assert.equal(readFrame.chat.unread_count, 0);

      assert.equal((await a.get(`/api/chats/${chat.id}`)).body.unread_count, 0);
      assert.equal((await b.get(`/api/chats/${chat.id}`)).body.unread_count, 2, "A's reading leaves B's count alone");
      assert.equal((await admin.get(`/api/chats/${chat.id}`)).body.unread_count, 2);
      const unreadIds = async (client: ApiClient) =>
        (await client.get('/api/chats?filter=unread')).body.results.map((item: any) => item.id) as number[];
      assert.deepEqual(await unreadIds(a), []);
      assert.deepEqual(await unreadIds(b), [chat.id]);
      assert.deepEqual((await a.get('/api/chats/unread')).body, { unread_chats: 0, unread_messages: 0 });
      assert.deepEqual((await b.get('/api/chats/unread')).body, { unread_chats: 1, unread_messages: 2 });
      const contactOf = async (client: ApiClient) =>
        (await client.get(`/api/contacts/${chat.contact.id}`)).body.conversations[0].unread_count;
      assert.equal(await contactOf(a), 0);
      assert.equal(await contactOf(b), 2);

      // A third message counts for both; the events arrive in order, so B's socket seeing it after A's
      // read proves B was never sent A's read.
      sim.sendText(token, { from: customer.id, text: 'third' });
      await socketB.waitFor((item) => item.type === 'new_message' && item.message.text === 'third');
      assert.equal(
        socketB.frames.some((item) => item.type === 'chat_updated' && item.chat.id === chat.id),
        false,
        "B's tabs never hear of A's read",
      );
      assert.equal((await a.get(`/api/chats/${chat.id}`)).body.unread_count, 1);
      assert.equal((await b.get(`/api/chats/${chat.id}`)).body.unread_count, 3);
      assert.deepEqual((await b.get('/api/chats/unread')).body, { unread_chats: 1, unread_messages: 3 });

      // B reads; A's single unread message is still A's.
      assert.equal((await b.post(`/api/chats/${chat.id}/read`)).status, 200);
      assert.equal((await b.get(`/api/chats/${chat.id}`)).body.unread_count, 0);
      assert.equal((await a.get(`/api/chats/${chat.id}`)).body.unread_count, 1);
      assert.deepEqual((await a.get('/api/chats/unread')).body, { unread_chats: 1, unread_messages: 1 });
      await socketA.close();
      await socketB.close();
    });

    test('the summary counts only conversations the operator may see', async () => {
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false })).status, 200);
      try {
        assert.deepEqual((await operators.b.client.get('/api/chats/unread')).body, { unread_chats: 0, unread_messages: 0 });
        assert.ok((await admin.get('/api/chats/unread')).body.unread_chats >= 1);
      } finally {
        assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: true })).status, 200);
      }
    });
  });
}
