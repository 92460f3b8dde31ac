import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator, type User } from '@switchboard/telegram-sim';
import { sql } from 'kysely';
import { createApiClient, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { connectSocket, eventually, type TestSocket } from '../../testing/ws-client.ts';
import { linkingApp } from '../linking/index.ts';
import { createBroadcastsApp, type BroadcastHandles } from './index.ts';

for (const engine of testEngines()) {
  describe(`broadcasts on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let adminToken: string;
    let token: string;
    let channelId: number;
    let socket: TestSocket;
    const people: Array<{ user: User; contactId: number }> = [];
    // The app's clock: scheduled broadcasts and messages fall due when the test moves it, and a tick sends them.
    let clockMs = Date.now();
    let handles: BroadcastHandles;
    const languages = ['ru', 'ru', 'kk', 'en', 'ru', 'kk', 'en', 'ru', 'ru', 'ru', 'en', 'ru'];

    const contactOf = async (userId: number) => {
      const rows = await sql<{ contact_id: number }>`
        SELECT contact_id FROM contact_identities WHERE external_id = ${String(userId)}`.execute(server.switchboard.database.db);
      return rows.rows[0]?.contact_id;
    };
    const conversationOf = async (userId: number) => {
      const rows = await sql<{ id: number }>`
        SELECT id FROM conversations WHERE external_chat_id = ${String(userId)}`.execute(server.switchboard.database.db);
      return rows.rows[0]!.id;
    };
    const sentTo = (userId: number, pattern: RegExp) =>
      sim.sentMessages(token, userId).filter((message) => pattern.test(message.text ?? ''));
    const finished = (id: number) =>
      socket.waitFor((frame) => frame.type === 'broadcast_progress' && frame.broadcast_id === id && frame.state === 'done', 60_000);
    /** The longest message the account's kind sends, as GET /api/channels/kinds serves it. */
    const textLimitOf = async (accountId: number) => {
      const account = ((await admin.get('/api/accounts')).body.results as Array<{ id: number; kind: string }>).find(
        (row) => row.id === accountId,
      )!;
      const kinds = (await admin.get('/api/channels/kinds')).body.results as Array<{
        kind: string;
        capabilities: { text: { maxLength: number } };
      }>;
      return kinds.find((each) => each.kind === account.kind)!.capabilities.text.maxLength;
    };
    const compose = (overrides: Record<string, unknown> = {}) => ({
      name: 'Spring check-up',
      kind: 'marketing',
      filter: { channel_id: channelId },
      texts: {
        default: 'Здравствуйте, {{name|друг}}! Весенний осмотр со скидкой.',
        kk: 'Сәлеметсіз бе, {{first_name|досым}}! Көктемгі тексеру.',
      },
      buttons: [{ title: 'Записаться', url: 'https://clinic.example.com/book' }],
      ...overrides,
    });

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'clinic_bot' }).token;
      const broadcasts = createBroadcastsApp({ clock: () => new Date(clockMs), expose: (exposed) => void (handles = exposed) });
      server = await startTestServer(
        engine,
        { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' },
        undefined,
        { apps: [linkingApp, broadcasts] },
      );
      adminToken = (await createApiClient(server.url).post('/api/api-token-auth/', testAdmin)).body.token;
      admin = createApiClient(server.url, { token: adminToken });
      channelId = (await admin.get('/api/accounts')).body.results[0].id;
      for (const [index, language] of languages.entries()) {
        const user = sim.createUser({ first_name: `Patient${index}`, last_name: 'Test', language_code: language });
        sim.sendText(token, { from: user.id, text: `hello ${index}` });
        people.push({ user, contactId: 0 });
      }
      for (const person of people) person.contactId = await eventually(() => contactOf(person.user.id), 60_000, 'the contact');
      socket = await connectSocket(server.url, { token: adminToken });
    });
    after(async () => {
      await socket.close();
      await server.stop();
      await sim.stop();
    });

    test('consent decides the marketing audience; the preview counts and samples it; bad input is refused precisely', async () => {
      const preview = (kind: string, filter: object = {}) =>
        admin.post('/api/broadcasts/preview', { kind, filter: { channel_id: channelId, ...filter } });
      assert.equal((await preview('marketing')).body.count, 0, 'nobody consented yet');
      assert.equal((await preview('service')).body.count, people.length, 'service broadcasts reach everyone who wrote');
      const noBasis = await admin.put('/api/broadcasts/consents', { contact_ids: [people[0]!.contactId], state: 'given' });
      assert.equal(noBasis.status, 422);
      assert.match(noBasis.body.error.message, /basis/);
      const consented = people.slice(0, 8).map((person) => person.contactId);
      const given = await admin.put('/api/broadcasts/consents', {
        contact_ids: consented,
        state: 'given',
        basis: 'signed registration form',
      });
      assert.equal(given.status, 200);
      const marketing = (await preview('marketing')).body;
      assert.equal(marketing.count, 8);
      assert.equal(marketing.sample.length, 8);
      assert.ok(marketing.sample.every((row: { id: number }) => consented.includes(row.id)));
      assert.equal((await preview('service', { languages: ['kk'] })).body.count, 2);
      assert.equal((await preview('service', { languages: ['en'], consent: 'given' })).body.count, 2);
      const consent = await admin.get(`/api/broadcasts/consents/${people[0]!.contactId}`);
      assert.deepEqual([consent.body.state, consent.body.source, consent.body.basis], ['given', 'import', 'signed registration form']);

      assert.equal(
        (await admin.post('/api/broadcasts/preview', { kind: 'marketing', filter: { channel_id: 999_999 } })).body.error.code,
        'unknown_bot',
      );
      // A kind that never broadcasts (a personal account: its messenger bans numbers that message many people).
      const kinds = (await admin.get('/api/channels/kinds')).body.results as Array<{ kind: string; capabilities: { broadcasts: string } }>;
      const neverKind = kinds.find((each) => each.capabilities.broadcasts === 'never')!.kind;
      const personal = await sql<{ id: number }>`INSERT INTO channels (kind, name, status, intake_mode, is_enabled)
        VALUES (${neverKind}, 'Manager phone', 'stopped', 'forwarded', false) RETURNING id`.execute(server.switchboard.database.db);
      const refused = await admin.post('/api/broadcasts/preview', { kind: 'service', filter: { channel_id: personal.rows[0]!.id } });
      assert.deepEqual([refused.status, refused.body.error.code], [422, 'account_cannot_broadcast']);
      assert.match(refused.body.error.message, /Pick a bot account/);
      const personalDraft = await admin.post('/api/broadcasts', compose({ filter: { channel_id: personal.rows[0]!.id } }));
      assert.equal(personalDraft.body.error.code, 'account_cannot_broadcast');
      await sql`DELETE FROM channels WHERE id = ${personal.rows[0]!.id}`.execute(server.switchboard.database.db);
      assert.equal((await preview('marketing', { languages: 'kk' })).status, 400);
      assert.equal((await preview('marketing', { surprise: true })).status, 400);
      assert.equal((await admin.post('/api/broadcasts', {})).status, 400);
      assert.equal((await admin.post('/api/broadcasts', compose({ texts: { default: '' } }))).status, 400);
      assert.equal((await admin.post('/api/broadcasts', compose({ buttons: [{ title: 'x', url: 'javascript:alert(1)' }] }))).status, 400);
      assert.equal((await admin.get('/api/broadcasts/999999/stats')).status, 404);
      // The account's kind caps a message (its capabilities), not a number of the app's: over it is refused, at it goes.
      const limit = await textLimitOf(channelId);
      const over = await admin.post('/api/broadcasts', compose({ buttons: [], texts: { default: 'x'.repeat(limit + 1) } }));
      assert.deepEqual([over.status, over.body.error.code], [422, 'text_too_long']);
      assert.match(over.body.error.message, new RegExp(`^texts\\.default: .*Telegram allows ${limit}\\.`));
      // A variant at the limit no longer fits once the link buttons' lines follow it.
      const withLink = await admin.post('/api/broadcasts', compose({ texts: { default: 'Привет', kk: 'x'.repeat(limit) } }));
      assert.deepEqual([withLink.status, withLink.body.error.code], [422, 'text_too_long']);
      assert.match(withLink.body.error.message, /^texts\.kk: /);
      const atLimit = await admin.post('/api/broadcasts', compose({ buttons: [], texts: { default: 'x'.repeat(limit) } }));
      assert.equal(atLimit.status, 201, JSON.stringify(atLimit.body));
      const overOnEdit = await admin.put(
        `/api/broadcasts/${atLimit.body.id}`,
        compose({ buttons: [], texts: { default: 'я'.repeat(limit + 1) } }),
      );
      assert.deepEqual([overOnEdit.status, overOnEdit.body.error.code], [422, 'text_too_long']);
      assert.equal((await admin.delete(`/api/broadcasts/${atLimit.body.id}`)).status, 204);
      const draft = (await admin.post('/api/broadcasts', compose())).body;
      const past = await admin.post(`/api/broadcasts/${draft.id}/schedule`, { send_at: '2020-01-01T09:00:00+05:00' });
      assert.deepEqual([past.status, past.body.error.code], [422, 'send_at_in_past']);
      const zone = await admin.post(`/api/broadcasts/${draft.id}/schedule`, {
        send_at: '2099-01-01T09:00:00+05:00',
        time_zone: 'Mars/Olympus',
      });
      assert.equal(zone.status, 422);
      assert.equal((await admin.post(`/api/broadcasts/${draft.id}/resume`)).body.error.code, 'broadcast_state');
      assert.equal((await admin.delete(`/api/broadcasts/${draft.id}`)).status, 204);
    });

    test('a marketing broadcast goes once to each consented contact through 429s, marks a blocked one unreachable, and reports live', async () => {
      const blocker = people[1]!;
      sim.blockBot(token, blocker.user.id);
      // The inbox hears of the block and leaves them out; forget that (as if the bot was offline then) so the send meets the 403.
      const db = server.switchboard.database.db;
      await eventually(async () => {
        const rows = await sql`SELECT 1 FROM contact_reachability WHERE contact_id = ${blocker.contactId} AND NOT reachable`.execute(db);
        return rows.rows.length > 0;
      });
      await sql`DELETE FROM contact_reachability WHERE contact_id = ${blocker.contactId}`.execute(db);
      sim.failNext(token, 3, '429', { methods: ['sendMessage'] });
      const created = await admin.post('/api/broadcasts', compose());
      assert.equal(created.status, 201);
      const started = await admin.post(`/api/broadcasts/${created.body.id}/start`);
      assert.equal(started.status, 200);
      assert.equal(started.body.recipients, 8);
      const done = await finished(created.body.id);
      assert.deepEqual([done.total, done.sent, done.unreachable, done.remaining], [8, 7, 1, 0]);
      assert.ok(
        socket.frames.some(
          (frame) => frame.type === 'broadcast_progress' && frame.broadcast_id === created.body.id && frame.state === 'sending',
        ),
      );

      for (const [index, person] of people.entries()) {
        const got = sentTo(person.user.id, /Весенний осмотр|Көктемгі тексеру/);
        assert.equal(got.length, index < 8 && person !== blocker ? 1 : 0, `${person.user.first_name} got it ${got.length} times`);
      }
      const kazakh = people[2]!;
      const kazakhCopy = sentTo(kazakh.user.id, /Көктемгі/)[0]!;
      assert.equal(kazakhCopy.text, `Сәлеметсіз бе, Patient2! Көктемгі тексеру.\n\nЗаписаться: https://clinic.example.com/book`);
      const buttons = (
        kazakhCopy.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data?: string; url?: string }>> }
      ).inline_keyboard.flat();
      assert.deepEqual(
        buttons.map((button) => button.text),
        ['Жазылымнан бас тарту'],
      );
      assert.equal(
        sentTo(people[0]!.user.id, /Весенний/)[0]!.text,
        'Здравствуйте, Patient0 Test! Весенний осмотр со скидкой.\n\nЗаписаться: https://clinic.example.com/book',
      );

      const stats = (await admin.get(`/api/broadcasts/${created.body.id}/stats`)).body;
      assert.deepEqual([stats.state, stats.kind, stats.sent, stats.unreachable], ['done', 'marketing', 7, 1]);
      assert.deepEqual(stats.failed_by_reason, [{ reason: 'blocked', count: 1 }]);
      const serviceReach = (await admin.post('/api/broadcasts/preview', { kind: 'service', filter: { channel_id: channelId } })).body.count;
      assert.equal(serviceReach, people.length - 1, 'the blocked contact is left out next time');

      const csv = await fetch(`${server.url}/api/broadcasts/${created.body.id}/recipients.csv`, {
        headers: { authorization: `Token ${adminToken}` },
      });
      assert.equal(csv.status, 200);
      const lines = (await csv.text()).trim().split('\n');
      assert.equal(lines.length, 9);
      assert.ok(lines.some((line) => line.startsWith(`${blocker.contactId},Patient1 Test,unreachable,`)));
    });

    test('the unsubscribe button and the typed words withdraw consent at once; replies count; /stop stays the linking app’s', async () => {
      const [pressing, typing, replying] = [people[0]!, people[3]!, people[4]!];
      const broadcastId = (await admin.get('/api/broadcasts')).body.results[0].id;
      // The unsubscribe is a neutral choice in the contact's language (here an inline button); links are lines of the text.
      const buttonsOf = (userId: number) =>
        (
          sentTo(userId, /Записаться: https:\/\/clinic\.example\.com\/book$/)[0]?.reply_markup as {
            inline_keyboard: Array<Array<{ text: string; callback_data?: string }>>;
          }
        ).inline_keyboard.flat();
      assert.deepEqual(buttonsOf(pressing.user.id), [{ text: 'Отписаться', callback_data: 'broadcasts:unsubscribe' }]);
      assert.deepEqual(buttonsOf(people[2]!.user.id), [{ text: 'Жазылымнан бас тарту', callback_data: 'broadcasts:unsubscribe' }]);
      assert.deepEqual(buttonsOf(typing.user.id), [{ text: 'Unsubscribe', callback_data: 'broadcasts:unsubscribe' }]);
      // A customer's message cancels a message scheduled in their conversation, after its reply is counted (or not):
      // seeing that cancel, the test knows the message was handled.
      const handled = async (userId: number, act: () => void) => {
        const chatId = await conversationOf(userId);
        const waiting = (await admin.post(`/api/chats/${chatId}/scheduled-messages`, { text: 'later', send_at: '2099-01-01T09:00:00Z' }))
          .body;
        act();
        await eventually(
          async () => {
            const rows = (await admin.get(`/api/chats/${chatId}/scheduled-messages`)).body.results as Array<{ id: number; state: string }>;
            return rows.find((row) => row.id === waiting.id)?.state === 'cancelled' || undefined;
          },
          30_000,
          "the customer's message to be handled",
        );
      };
      const withdrawnAt = Date.now();
      const message = sentTo(pressing.user.id, /Весенний/)[0]!;
      await handled(pressing.user.id, () =>
        sim.pressButton(token, { from: pressing.user.id, message_id: message.message_id, data: 'broadcasts:unsubscribe' }),
      );
      await sim.waitForSent(token, pressing.user.id, (sent) => /Вы отписались от рассылок/.test(sent.text ?? ''));
      const consent = (await admin.get(`/api/broadcasts/consents/${pressing.contactId}`)).body;
      assert.deepEqual([consent.state, consent.source], ['withdrawn', 'unsubscribe']);
      assert.ok(Date.parse(consent.changed_at) >= withdrawnAt - 1_000, 'the time of the withdrawal');
      await handled(typing.user.id, () => sim.sendText(token, { from: typing.user.id, text: 'Unsubscribe' }));
      await sim.waitForSent(token, typing.user.id, (sent) => /You have unsubscribed/.test(sent.text ?? ''));
      await handled(typing.user.id, () => sim.sendText(token, { from: typing.user.id, text: 'stop' }));
      await sim.waitForSent(token, typing.user.id, (sent) => /already unsubscribed/.test(sent.text ?? ''));
      assert.equal((await admin.get(`/api/broadcasts/consents/${typing.contactId}`)).body.state, 'withdrawn');
      assert.equal(
        (await admin.get(`/api/broadcasts/${broadcastId}/stats`)).body.replied,
        0,
        'neither the press nor the words are replies',
      );
      await handled(replying.user.id, () => sim.sendText(token, { from: replying.user.id, text: 'Хочу записаться на вторник' }));
      sim.sendText(token, { from: replying.user.id, text: '/stop' });
      await sim.waitForSent(token, replying.user.id, (sent) => /не привязан/.test(sent.text ?? ''));
      assert.equal((await admin.get(`/api/broadcasts/consents/${replying.contactId}`)).body.state, 'given', '/stop is not an unsubscribe');

      const stats = (await admin.get(`/api/broadcasts/${broadcastId}/stats`)).body;
      assert.equal(stats.replied, 1);
      assert.equal(stats.unsubscribed, 2);
      // Counted apart: the press of the unsubscribe button, and the typed word; link presses are never claimed.
      assert.deepEqual([stats.unsubscribed_by_button, stats.unsubscribed_by_word], [1, 1]);
      assert.equal(stats.button_presses, undefined);
      const marketing = (await admin.post('/api/broadcasts/preview', { kind: 'marketing', filter: { channel_id: channelId } })).body.count;
      assert.equal(marketing, 8 - 1 - 2, 'blocked and unsubscribed are out');

      // Seed 004's names, with an admin's API token as the integration credential.
      const created = await admin.post(
        '/api/bot/broadcast/create/',
        compose({ name: 'Holiday hours', kind: 'service', texts: { default: 'Клиника закрыта 8 марта.' } }),
      );
      assert.equal(created.status, 201);
      const started = await admin.post(`/api/bot/broadcast/${created.body.id}/start/`);
      assert.equal(started.body.recipients, people.length - 1, 'service: everyone reachable, consented or not');
      await finished(created.body.id);
      const stats004 = (await admin.get(`/api/bot/broadcast/${created.body.id}/stats/`)).body;
      assert.deepEqual([stats004.kind, stats004.sent, stats004.total], ['service', people.length - 1, people.length - 1]);
      const serviceCopy = sentTo(pressing.user.id, /закрыта/)[0]!;
      assert.equal(serviceCopy.reply_markup, undefined, 'no unsubscribe choice on a service message');
      assert.equal(serviceCopy.text, 'Клиника закрыта 8 марта.\n\nЗаписаться: https://clinic.example.com/book');
    });

    test('a scheduled broadcast starts when due; a cancelled one never sends', async () => {
      const later = (await admin.post('/api/broadcasts', compose({ kind: 'service', texts: { default: 'Новый адрес: ул. Абая, 10.' } })))
        .body;
      const never = (await admin.post('/api/broadcasts', compose({ kind: 'service', texts: { default: 'Это не должно уйти.' } }))).body;
      const sendAt = new Date(clockMs + 3_600_000).toISOString();
      const scheduled = await admin.post(`/api/broadcasts/${later.id}/schedule`, { send_at: sendAt, time_zone: 'Asia/Almaty' });
      assert.deepEqual([scheduled.status, scheduled.body.state, scheduled.body.time_zone], [200, 'scheduled', 'Asia/Almaty']);
      await admin.post(`/api/broadcasts/${never.id}/schedule`, { send_at: sendAt });
      assert.equal((await admin.post(`/api/broadcasts/${never.id}/cancel`)).body.state, 'cancelled');
      // One whose condition names a field removed before it is due goes back to draft, saying why; the others still go.
      const floor = await admin.post('/api/attributes', {
        applies_to: 'contact',
        key: 'floor',
        label_ru: 'Этаж',
        label_en: 'Floor',
        type: 'text',
      });
      assert.equal(floor.status, 201, JSON.stringify(floor.body));
      const broken = (
        await admin.post(
          '/api/broadcasts',
          compose({
            kind: 'service',
            texts: { default: 'Лифт не работает.' },
            filter: { channel_id: channelId, conditions: [{ field: 'attribute.floor', operator: 'equals', value: '9' }] },
          }),
        )
      ).body;
      assert.equal((await admin.post(`/api/broadcasts/${broken.id}/schedule`, { send_at: sendAt })).status, 200);
      assert.equal((await admin.delete(`/api/attributes/${floor.body.id}`)).status, 204);
      // Not yet due at the app's clock: a tick leaves it scheduled.
      clockMs += 3_599_000;
      await handles.tick();
      assert.equal((await admin.get(`/api/broadcasts/${later.id}`)).body.state, 'scheduled');
      clockMs += 1_000;
      await handles.tick();
      assert.notEqual((await admin.get(`/api/broadcasts/${later.id}`)).body.state, 'scheduled', 'due: the tick began it');
      assert.equal((await admin.get(`/api/broadcasts/${broken.id}`)).body.state, 'draft');
      assert.equal((await admin.get(`/api/broadcasts/${broken.id}/stats`)).body.problem, 'unknown_segment_field');
      const done = await finished(later.id);
      assert.equal(done.sent, people.length - 1);
      assert.ok(
        sim.sentMessages(token, people[0]!.user.id).some((message) => message.text?.startsWith('Новый адрес: ул. Абая, 10.\n\n') === true),
      );
      assert.equal((await admin.get(`/api/broadcasts/${never.id}/stats`)).body.total, 0);
      assert.ok(people.every((person) => sentTo(person.user.id, /не должно уйти/).length === 0));
    });

    test('a pause withdraws what waits in the outbox, and a resume puts it back: each recipient gets it once', async () => {
      const db = server.switchboard.database.db;
      const rowsOf = async (id: number) =>
        (
          await sql<{
            state: string;
          }>`SELECT state FROM outbox WHERE reference_type = 'broadcast' AND reference_id = ${String(id)}`.execute(db)
        ).rows.map((row) => row.state);
      // With the account switched off, delivery leaves its rows waiting: the whole broadcast sits in the outbox.
      assert.equal((await admin.patch(`/api/accounts/${channelId}`, { is_enabled: false })).status, 200);
      try {
        const created = (await admin.post('/api/broadcasts', compose({ kind: 'service', texts: { default: 'Пауза и продолжение.' } })))
          .body;
        const reachable: number = (await admin.post(`/api/broadcasts/${created.id}/start`)).body.recipients;
        assert.equal(reachable, people.length - 1, 'everyone but the one who blocked the bot');
        await eventually(async () => (await rowsOf(created.id)).length === reachable, 60_000, 'every recipient queued');
        const paused = await admin.post(`/api/broadcasts/${created.id}/pause`);
        assert.equal(paused.body.state, 'paused');
        assert.ok(
          (await rowsOf(created.id)).every((state) => state === 'cancelled'),
          'every waiting row withdrawn',
        );
        // Back on, the account sends nothing of a paused broadcast: its rows are out of the queue, not merely late.
        assert.equal((await admin.patch(`/api/accounts/${channelId}`, { is_enabled: true })).status, 200);
        const whilePaused = (await admin.get(`/api/broadcasts/${created.id}/stats`)).body;
        assert.deepEqual([whilePaused.state, whilePaused.sent, whilePaused.failed, whilePaused.remaining], ['paused', 0, 0, reachable]);
        assert.equal((await admin.post(`/api/broadcasts/${created.id}/resume`)).body.state, 'sending');
        const done = await finished(created.id);
        assert.equal(done.sent, reachable);
        const got = people.map((person) => sentTo(person.user.id, /Пауза и продолжение/).length);
        assert.equal(got.filter((count) => count === 1).length, reachable);
        assert.ok(
          got.every((count) => count <= 1),
          'nobody got it twice',
        );
      } finally {
        await admin.patch(`/api/accounts/${channelId}`, { is_enabled: true });
      }
    });

    test('an operator schedules a message, edits it, and it goes when due; the customer writing first cancels another', async () => {
      const person = people[5]!;
      const chatId = await conversationOf(person.user.id);
      const soon = new Date(clockMs + 30 * 60_000).toISOString();
      const created = await admin.post(`/api/chats/${chatId}/scheduled-messages`, { text: 'Напоминание о визите', send_at: soon });
      assert.equal(created.status, 201);
      const edited = await admin.patch(`/api/scheduled-messages/${created.body.id}`, { text: 'Напоминание: визит завтра в 10:00' });
      assert.equal(edited.body.text, 'Напоминание: визит завтра в 10:00');
      clockMs += 29 * 60_000;
      await handles.tick();
      assert.equal((await admin.get(`/api/chats/${chatId}/scheduled-messages`)).body.results[0].state, 'pending', 'not due yet');
      clockMs += 60_000;
      await handles.tick();
      await sim.waitForSent(token, person.user.id, (sent) => sent.text === 'Напоминание: визит завтра в 10:00', 60_000);
      const listed = await eventually(async () => {
        const rows = (await admin.get(`/api/chats/${chatId}/scheduled-messages`)).body.results;
        return rows[0]?.message_id ? rows : undefined;
      });
      assert.equal(listed[0].state, 'sent');
      assert.equal(
        (await admin.patch(`/api/scheduled-messages/${created.body.id}`, { text: 'too late' })).body.error.code,
        'broadcast_state',
      );

      const waiting = (
        await admin.post(`/api/chats/${chatId}/scheduled-messages`, { text: 'Вы придёте?', send_at: '2099-01-01T09:00:00Z' })
      ).body;
      const dropped = (await admin.post(`/api/chats/${chatId}/scheduled-messages`, { text: 'Отменю сам', send_at: '2099-01-01T09:00:00Z' }))
        .body;
      assert.equal((await admin.delete(`/api/scheduled-messages/${dropped.id}`)).status, 204);
      sim.sendText(token, { from: person.user.id, text: 'Да, приду' });
      const cancelled = await eventually(async () => {
        const rows = (await admin.get(`/api/chats/${chatId}/scheduled-messages`)).body.results as Array<{
          id: number;
          state: string;
          reason: string;
        }>;
        const row = rows.find((item) => item.id === waiting.id);
        return row?.state === 'cancelled' ? row : undefined;
      });
      assert.equal(cancelled.reason, 'the customer wrote first');
      assert.equal(
        (await admin.post(`/api/chats/${chatId}/scheduled-messages`, { text: 'x', send_at: '2001-01-01T00:00:00Z' })).status,
        422,
      );
      assert.equal((await admin.post('/api/chats/999999/scheduled-messages', { text: 'x', send_at: '2099-01-01T00:00:00Z' })).status, 404);

      // The conversation's account caps the text: over its limit is refused (creating or editing), at it is kept.
      const limit = await textLimitOf(channelId);
      const later = '2099-01-01T09:00:00Z';
      const over = await admin.post(`/api/chats/${chatId}/scheduled-messages`, { text: 'x'.repeat(limit + 1), send_at: later });
      assert.deepEqual([over.status, over.body.error.code], [422, 'text_too_long']);
      assert.match(over.body.error.message, new RegExp(`Telegram allows ${limit}\\.`));
      const atLimit = await admin.post(`/api/chats/${chatId}/scheduled-messages`, { text: 'x'.repeat(limit), send_at: later });
      assert.equal(atLimit.status, 201, JSON.stringify(atLimit.body));
      const longer = await admin.patch(`/api/scheduled-messages/${atLimit.body.id}`, { text: 'x'.repeat(limit + 1) });
      assert.deepEqual([longer.status, longer.body.error.code], [422, 'text_too_long']);
      assert.equal((await admin.delete(`/api/scheduled-messages/${atLimit.body.id}`)).status, 204);
    });
  });
}
