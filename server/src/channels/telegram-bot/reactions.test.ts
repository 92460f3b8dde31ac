// Reactions through a bot, end to end on the Bot API simulator: a customer's reaction (message_reaction, which the
// bot asks for by name) shows under the message, a taken-back one goes; an operator's reaction goes out with
// setMessageReaction and shows as the account's; Telegram's refusals come back as 422 that say what to do.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';

const wait = 60_000; // generous under load; every wait ends at the event

for (const engine of testEngines()) {
  describe(`reactions through a bot, on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'reaction_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    const messagesOf = async (chatId: number) => (await admin.get(`/api/messages/by_chat?chat_id=${chatId}`)).body.results as any[];

    test('a customer reacts and takes it back; an operator reacts as the account', async () => {
      const user = sim.createUser({ first_name: 'Rita' });
      const update = sim.sendText(token, { from: user.id, text: 'react to me' });
      const incoming = await eventually(
        async () => (await admin.get('/api/messages/')).body.results.find((message: any) => message.text === 'react to me'),
        wait,
      );
      const sent = await admin.post(`/api/chats/${incoming.chat_id}/messages`, { text: 'our answer' });
      assert.equal(sent.status, 201);
      const answer = await eventually(
        async () => (await messagesOf(incoming.chat_id)).find((message) => message.id === sent.body.id && message.status === 'sent'),
        wait,
      );

      sim.reactToMessage(token, { from: user.id, message_id: Number(answer.external_message_id), emoji: ['👍'] });
      const reacted = await eventually(
        async () => (await messagesOf(incoming.chat_id)).find((message) => message.id === answer.id && message.reactions.length > 0),
        wait,
      );
      assert.deepEqual(
        reacted.reactions.map((reaction: any) => [reaction.emoji, reaction.by, reaction.name]),
        [['👍', 'client', 'Rita']],
      );

      const operator = await admin.put(`/api/messages/${incoming.id}/reactions`, { emojis: ['🔥'] });
      assert.equal(operator.status, 200);
      assert.deepEqual(
        operator.body.reactions.map((reaction: any) => [reaction.emoji, reaction.by]),
        [['🔥', 'account']],
      );
      assert.deepEqual(sim.botReactions(token, user.id, update.message!.message_id), ['🔥']);

      sim.reactToMessage(token, { from: user.id, message_id: Number(answer.external_message_id), emoji: [] });
      await eventually(
        async () => (await messagesOf(incoming.chat_id)).find((message) => message.id === answer.id && message.reactions.length === 0),
        wait,
      );
      const cleared = await admin.put(`/api/messages/${incoming.id}/reactions`, { emojis: [] });
      assert.deepEqual([cleared.status, cleared.body.reactions], [200, []]);
      assert.deepEqual(sim.botReactions(token, user.id, update.message!.message_id), []);
    });

    test('Telegram’s refusals and bad input: precise 4xx, nothing recorded', async () => {
      const user = sim.createUser({ first_name: 'Refused' });
      sim.sendText(token, { from: user.id, text: 'no parrots' });
      const incoming = await eventually(
        async () => (await admin.get('/api/messages/')).body.results.find((message: any) => message.text === 'no parrots'),
        wait,
      );
      const parrot = await admin.put(`/api/messages/${incoming.id}/reactions`, { emojis: ['🦜'] });
      assert.deepEqual([parrot.status, parrot.body.error.code], [422, 'reaction_refused']);
      assert.match(parrot.body.error.message, /REACTION_INVALID/);
      const two = await admin.put(`/api/messages/${incoming.id}/reactions`, { emojis: ['👍', '🔥'] });
      assert.deepEqual([two.status, two.body.error.code], [422, 'reaction_refused']);
      assert.match(two.body.error.message, /REACTIONS_TOO_MANY/);
      const shapeless = await admin.put(`/api/messages/${incoming.id}/reactions`, { emojis: 'x' });
      assert.equal(shapeless.status, 400);
      const missing = await admin.put('/api/messages/999999999/reactions', { emojis: ['👍'] });
      assert.equal(missing.status, 404);
      const stored = (await messagesOf(incoming.chat_id)).find((message) => message.id === incoming.id);
      assert.deepEqual(stored.reactions, []);
      assert.deepEqual(sim.botReactions(token, user.id, incoming.external_message_id), []);
    });
  });
}
