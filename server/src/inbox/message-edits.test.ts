// The Telegram bot on the Bot API simulator: it has the optional editMessage op (editMessageText) but no
// deleteMessages. PATCH /api/messages/:id changes the operator's sent message in Telegram and in the inbox;
// DELETE refuses with 422 saying the messenger cannot, and nothing changes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`editing and deleting a bot’s sent message on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'edit_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('a bot’s sent message: edited in Telegram and the inbox; deleting is 422 cannot_delete', async () => {
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
      assert.equal(edit.status, 200, JSON.stringify(edit.body));
      const inTelegram = sim.sentMessages(token, user.id).find((message) => message.edits.length > 0);
      assert.deepEqual([inTelegram?.text, inTelegram?.edits.map((each) => each.method)], ['changed', ['editMessageText']]);
      const remove = await admin.delete(`/api/messages/${sent.body.id}`);
      assert.deepEqual([remove.status, remove.body.error.code], [422, 'cannot_delete']);
      const stored = (await admin.get(`/api/messages/by_chat?chat_id=${incoming.chat_id}`)).body.results.find(
        (message: any) => message.id === sent.body.id,
      );
      assert.equal(stored.text, 'changed');
      assert.ok(stored.edited_at, 'the inbox recorded the edit');
      assert.equal(stored.deleted_at, null);
    });
  });
}
