// Reactions and read receipts through a personal account, on the network stub with mtcute's real client: the
// customer's reaction (updateMessageReactions) shows under the message and goes when taken back; an operator's
// goes out with messages.sendReaction and shows as the account's; the customer reading (updateReadHistoryOutbox)
// turns every earlier sent message's tick "read"; Telegram's refusal is a 422 with nothing recorded.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { testAdmin, testEngines } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import {
  chatMessages,
  connectAccount,
  createStubNetwork,
  startWithTelegramStub,
  type StubbedServer,
} from '../../testing/telegram-user.fixture.ts';

const phone = '+79994440077';
const wait = 60_000; // generous under load; every wait ends at the event

for (const engine of testEngines()) {
  describe(`reactions and read receipts through a personal account on ${engine}`, () => {
    const network = createStubNetwork();
    const customer = network.addUser('Kamila');
    let started: StubbedServer;
    let admin: ApiClient;
    let chatId = 0;

    before(async () => {
      started = await startWithTelegramStub(engine, network);
      admin = await signInWithToken(started.server.url, testAdmin);
      await connectAccount(admin, network, phone, 'Aliya');
      network.incoming(phone, customer, 'Is the blue one in stock?');
      await eventually(
        async () =>
          (chatId =
            (await admin.get('/api/messages?limit=50')).body.results.find((each: any) => each.text === 'Is the blue one in stock?')
              ?.chat_id ?? 0),
        wait,
        'the customer’s message',
      );
    });
    after(async () => {
      await started?.server.stop();
    });

    const sendAndWait = async (text: string) => {
      const sent = await admin.post(`/api/chats/${chatId}/messages`, { text });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      let row: any;
      await eventually(
        async () => (row = (await chatMessages(admin, chatId)).find((each) => each.id === sent.body.id && each.status === 'sent')),
        wait,
        `“${text}” sent`,
      );
      return row as { id: number; external_message_id: string };
    };

    test('the customer reads: every sent message up to the one read turns read, a later one stays sent', async () => {
      const first = await sendAndWait('Yes, two left.');
      const second = await sendAndWait('Shall I keep one?');
      network.readOutbox(phone, customer, Number(second.external_message_id));
      await eventually(
        async () => {
          const rows = await chatMessages(admin, chatId);
          return [first, second].every((sent) => rows.find((each) => each.id === sent.id)?.status === 'read');
        },
        wait,
        'both read',
      );
      const later = await sendAndWait('Reply when you can.');
      const rows = await chatMessages(admin, chatId);
      assert.equal(rows.find((each) => each.id === later.id)?.status, 'sent');
    });

    test('reactions both ways, and a refused one', async () => {
      const answer = await sendAndWait('It ships tomorrow.');
      network.react(phone, Number(answer.external_message_id), ['👍']);
      const reacted = await eventually(
        async () => (await chatMessages(admin, chatId)).find((each) => each.id === answer.id && each.reactions?.length > 0),
        wait,
        'the customer’s reaction',
      );
      assert.deepEqual(
        reacted.reactions.map((each: any) => [each.emoji, each.by]),
        [['👍', 'client']],
      );

      const incoming = (await chatMessages(admin, chatId)).find((each) => each.text === 'Is the blue one in stock?')!;
      const operator = await admin.put(`/api/messages/${incoming.id}/reactions`, { emojis: ['🔥'] });
      assert.equal(operator.status, 200, JSON.stringify(operator.body));
      assert.deepEqual(
        operator.body.reactions.map((each: any) => [each.emoji, each.by]),
        [['🔥', 'account']],
      );
      assert.deepEqual(network.ownReactions(phone, Number(incoming.external_message_id)), ['🔥']);

      const refused = await admin.put(`/api/messages/${incoming.id}/reactions`, { emojis: ['🦜'] });
      assert.deepEqual([refused.status, refused.body.error.code], [422, 'reaction_refused'], JSON.stringify(refused.body));
      assert.match(refused.body.error.message, /REACTION_INVALID/);
      assert.deepEqual(network.ownReactions(phone, Number(incoming.external_message_id)), ['🔥']);

      network.react(phone, Number(answer.external_message_id), []);
      await eventually(
        async () => (await chatMessages(admin, chatId)).find((each) => each.id === answer.id && each.reactions?.length === 0),
        wait,
        'the reaction taken back',
      );
      // The account's own reaction, echoed back through intake, is still the one the operator set.
      const stillMine = (await chatMessages(admin, chatId)).find((each) => each.id === incoming.id)!;
      assert.deepEqual(
        stillMine.reactions.map((each: any) => [each.emoji, each.by]),
        [['🔥', 'account']],
      );
    });
  });
}
