import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { connectSocket, eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`messages out on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'reply_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('a reply reaches the simulated user; its status turns to sent over the WebSocket', async () => {
      const user = sim.createUser({ first_name: 'Reply' });
      const update = sim.sendText(token, { from: user.id, text: 'Сколько стоит стрижка?' });
      const incoming = await eventually(async () =>
        (await admin.get('/api/messages/')).body.results.find(
          (message: any) => message.external_message_id === String(update.message!.message_id) && message.text === 'Сколько стоит стрижка?',
        ),
      );
      const { body: login } = await createApiClient(server.url).post('/api/api-token-auth/', testAdmin);
      const socket = await connectSocket(server.url, { token: login.token });
      await socket.waitFor((frame) => frame.type === 'ready');
      const sent = await admin.post(`/api/messages/${incoming.id}/reply`, { text: 'Стрижка — 5 000 ₸. Записать вас?' });
      assert.equal(sent.status, 201);
      assert.equal(sent.body.status, 'queued');
      assert.equal(sent.body.sender_type, 'admin');
      const received = await sim.waitForSent(token, user.id, (message) => message.text === 'Стрижка — 5 000 ₸. Записать вас?', 10_000);
      assert.equal(received.reply_to_message_id, update.message!.message_id, 'the reply quotes the customer message');
      const status = await socket.waitFor(
        (frame) => frame.type === 'message_status' && frame.message.id === sent.body.id && frame.message.status === 'sent',
      );
      assert.equal(status.message.external_message_id, String(received.message_id));
      const history = await admin.get(`/api/messages/by_chat?chat_id=${incoming.chat_id}`);
      assert.equal(history.body.results[0].status, 'sent');
      await socket.close();

      const viaChat = await admin.post(`/api/chats/${incoming.chat_id}/messages`, { text: 'second' });
      assert.equal(viaChat.status, 201);
      await sim.waitForSent(token, user.id, (message) => message.text === 'second', 10_000);
      const chat = (await admin.get(`/api/chats/${incoming.chat_id}`)).body;
      const viaSeed = await admin.post('/api/messengers/telegram/messages', {
        client_id: chat.contact.id,
        text: 'third, through seed 000',
      });
      assert.equal(viaSeed.status, 201);
      await sim.waitForSent(token, user.id, (message) => message.text === 'third, through seed 000', 10_000);
    });

    test('text over 4,096 characters or empty is refused with 422 and nothing is queued', async () => {
      const user = sim.createUser({ first_name: 'Long' });
      sim.sendText(token, { from: user.id, text: 'hi' });
      const incoming = await eventually(async () =>
        (await admin.get('/api/messages/')).body.results.find((message: any) => message.sender_name === 'Long'),
      );
      const long = await admin.post(`/api/chats/${incoming.chat_id}/messages`, { text: 'я'.repeat(4097) });
      assert.equal(long.status, 422);
      assert.match(long.body.error.message, /4097 characters; Telegram allows 4096/);
      assert.equal((await admin.post(`/api/chats/${incoming.chat_id}/messages`, { text: '   ' })).status, 422);
      assert.equal((await admin.post(`/api/chats/${incoming.chat_id}/messages`, { text: 'я'.repeat(4096) })).status, 201);
      const history = await admin.get(`/api/messages/by_chat?chat_id=${incoming.chat_id}`);
      assert.equal(history.body.results.filter((message: any) => message.direction === 'out').length, 1);
      assert.equal((await admin.post('/api/chats/999999/messages', { text: 'x' })).status, 404);
    });

    test('a customer who blocked the bot: failed with the reason, unreachable for that bot only, and retry works after unblocking', async () => {
      const other = sim.createBot({ username: 'other_bot' });
      assert.equal((await admin.post('/api/accounts/', { name: 'Other', bot_token: other.token, intake_mode: 'polling' })).status, 201);
      const user = sim.createUser({ first_name: 'Blocker' });
      sim.sendText(token, { from: user.id, text: 'to the first bot' });
      sim.sendText(other.token, { from: user.id, text: 'to the other bot' });
      const first = await eventually(async () =>
        (await admin.get('/api/messages/')).body.results.find((message: any) => message.text === 'to the first bot'),
      );
      const second = await eventually(async () =>
        (await admin.get('/api/messages/')).body.results.find((message: any) => message.text === 'to the other bot'),
      );
      sim.blockBot(token, user.id);
      const reply = await admin.post(`/api/chats/${first.chat_id}/messages`, { text: 'are you there?' });
      const failed = await eventually(async () =>
        (await admin.get(`/api/messages/by_chat?chat_id=${first.chat_id}`)).body.results.find(
          (message: any) => message.id === reply.body.id && message.status === 'failed',
        ),
      );
      assert.equal(failed.status_reason, 'Forbidden: bot was blocked by the user');
      const toOther = await admin.post(`/api/chats/${second.chat_id}/messages`, { text: 'the other bot still reaches you' });
      await sim.waitForSent(other.token, user.id, (message) => message.text === 'the other bot still reaches you', 10_000);
      assert.equal(toOther.status, 201);
      const reachability = await server.switchboard.database.db.selectFrom('contact_reachability').selectAll().execute();
      assert.deepEqual(
        reachability.map((row) => row.reachable),
        [false],
        'only the blocked bot is marked unreachable',
      );
      assert.equal((await admin.post(`/api/messages/${toOther.body.id}/retry`)).status, 409, 'a sent message is not retried');
      sim.unblockBot(token, user.id);
      const retried = await admin.post(`/api/messages/${reply.body.id}/retry`);
      assert.equal(retried.status, 200);
      assert.ok(['queued', 'sent'].includes(retried.body.status), 'back in the queue (or already delivered)');
      await sim.waitForSent(token, user.id, (message) => message.text === 'are you there?', 10_000);
      await eventually(async () =>
        (await admin.get(`/api/messages/by_chat?chat_id=${first.chat_id}`)).body.results.find(
          (message: any) => message.id === reply.body.id && message.status === 'sent',
        ),
      );
    });
  });
}
