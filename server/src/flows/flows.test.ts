import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { sql } from 'kysely';
import { signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { createTestDatabase, startTestServer, testAdmin, testEngines, type TestDatabase, type TestServer } from '../testing/harness.ts';
import { eventually } from '../testing/ws-client.ts';
import { bookingApp, days } from '../testing/booking-app.fixture.ts';
import type { AppContext } from '../apps/app.ts';
import type { ChannelAdapter } from '../channels/channel.ts';
import type { InteractionCapabilities, RenderedReply } from '../channels/flows.ts';
import { createFlowRuntime } from './flow-runtime.ts';
import { createConversationSessionLoader } from './session-loader.ts';
import { advanceSession, findConversationSession, findSession } from './sessions.store.ts';

// A channel with no buttons at all: it only declares so, and the same wizard runs on numbered text.
const textOnly: InteractionCapabilities = {
  buttons: null,
  list: null,
  payloadBytes: 0,
  requestContact: false,
  requestLocation: false,
  editMessages: false,
  files: false,
  templatesRequired: false,
  extras: [],
};

for (const engine of testEngines()) {
  describe(`app flows on ${engine}`, () => {
    let sim: Simulator;
    let database: TestDatabase;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    let clockMs = Date.now();
    const clock = () => new Date(clockMs);
    const start = async () => {
      server = await startTestServer(
        engine,
        { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' },
        database,
        { apps: [bookingApp], clock },
      );
      admin = await signInWithToken(server.url, testAdmin);
    };
    const sent = (userId: number, pattern: RegExp) => sim.waitForSent(token, userId, (message) => pattern.test(message.text ?? ''), 10_000);
    const conversationOf = async (userId: number) =>
      eventually(
        async () =>
          (
            await sql<{ id: number }>`SELECT id FROM conversations WHERE external_chat_id = ${String(userId)}`.execute(
              server.switchboard.database.db,
            )
          ).rows[0]?.id,
      );
    const journalSettled = async () =>
      Number(
        (
          await sql<{ open: string }>`SELECT count(*) AS open FROM intake_journal WHERE state IN ('pending', 'processing')`.execute(
            server.switchboard.database.db,
          )
        ).rows[0]!.open,
      ) === 0;

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'clinic_bot' }).token;
      database = await createTestDatabase(engine);
      await start();
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('a wizard keeps its step across a restart; long payloads, pages and a contact share work on Telegram', async () => {
      const ann = sim.createUser({ first_name: 'Ann', language_code: 'en' });
      sim.sendText(token, { from: ann.id, text: '/book' });
      const dayMenu = await sent(ann.id, /^Which day\?$/);
      const dayButtons = dayMenu.reply_markup!.inline_keyboard!.flat();
      assert.deepEqual(
        dayButtons.map((button) => button.text),
        days,
      );
      assert.ok(dayButtons.every((button) => Buffer.byteLength(button.callback_data!) <= 64 && button.callback_data!.startsWith('~')));

      sim.pressButton(token, { from: ann.id, message_id: dayMenu.message_id, text: 'Вторник' });
      const timeMenu = await sent(ann.id, /^Вторник: what time\?\n\(1\/2\)$/);
      assert.equal(timeMenu.reply_markup!.inline_keyboard!.flat().length, 98 + 1, '98 times and "›"');
      sim.pressButton(token, { from: ann.id, message_id: timeMenu.message_id, text: '›' });
      await eventually(
        () =>
          sim
            .sentMessages(token, ann.id)
            .find((message) => message.message_id === timeMenu.message_id)
            ?.message.text?.endsWith('(2/2)'),
        10_000,
        'page 2 in place of page 1',
      );
      sim.pressButton(token, { from: ann.id, message_id: timeMenu.message_id, text: '17:55' });
      const phoneAsk = await sent(ann.id, /^Share your phone$/);
      assert.equal((phoneAsk.reply_markup!.keyboard![0]![0] as { request_contact?: boolean }).request_contact, true);

      await server.stop({ keepData: true });
      await start();
      sim.sendContact(token, { from: ann.id, phone_number: '+77011234567', first_name: 'Ann', user_id: ann.id });
      await sent(ann.id, /^Booked: Вторник 17:55, \+77011234567$/);

      const chatId = await conversationOf(ann.id);
      const history = await admin.get(`/api/messages/by_chat?chat_id=${chatId}&limit=50`);
      assert.ok(
        history.body.results.some(
          (message: { sender_type: string; text: string }) => message.sender_type === 'bot' && message.text === 'Which day?',
        ),
        'bot replies are in the conversation',
      );
      const turned = history.body.results.find((message: { text: string }) => message.text === 'Вторник: what time?\n(2/2)');
      assert.deepEqual(
        turned?.edit_history.map((earlier: { text: string }) => earlier.text),
        ['Вторник: what time?\n(1/2)'],
        'a page turn is an edit of the bot message',
      );
      assert.equal((await admin.get(`/api/chats/${chatId}/flow`)).body.flow, null);
    });

    test('"отмена" cancels a running wizard; the operator sees no flow afterwards', async () => {
      const bob = sim.createUser({ first_name: 'Боб', language_code: 'ru' });
      sim.sendText(token, { from: bob.id, text: '/book' });
      await sent(bob.id, /^Which day\?$/);
      const chatId = await conversationOf(bob.id);
      assert.equal((await admin.get(`/api/chats/${chatId}/flow`)).body.flow.step, 'day');
      sim.sendText(token, { from: bob.id, text: 'Отмена' });
      await sent(bob.id, /^Отменено\./);
      assert.equal((await admin.get(`/api/chats/${chatId}/flow`)).body.flow, null);
    });

    test('an idle wizard times out by the clock, and the customer is told', async () => {
      const kate = sim.createUser({ first_name: 'Kate', language_code: 'kk' });
      sim.sendText(token, { from: kate.id, text: '/book' });
      await sent(kate.id, /^Which day\?$/);
      const chatId = await conversationOf(kate.id);
      clockMs += 9 * 60_000;
      assert.equal(await server.switchboard.flows.runtime.expireSessions(), 0, 'not yet: 9 of 10 minutes');
      clockMs += 2 * 60_000;
      assert.equal(await server.switchboard.flows.runtime.expireSessions(), 1);
      await sent(kate.id, /^Жауап күту уақыты өтті/);
      assert.equal((await admin.get(`/api/chats/${chatId}/flow`)).body.flow, null);
    });

    test('an operator takes over (the customer waits for them) and hands back (the flow asks its step again)', async () => {
      const dan = sim.createUser({ first_name: 'Dan', language_code: 'en' });
      sim.sendText(token, { from: dan.id, text: '/book' });
      await sent(dan.id, /^Which day\?$/);
      const chatId = await conversationOf(dan.id);

      const taken = await admin.post(`/api/chats/${chatId}/flow/take-over`);
      assert.equal(taken.status, 200);
      assert.deepEqual(
        { app: taken.body.flow.app, flow: taken.body.flow.flow, step: taken.body.flow.step, paused: taken.body.flow.paused },
        { app: 'bookings', flow: 'booking', step: 'day', paused: true },
      );
      sim.sendText(token, { from: dan.id, text: 'Can a person help me?' });
      await eventually(
        async () =>
          (await admin.get(`/api/messages/by_chat?chat_id=${chatId}`)).body.results.some(
            (message: { text: string }) => message.text === 'Can a person help me?',
          ) && (await journalSettled()),
        10_000,
        'the message recorded and handled',
      );
      assert.equal(sim.sentMessages(token, dan.id).length, 1, 'the bot said nothing while the operator held the conversation');

      const handed = await admin.post(`/api/chats/${chatId}/flow/hand-back`);
      assert.equal(handed.body.flow.paused, false);
      const again = await sim.waitForSent(token, dan.id, (message, all) => all.length === 2 && message.text === 'Which day?', 10_000);
      sim.pressButton(token, { from: dan.id, message_id: again.message_id, text: 'Среда' });
      await sent(dan.id, /^Среда: what time\?/);

      // Two writers that read the same version: exactly one moves the step.
      const session = (await findSession(server.switchboard.database.db, chatId))!;
      const moves = [clock(), clock()].map((now) =>
        advanceSession(server.switchboard.database.db, session, { step: 'phone', data: session.data, now, expiresAt: now }),
      );
      assert.deepEqual((await Promise.all(moves)).sort(), [false, true]);
    });

    test("one query finds an event's conversation and its wizard: the same as reading each on its own", async () => {
      const db = server.switchboard.database.db;
      const eve = sim.createUser({ first_name: 'Eve', language_code: 'en' });
      sim.sendText(token, { from: eve.id, text: '/book' });
      await sent(eve.id, /^Which day\?$/);
      const inWizard = await conversationOf(eve.id);
      const finn = sim.createUser({ first_name: 'Finn', language_code: 'en' });
      sim.sendText(token, { from: finn.id, text: 'just saying hello' });
      const noWizard = await conversationOf(finn.id);
      const channelId = (await sql<{ channel_id: number }>`SELECT channel_id FROM conversations WHERE id = ${inWizard}`.execute(db))
        .rows[0]!.channel_id;

      const found = await findConversationSession(db, { channelId, chatId: String(eve.id), topicId: '' });
      assert.deepEqual(found, { conversationId: inWizard, session: await findSession(db, inWizard) });
      assert.equal(found?.session?.step, 'day');
      assert.deepEqual(await findConversationSession(db, { channelId, chatId: String(finn.id), topicId: '' }), {
        conversationId: noWizard,
        session: null,
      });
      assert.equal(await findConversationSession(db, { channelId, chatId: '424242424', topicId: '' }), null, 'no conversation');
      assert.equal(await findConversationSession(db, { channelId, chatId: String(eve.id), topicId: '7' }), null, 'another topic');

      // Asked for together (the intake runs many chats' handlers at once), the three are read in one query, each its own answer.
      const reads: string[] = [];
      const counted = db.withPlugin({
        transformQuery: (args) => (reads.push(args.node.kind), args.node),
        transformResult: async (args) => args.result,
      });
      const loader = createConversationSessionLoader(counted);
      const together = await Promise.all(
        [String(eve.id), String(finn.id), '424242424'].map((chatId) => loader.load({ channelId, chatId, topicId: '' })),
      );
      assert.deepEqual(together, [found, { conversationId: noWizard, session: null }, null]);
      assert.equal(reads.length, 1, 'one query for the chats asked for in one turn');
      assert.deepEqual(await loader.load({ channelId, chatId: String(eve.id), topicId: '7' }), null, 'another topic');
    });

    test('the same wizard on a channel without buttons: numbered text, answered with numbers', async () => {
      const zhan = sim.createUser({ first_name: 'Жан', language_code: 'kk' });
      sim.sendText(token, { from: zhan.id, text: 'сәлем' });
      const chatId = await conversationOf(zhan.id);
      const channel = (await server.switchboard.registry.defaultChannel('telegram_bot'))!;
      const shown: RenderedReply[] = [];
      const adapter = {
        interactions: textOnly,
        renderReplies: async (_channel, _target, replies) => (
          shown.push(...replies),
          { messageIds: replies.map(() => null), problems: [] }
        ),
      } as Partial<ChannelAdapter>;
      const runtime = createFlowRuntime({
        db: server.switchboard.database.db,
        logger: server.switchboard.logger,
        adapterFor: () => adapter as ChannelAdapter,
        channels: server.switchboard.registry,
        apps: [{ name: 'bookings', flows: bookingApp.create({} as AppContext).flows! }],
        now: clock,
      });
      const origin = {
        channel,
        chatId: String(zhan.id),
        topicId: '',
        chatType: 'private' as const,
        sender: { messenger: 'telegram' as const, externalId: String(zhan.id), firstName: 'Жан', languageCode: 'kk', isBot: false },
      };
      const texts = () => shown.splice(0).map((reply) => (reply.type === 'text' ? reply.text : `<${reply.type}>`));

      await runtime.sink.handle(origin, { type: 'command', command: 'book', args: '' });
      assert.deepEqual(texts(), [
        `Which day?\n\n${days.map((day, index) => `${index + 1}. ${day}`).join('\n')}\n\nНұсқаның нөмірімен жауап беріңіз.`,
      ]);
      await runtime.sink.handle(origin, { type: 'message', text: '2' });
      const [timeMenu] = texts();
      assert.match(timeMenu!, /^Вторник: what time\?\n\n1\. 08:00\n/);
      assert.match(timeMenu!, /\n120\. 17:55\n/);
      await runtime.sink.handle(origin, { type: 'message', text: '120' });
      assert.deepEqual(texts(), ['Share your phone\nТелефон нөміріңізді хабарламамен жазыңыз.']);
      assert.equal((await admin.get(`/api/chats/${chatId}/flow`)).body.flow.step, 'phone');
    });

    test('take-over and hand-back answer 409 where no flow runs, and 404 for a conversation that does not exist or the caller may not see', async () => {
      const eve = sim.createUser({ first_name: 'Eve', language_code: 'en' });
      sim.sendText(token, { from: eve.id, text: 'hello' });
      const chatId = await conversationOf(eve.id);
      const none = await admin.post(`/api/chats/${chatId}/flow/take-over`);
      assert.equal(none.status, 409);
      assert.equal(none.body.error.code, 'no_flow');
      assert.equal((await admin.post(`/api/chats/${chatId}/flow/hand-back`)).status, 409);
      // An operator who may not see the conversation learns nothing of it: 404 as on every chat route.
      assert.equal((await admin.put('/api/inbox/policy', { operators_see_unassigned: false })).status, 200);
      const operator = { name: 'Olga', email: 'olga@example.com', password: 'olga-password-1' };
      assert.equal((await admin.post('/api/operators', operator)).status, 201);
      const olga = await signInWithToken(server.url, operator);
      for (const call of [
        olga.get(`/api/chats/${chatId}/flow`),
        olga.post(`/api/chats/${chatId}/flow/take-over`),
        olga.post(`/api/chats/${chatId}/flow/hand-back`),
      ]) {
        assert.equal((await call).status, 404);
      }
      const missing = await admin.get('/api/chats/999999/flow');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, 'not_found');
    });
  });
}
