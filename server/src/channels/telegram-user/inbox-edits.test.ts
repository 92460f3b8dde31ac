// Operators change and delete their own messages from the inbox (PATCH / DELETE /api/messages/:id) through a
// personal account, on the network stub with mtcute's real client: Telegram gets the change, the inbox records
// it at once, other operators see it over the WebSocket, and every refusal is a precise 4xx with nothing changed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { testAdmin, testEngines } from '../../testing/harness.ts';
import { connectSocket, eventually } from '../../testing/ws-client.ts';
import {
  chatMessages,
  connectAccount,
  createStubNetwork,
  startWithTelegramStub,
  type StubbedServer,
} from '../../testing/telegram-user.fixture.ts';

const phone = '+79994440001';

for (const engine of testEngines()) {
  describe(`operators edit and delete their messages through a personal account on ${engine}`, () => {
    const network = createStubNetwork();
    const customer = network.addUser('Zarina');
    let started: StubbedServer;
    let admin: ApiClient;
    let operator: ApiClient;
    let chatId = 0;

    const sendAndWait = async (client: ApiClient, text: string) => {
      const sent = await client.post(`/api/chats/${chatId}/messages`, { text });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      let row: any;
      await eventually(
        async () => (row = (await chatMessages(admin, chatId)).find((each) => each.id === sent.body.id && each.status === 'sent')),
        10_000,
        `“${text}” sent`,
      );
      return row as { id: number; external_message_id: string };
    };
    const atTelegram = (externalId: string) => network.sentTo(phone, customer.id).find((each) => String(each.id) === externalId);

    before(async () => {
      started = await startWithTelegramStub(engine, network);
      admin = await signInWithToken(started.server.url, testAdmin);
      await connectAccount(admin, network, phone, 'Aliya');
      const email = `operator-${Math.random().toString(36).slice(2, 8)}@example.com`;
      assert.equal(
        (await admin.post('/api/operators', { name: 'Op', email, password: 'operator-password-1', role: 'operator' })).status,
        201,
      );
      operator = await signInWithToken(started.server.url, { email, password: 'operator-password-1' });
      network.incoming(phone, customer, 'Do you deliver on Sunday?');
      await eventually(
        async () =>
          (chatId =
            (await admin.get('/api/messages?limit=50')).body.results.find((each: any) => each.text === 'Do you deliver on Sunday?')
              ?.chat_id ?? 0),
        10_000,
        'the customer’s message',
      );
    });
    after(async () => {
      await started?.server.stop();
    });

    test('an edit reaches Telegram, is recorded with its history and pushed to other operators; the echo does not double it', async () => {
      const mine = await sendAndWait(operator, 'Yes, from 10 to 18.');
      const { body: login } = await createApiClient(started.server.url).post('/api/api-token-auth/', testAdmin);
      const socket = await connectSocket(started.server.url, { token: login.token });
      await socket.waitFor((frame) => frame.type === 'ready');
      const edited = await operator.patch(`/api/messages/${mine.id}`, { text: 'Yes, from 10 to 20.' });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.text, 'Yes, from 10 to 20.');
      assert.ok(edited.body.edited_at);
      assert.deepEqual(
        edited.body.edit_history.map((each: any) => each.text),
        ['Yes, from 10 to 18.'],
      );
      assert.equal(atTelegram(mine.external_message_id)?.message, 'Yes, from 10 to 20.');
      const frame = await socket.waitFor((each) => each.type === 'message_updated' && each.message.id === mine.id);
      assert.equal(frame.message.text, 'Yes, from 10 to 20.');
      await socket.close();
      await started.module.drained((await admin.get(`/api/chats/${chatId}`)).body.channel.id);
      const stored = (await chatMessages(admin, chatId)).find((each) => each.id === mine.id);
      assert.equal(stored.edit_history.length, 1, 'Telegram’s echo of the edit is not a second edit');
    });

    test('a delete removes the message at Telegram for both sides and marks it deleted; then it can be neither changed nor deleted', async () => {
      const mine = await sendAndWait(operator, 'Wrong chat, sorry');
      const { body: login } = await createApiClient(started.server.url).post('/api/api-token-auth/', testAdmin);
      const socket = await connectSocket(started.server.url, { token: login.token });
      await socket.waitFor((frame) => frame.type === 'ready');
      const deleted = await operator.delete(`/api/messages/${mine.id}`);
      assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
      assert.ok(deleted.body.deleted_at);
      assert.equal(atTelegram(mine.external_message_id), undefined);
      await socket.waitFor((each) => each.type === 'message_updated' && each.message.id === mine.id && each.message.deleted_at);
      await socket.close();
      const again = await operator.delete(`/api/messages/${mine.id}`);
      assert.deepEqual([again.status, again.body.error.code], [409, 'message_not_editable']);
      const edit = await operator.patch(`/api/messages/${mine.id}`, { text: 'x' });
      assert.deepEqual([edit.status, edit.body.error.code], [409, 'message_not_editable']);
    });

    test('refusals: a customer’s message, someone else’s, an empty or too long text, Telegram’s refusal and its flood wait', async () => {
      const incoming = (await chatMessages(admin, chatId)).find((each) => each.text === 'Do you deliver on Sunday?');
      const theirs = await operator.patch(`/api/messages/${incoming.id}`, { text: 'x' });
      assert.deepEqual([theirs.status, theirs.body.error.code], [409, 'message_not_editable']);

      const adminsMessage = await sendAndWait(admin, 'Manager here.');
      const notMine = await operator.patch(`/api/messages/${adminsMessage.id}`, { text: 'x' });
      assert.deepEqual([notMine.status, notMine.body.error.code], [403, 'forbidden']);
      assert.equal((await operator.delete(`/api/messages/${adminsMessage.id}`)).status, 403);

      const mine = await sendAndWait(operator, 'Total: 500');
      const empty = await operator.patch(`/api/messages/${mine.id}`, { text: '  ' });
      assert.deepEqual([empty.status, empty.body.error.code], [422, 'empty_text']);
      const long = await operator.patch(`/api/messages/${mine.id}`, { text: 'я'.repeat(4097) });
      assert.deepEqual([long.status, long.body.error.code], [422, 'text_too_long']);

      network.failNext('messages.editMessage', 'MESSAGE_EDIT_TIME_EXPIRED');
      const expired = await operator.patch(`/api/messages/${mine.id}`, { text: 'Total: 450' });
      assert.deepEqual([expired.status, expired.body.error.code], [422, 'edit_refused']);
      assert.match(expired.body.error.message, /MESSAGE_EDIT_TIME_EXPIRED/);
      network.failNext('messages.editMessage', 'FLOOD_WAIT_30');
      const flood = await operator.patch(`/api/messages/${mine.id}`, { text: 'Total: 450' });
      assert.deepEqual([flood.status, flood.body.error.code], [429, 'send_limited']);
      assert.match(flood.body.error.message, /wait 30 s/);
      const stored = (await chatMessages(admin, chatId)).find((each) => each.id === mine.id);
      assert.deepEqual([stored.text, stored.edited_at], ['Total: 500', null], 'nothing changed');
      assert.equal(atTelegram(mine.external_message_id)?.message, 'Total: 500');
      assert.equal((await operator.patch('/api/messages/999999', { text: 'x' })).status, 404);
      assert.equal((await operator.patch(`/api/messages/${mine.id}`, {})).status, 400);
    });
  });
}
