// Telegram Business end to end through the Bot API simulator: a connection becomes a sub-account of the
// bot, its chats conversations of their own, operators answer as the account while it allows replies.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { connectSocket, eventually } from '../../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`Telegram Business on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    let accountId: number;

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'secretary_bot', can_connect_to_business: true }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
      const created = await admin.post('/api/accounts/', { name: 'Secretary', bot_token: token, intake_mode: 'polling' });
      assert.equal(created.status, 201);
      accountId = created.body.id;
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    const subAccount = (id: string, state?: string) =>
      eventually(async () => {
        const found = (await admin.get(`/api/accounts/${accountId}/sub-accounts`)).body.results.find((sub: any) => sub.id === id);
        return found && (state === undefined || found.state === state) ? found : undefined;
      });
    const messageOf = (chatId: number, predicate: (message: any) => boolean) =>
      eventually(async () => (await admin.get(`/api/messages/by_chat?chat_id=${chatId}`)).body.results.find(predicate));
    const journalDone = (updateId: number) =>
      eventually(
        async () =>
          (
            await sql<{ state: string }>`SELECT state FROM intake_journal WHERE event_id = ${String(updateId)}`.execute(
              server.switchboard.database.db,
            )
          ).rows[0]?.state === 'done',
      );

    test('connection → sub-account; business chat → conversation; reply as the account; edits, deletions; pause refuses', async () => {
      const owner = sim.createUser({ first_name: 'Olga', last_name: 'Shop', username: 'olga_shop' });
      const customer = sim.createUser({ first_name: 'Ivan' });
      const connection = sim.connectBusiness(token, { user: owner.id });
      const sub = await subAccount(connection.id);
      assert.equal(sub.name, 'Olga Shop');
      assert.deepEqual(sub.owner, { external_id: String(owner.id), name: 'Olga Shop', username: 'olga_shop' });
      assert.deepEqual(sub.rights, { can_reply: true, can_read_messages: true });
      assert.equal(sub.state, 'active');
      assert.equal(sub.can_reply, true);

      const first = sim.sendBusinessText(token, { connection: connection.id, from: customer.id, text: 'Do you deliver?' });
      const chat = await eventually(async () =>
        (await admin.get('/api/chats/')).body.results.find((each: any) => each.last_message?.text === 'Do you deliver?'),
      );
      assert.equal(chat.channel.id, accountId);
      assert.equal(chat.title, 'Ivan');
      assert.equal(chat.contact.first_name, 'Ivan', 'the customer is the contact, not the owner');
      // "typing…" goes through the connection: Ivan never wrote to the bot itself, so without it Telegram says "chat not found".
      assert.equal((await admin.post(`/api/chats/${chat.id}/typing`, {})).body.sent, true);
      await eventually(async () => sim.chatActions(token, customer.id).includes('typing'));
      // The same person writing to the bot itself is another conversation.
      sim.sendText(token, { from: customer.id, text: 'hello bot' });
      const own = await eventually(async () =>
        (await admin.get('/api/chats/')).body.results.find((each: any) => each.last_message?.text === 'hello bot'),
      );
      assert.notEqual(own.id, chat.id);
      assert.equal(own.contact.id, chat.contact.id, 'one contact for both');
      assert.equal((await admin.get(`/api/chats/${own.id}/reply-status`)).body.can_reply, true);
      const status = (await admin.get(`/api/chats/${chat.id}/reply-status`)).body;
      assert.deepEqual(status, { can_reply: true, code: null, reason: null, via: { id: connection.id, name: 'Olga Shop' }, until: null });

      // The owner answering from their phone is the account speaking, not the customer.
      sim.sendBusinessText(token, { connection: connection.id, from: owner.id, chat: customer.id, text: 'Yes, tomorrow' });
      const ownMessage = await messageOf(chat.id, (message) => message.text === 'Yes, tomorrow');
      assert.equal(ownMessage.direction, 'out');
      assert.equal(ownMessage.sender_name, 'Olga Shop');

      const reply = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'We deliver from 10 to 18' });
      assert.equal(reply.status, 201);
      const received = await sim.waitForSent(token, customer.id, (message) => message.text === 'We deliver from 10 to 18', 10_000);
      assert.equal(received.business_connection_id, connection.id);
      assert.equal(received.message.from?.id, owner.id, 'sent as the account');
      const sent = await messageOf(chat.id, (message) => message.id === reply.body.id && message.status === 'sent');
      assert.equal(sent.external_message_id, String(received.message_id));

      sim.editBusinessMessage(token, {
        connection: connection.id,
        from: customer.id,
        message_id: first.business_message!.message_id,
        text: 'Do you deliver today?',
      });
      const edited = await messageOf(chat.id, (message) => message.text === 'Do you deliver today?');
      assert.deepEqual(
        edited.edit_history.map((entry: any) => entry.text),
        ['Do you deliver?'],
      );
      sim.deleteBusinessMessages(token, {
        connection: connection.id,
        chat: customer.id,
        message_ids: [first.business_message!.message_id],
      });
      const deleted = await messageOf(chat.id, (message) => message.id === edited.id && message.deleted_at !== null);
      assert.equal(deleted.text, 'Do you deliver today?', 'kept for the record');

      // The owner pauses the bot: the account says so, the composer is told why, a reply is refused before it is written.
      // Open conversations hear it live: a reply_status_changed for the account on every staff socket.
      const apiToken = (await createApiClient(server.url).post('/api/api-token-auth/', testAdmin)).body.token;
      const socket = await connectSocket(server.url, { token: apiToken });
      sim.updateBusinessConnection(token, connection.id, { is_enabled: false });
      const heard = await socket.waitFor((frame) => frame.type === 'reply_status_changed');
      assert.equal(heard.account_id, accountId);
      // Announced after the state was kept: the re-read it prompts sees the pause.
      assert.equal((await admin.get(`/api/chats/${chat.id}/reply-status`)).body.can_reply, false);
      const paused = await subAccount(connection.id, 'disabled');
      assert.equal(paused.can_reply, false);
      assert.equal(paused.code, 'business_disabled');
      assert.match(paused.reason, /paused the bot/);
      const pausedStatus = (await admin.get(`/api/chats/${chat.id}/reply-status`)).body;
      assert.equal(pausedStatus.can_reply, false);
      assert.equal(pausedStatus.code, 'business_disabled');
      const refused = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'are you there?' });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'cannot_reply');
      assert.match(refused.body.error.message, /paused the bot/);
      const outgoing = (await admin.get(`/api/messages/by_chat?chat_id=${chat.id}`)).body.results.filter(
        (message: any) => message.direction === 'out',
      );
      assert.equal(outgoing.length, 2, 'nothing was written for the refused reply');

      // Through a paused connection: a message Telegram dates after the pause is journaled and processed but not
      // recorded; one sent before the pause and delivered late is still kept.
      const afterPause = sim.injectUpdate(token, {
        business_message: {
          ...first.business_message!,
          message_id: 99,
          date: Math.ceil(Date.now() / 1000) + 1,
          text: 'dated after the pause',
        },
      });
      const beforePause = sim.injectUpdate(token, {
        business_message: { ...first.business_message!, message_id: 98, text: 'sent before the pause' },
      });
      await journalDone(afterPause.update_id);
      await journalDone(beforePause.update_id);
      const texts = (await admin.get(`/api/messages/by_chat?chat_id=${chat.id}`)).body.results.map((message: any) => message.text);
      assert.ok(!texts.includes('dated after the pause'));
      assert.ok(texts.includes('sent before the pause'));

      // Read-only: enabled again without the right to reply.
      sim.updateBusinessConnection(token, connection.id, { is_enabled: true, rights: { can_read_messages: true } });
      const statusChanges = () => socket.frames.filter((frame) => frame.type === 'reply_status_changed').length;
      await socket.waitFor(() => statusChanges() >= 2);
      const readOnly = await subAccount(connection.id, 'active');
      assert.equal(readOnly.can_reply, false);
      assert.equal(readOnly.code, 'business_no_reply_right');
      assert.equal((await admin.post(`/api/chats/${chat.id}/messages`, { text: 'x' })).status, 409);

      // The owner writes first, from their phone, to someone new: a conversation with that person, shown as the account's message.
      const lead = sim.createUser({ first_name: 'Lena', username: 'lena_lead' });
      sim.sendBusinessText(token, { connection: connection.id, from: owner.id, chat: lead.id, text: 'Your order is ready' });
      const leadChat = await eventually(async () =>
        (await admin.get('/api/chats/')).body.results.find((each: any) => each.last_message?.text === 'Your order is ready'),
      );
      assert.equal(leadChat.contact.first_name, 'Lena');
      assert.equal(leadChat.contact.username, 'lena_lead');
      assert.equal(leadChat.last_message.direction, 'out');

      const before = statusChanges();
      sim.updateBusinessConnection(token, connection.id, { rights: { can_reply: true } });
      await socket.waitFor(() => statusChanges() > before);
      assert.equal((await admin.get(`/api/chats/${chat.id}/reply-status`)).body.can_reply, true);
      await socket.close();
      assert.equal((await admin.post(`/api/chats/${chat.id}/messages`, { text: 'back again' })).status, 201);
      await sim.waitForSent(token, customer.id, (message) => message.text === 'back again', 10_000);
    });

    test('a connection removed while we did not know: the send fails with the reason and the account shows it revoked', async () => {
      const owner = sim.createUser({ first_name: 'Anna' });
      const customer = sim.createUser({ first_name: 'Petr' });
      const connection = sim.connectBusiness(token, { user: owner.id });
      sim.sendBusinessText(token, { connection: connection.id, from: customer.id, text: 'price?' });
      const chat = await eventually(async () =>
        (await admin.get('/api/chats/')).body.results.find((each: any) => each.last_message?.text === 'price?'),
      );
      // Stop reading updates, so the removal reaches us only through Telegram's refusal.
      assert.equal((await admin.patch(`/api/accounts/${accountId}`, { intake_mode: 'forwarded' })).status, 200);
      sim.revokeBusinessConnection(token, connection.id);
      const reply = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'still here?' });
      assert.equal(reply.status, 201);
      const failed = await messageOf(chat.id, (message) => message.id === reply.body.id && message.status === 'failed');
      assert.match(failed.status_reason, /disconnected the bot/);
      assert.match(failed.status_reason, /business connection not found/);
      const revoked = await subAccount(connection.id, 'revoked');
      assert.equal(revoked.code, 'business_revoked');
      const status = (await admin.get(`/api/chats/${chat.id}/reply-status`)).body;
      assert.equal(status.code, 'business_revoked');
      assert.equal((await admin.get('/api/accounts/999999/sub-accounts')).status, 404);
      assert.equal((await admin.patch(`/api/accounts/${accountId}`, { intake_mode: 'polling' })).status, 200);
    });
  });
}
