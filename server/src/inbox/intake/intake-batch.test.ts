// A chat's waiting updates are recorded together, in one transaction: the
// result must be what recording them one by one gives — order, counters,
// profile changes, a block and its lifting, edits, events in seq order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { connectSocket, eventually } from '../../testing/ws-client.ts';
import type { InboundChat } from '../../channels/channel.ts';
import { inboxTables } from '../tables.ts';
import { bulkUpsertConversations } from './record-sql.ts';

const date = 1_750_000_000;
type TelegramUser = { id: number; is_bot: boolean; first_name: string; last_name?: string; language_code: string };
const person = (id: number, firstName: string): TelegramUser => ({ id, is_bot: false, first_name: firstName, language_code: 'ru' });
const message = (updateId: number, from: TelegramUser, messageId: number, text: string) => ({
  update_id: updateId,
  message: { message_id: messageId, date, chat: { id: from.id, type: 'private', first_name: from.first_name }, from, text },
});
const edit = (updateId: number, from: TelegramUser, messageId: number, text: string) => ({
  update_id: updateId,
  edited_message: {
    message_id: messageId,
    date,
    edit_date: date + 60,
    chat: { id: from.id, type: 'private', first_name: from.first_name },
    from,
    text,
  },
});
const membership = (updateId: number, from: TelegramUser, status: 'kicked' | 'member') => ({
  update_id: updateId,
  my_chat_member: {
    chat: { id: from.id, type: 'private', first_name: from.first_name },
    from,
    date,
    old_chat_member: { status: status === 'kicked' ? 'member' : 'kicked', user: { id: 1, is_bot: true, first_name: 'Bot' } },
    new_chat_member: { status, user: { id: 1, is_bot: true, first_name: 'Bot' } },
  },
});

for (const engine of testEngines()) {
  describe(`a run of updates recorded together, on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'batch_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('order, counters, renames, a block lifted, edits and events match one-by-one recording', async () => {
      const { switchboard } = server;
      const channel = (await switchboard.registry.defaultChannel('telegram_bot'))!;
      const adapter = switchboard.registry.adapterFor('telegram_bot');
      const aigerim = person(7_100_000_001, 'Айгерим');
      const renamed = { ...aigerim, first_name: 'Айгерим', last_name: 'Н.' };
      const dana = person(7_100_000_002, 'Dana');
      const payloads = [
        message(501, aigerim, 1, 'first'),
        message(502, dana, 1, 'dana one'),
        message(503, aigerim, 2, 'second'),
        membership(504, aigerim, 'kicked'),
        message(505, renamed, 3, 'third, renamed and back'),
        edit(506, renamed, 1, 'first, edited'),
        message(507, aigerim, 4, 'fourth, old name again'),
        message(508, { ...dana, last_name: 'K.' }, 2, 'dana two'),
      ];
      const { body: login } = await createApiClient(server.url).post('/api/api-token-auth/', testAdmin);
      const socket = await connectSocket(server.url, { token: login.token });
      await socket.waitFor((frame) => frame.type === 'ready');

      // One journal call: each chat's entries are waiting together when its drain starts.
      const journaled = await switchboard.intake.sink.journal(
        channel.id,
        payloads.map((payload) => adapter.identifyUpdate(payload)!),
      );
      assert.equal(journaled.inserted, payloads.length);
      await eventually(
        async () => {
          const { rows } = await sql<{
            open: number;
          }>`SELECT count(*)::int AS open FROM intake_journal WHERE state IN ('pending', 'processing')`.execute(switchboard.database.db);
          return rows[0]!.open === 0;
        },
        30_000,
        'the journal drained',
      );
      assert.equal(
        (
          await switchboard.intake.sink.journal(
            channel.id,
            payloads.map((payload) => adapter.identifyUpdate(payload)!),
          )
        ).inserted,
        0,
        'a redelivery changes nothing',
      );

      const chats = (await admin.get('/api/chats?limit=100')).body.results;
      const aigerimChat = chats.find((chat: any) => chat.last_message?.text === 'fourth, old name again');
      const danaChat = chats.find((chat: any) => chat.last_message?.text === 'dana two');
      assert.ok(aigerimChat && danaChat, JSON.stringify(chats.map((chat: any) => chat.last_message?.text)));
      assert.equal(aigerimChat.unread_count, 4);
      assert.equal(danaChat.unread_count, 2);
      // Renamed, then the old profile again: the last update's profile wins, as when recorded one by one.
      assert.equal(aigerimChat.contact.display_name, 'Айгерим');
      assert.equal(danaChat.contact.display_name, 'Dana K.', 'a rename later in the run is recorded');

      const history = (await admin.get(`/api/messages/by_chat?chat_id=${aigerimChat.id}`)).body.results
        .map((item: any) => item.text)
        .reverse();
      assert.deepEqual(history, ['first, edited', 'second', 'third, renamed and back', 'fourth, old name again']);
      // Editing the last message also changes the list's preview; editing an older one does not.
      await switchboard.intake.sink.journal(channel.id, [adapter.identifyUpdate(edit(509, aigerim, 4, 'fourth, edited'))!]);
      await eventually(
        async () => (await admin.get(`/api/chats/${aigerimChat.id}`)).body.last_message?.text === 'fourth, edited',
        30_000,
        'the preview shows the edit',
      );
      await switchboard.intake.sink.journal(channel.id, [adapter.identifyUpdate(edit(510, aigerim, 2, 'second, edited'))!]);
      await eventually(
        async () =>
          (await admin.get(`/api/messages/by_chat?chat_id=${aigerimChat.id}`)).body.results.some(
            (item: any) => item.text === 'second, edited',
          ),
        30_000,
        'the older edit is recorded',
      );
      assert.equal((await admin.get(`/api/chats/${aigerimChat.id}`)).body.last_message.text, 'fourth, edited');
      const { rows: reachability } = await sql<{
        reachable: boolean;
      }>`SELECT reachable FROM contact_reachability WHERE contact_id = ${aigerimChat.contact.id}`.execute(switchboard.database.db);
      assert.deepEqual(
        reachability.map((row) => row.reachable),
        [true],
        'the block recorded mid-run is lifted by the next message of the same run',
      );

      // Frames arrive in seq order, each with the chat as it was after its own message.
      const frames = await eventually(
        () => {
          const got = socket.frames.filter((frame) => frame.type === 'new_message' && frame.chat.id === aigerimChat.id);
          return got.length === 4 ? got : null;
        },
        30_000,
        'four new_message frames',
      );
      // Unread is per reader (read-state.ts): frames sent to the team carry the chat without a count.
      assert.deepEqual(
        frames.map((frame) => [frame.chat.last_message.text, frame.chat.unread_count]),
        [
          ['first', undefined],
          ['second', undefined],
          ['third, renamed and back', undefined],
          ['fourth, old name again', undefined],
        ],
      );
      const seqs = socket.frames.filter((frame) => typeof frame.seq === 'number' && frame.type !== 'ready').map((frame) => frame.seq);
      assert.deepEqual(
        seqs,
        [...seqs].sort((a, b) => a - b),
        'seqs increase',
      );
      assert.ok(socket.frames.some((frame) => frame.type === 'message_updated' && frame.message.text === 'first, edited'));
      await socket.close();
    });

    test("a bot handler waiting on the messenger holds up no other chat's recording", async () => {
      const db = server.switchboard.database.db;
      const stateOf = async (text: string) =>
        (
          await sql<{
            state: string;
          }>`SELECT state FROM intake_journal WHERE body::jsonb -> 'message' ->> 'text' = ${text}`.execute(db)
        ).rows[0]?.state;
      // The welcome reply to /start hangs (the messenger answers after 30 s): its entry stays 'processing' meanwhile.
      sim.failNext(token, 1, 'slow', { slowMs: 30_000, methods: ['sendMessage'] });
      const waiting = sim.createUser({ first_name: 'Ждущий', language_code: 'ru' });
      sim.sendText(token, { from: waiting.id, text: '/start' });
      await eventually(async () => (await stateOf('/start')) === 'processing', 25_000, 'the /start entry is recorded, its handler running');
      const other = sim.createUser({ first_name: 'Other', language_code: 'en' });
      sim.sendText(token, { from: other.id, text: 'recorded meanwhile' });
      await eventually(async () => (await stateOf('recorded meanwhile')) === 'done', 25_000, "the other chat's message is processed");
      assert.equal(await stateOf('/start'), 'processing', "recorded while the first chat's handler still waited");
    });

    test("a conversation that already says what the run says is read, not written again; a group's new title is", async () => {
      const db = inboxTables(server.switchboard.database.db);
      const channel = (await server.switchboard.registry.defaultChannel('telegram_bot'))!;
      const group = (title: string) => ({ externalId: '-100777', topicId: '', type: 'group', title }) as InboundChat;
      const privateChat = { externalId: '7100000009', topicId: '', type: 'private', title: '' } as InboundChat;
      const contact = await db
        .insertInto('contacts')
        .values({ display_name: 'Зарина', profile_name: 'Зарина' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const upsert = (chats: Array<{ chat: InboundChat; contactId: number | null }>) =>
        db.transaction().execute((trx) =>
          bulkUpsertConversations(
            trx,
            chats.map(({ chat, contactId }, index) => ({ key: String(index), channelId: channel.id, chat, contactId })),
          ),
        );
      const version = async (id: number) =>
        (await sql<{ xmin: string }>`SELECT xmin::text FROM conversations WHERE id = ${id}`.execute(db)).rows[0]!.xmin;

      const created = await upsert([
        { chat: group('Склад'), contactId: null },
        { chat: privateChat, contactId: null },
      ]);
      assert.deepEqual([created.get('0')!.inserted, created.get('1')!.inserted], [true, true]);
      const [groupId, privateId] = [created.get('0')!.id, created.get('1')!.id];
      const before = [await version(groupId), await version(privateId)];

      const again = await upsert([
        { chat: group('Склад'), contactId: null },
        { chat: privateChat, contactId: null },
      ]);
      assert.deepEqual(
        [again.get('0'), again.get('1')].map((row) => [row!.id, row!.inserted, row!.title]),
        [
          [groupId, false, 'Склад'],
          [privateId, false, ''],
        ],
      );
      assert.deepEqual([await version(groupId), await version(privateId)], before, 'unchanged rows keep their version');

      const changed = await upsert([
        { chat: group('Склад №2'), contactId: null },
        { chat: privateChat, contactId: contact.id },
      ]);
      assert.deepEqual(
        [changed.get('0'), changed.get('1')].map((row) => [row!.id, row!.inserted, row!.title, row!.contact_id]),
        [
          [groupId, false, 'Склад №2', null],
          [privateId, false, '', contact.id],
        ],
      );
      const kept = await upsert([{ chat: privateChat, contactId: null }]);
      assert.equal(kept.get('0')!.contact_id, contact.id, 'a run without the contact keeps it');
    });
  });
}
