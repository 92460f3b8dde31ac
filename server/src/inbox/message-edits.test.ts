// A channel without the optional editMessage / deleteMessages ops (the Telegram bot, on the Bot API simulator):
// PATCH / DELETE /api/messages/:id refuse with 422 saying the messenger cannot, and nothing changes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`editing a sent message where the channel cannot, on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'no_edit_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('a bot’s sent message: 422 cannot_edit / cannot_delete, the message unchanged', async () => {
      const user = sim.createUser({ first_name: 'Edit' });
      sim.sendText(token, { from: user.id, text: 'hello bot' });
      const incoming = await eventually(async () =>
        (await admin.get('/api/messages/')).body.results.find((message: any) => message.text === 'hello bot'),
      );
      const sent = await admin.post(`/api/chats/${incoming.chat_id}/messages`, { text: 'hello customer' });
      assert.equal(sent.status, 201);
      await eventually(async () =>
        (await admin.get(`/api/messages/by_chat?chat_id=${incoming.chat_id}`)).body.results.find(
          (message: any) => message.id === sent.body.id && message.status === 'sent',
        ),
      );
      const edit = await admin.patch(`/api/messages/${sent.body.id}`, { text: 'changed' });
      assert.deepEqual([edit.status, edit.body.error.code], [422, 'cannot_edit']);
      assert.match(edit.body.error.message, /cannot change a sent message/);
      const remove = await admin.delete(`/api/messages/${sent.body.id}`);
      assert.deepEqual([remove.status, remove.body.error.code], [422, 'cannot_delete']);
      const stored = (await admin.get(`/api/messages/by_chat?chat_id=${incoming.chat_id}`)).body.results.find(
        (message: any) => message.id === sent.body.id,
      );
      assert.deepEqual([stored.text, stored.edited_at, stored.deleted_at], ['hello customer', null, null]);
    });
  });
}
