import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { sql } from 'kysely';
import { hashToken } from '../../platform/index.ts';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { createPortalClient, linkTelegram, type PortalClient } from '../../testing/portal.fixture.ts';

for (const engine of testEngines()) {
  describe(`telegram linking on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    let client: PortalClient;
    const replyTo = (userId: number, pattern: RegExp) =>
      sim.waitForSent(token, userId, (message) => pattern.test(message.text ?? ''), 10_000);
    const startWith = (userId: number, payload: string) => sim.sendText(token, { from: userId, text: `/start ${payload}` });
    const payloadOf = (link: string) => new URL(link).searchParams.get('start')!;

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'portal_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
      client = await createPortalClient(server.url, admin, { name: 'Айгерим Нурланова', email: 'aigerim@example.com' });
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('a client links by deep link; the token is single-use, and mute, /stop and the portal unlink', async () => {
      const generated = await client.api.post('/api/telegram/client/generate-link');
      assert.equal(generated.status, 200);
      assert.match(generated.body.link, /^https:\/\/t\.me\/portal_bot\?start=lk_[A-Za-z0-9_-]+$/);
      const payload = payloadOf(generated.body.link);
      assert.ok(payload.length <= 64, `${payload.length} characters`);
      assert.match(generated.body.qr_code, /^data:image\/png;base64,/);
      assert.match(generated.body.qr_svg, /<svg/);
      assert.ok(Date.parse(generated.body.expires_at) > Date.now() + 14 * 60_000);
      const stored = await sql<{ token_hash: string }>`SELECT token_hash FROM telegram_link_tokens`.execute(server.switchboard.database.db);
      assert.ok(!JSON.stringify(stored.rows).includes(payload), 'only the hash is stored');
      assert.equal((await client.api.get('/api/telegram/client/status')).body.pending_link_expires_at, generated.body.expires_at);

      const ann = sim.createUser({ first_name: 'Айгерим', username: 'aigerim', language_code: 'ru' });
      startWith(ann.id, payload);
      await replyTo(ann.id, /Готово! Telegram привязан к вашему аккаунту в клиентском портале/);
      const status = (await client.api.get('/api/telegram/client/status')).body;
      assert.deepEqual(
        {
          connected: status.connected,
          enabled: status.enabled,
          user: status.telegram_user_id,
          username: status.telegram_username,
          bot: status.bot_username,
          language: status.language,
        },
        { connected: true, enabled: true, user: String(ann.id), username: 'aigerim', bot: 'portal_bot', language: 'ru' },
      );

      const stranger = sim.createUser({ first_name: 'Stranger', language_code: 'en' });
      startWith(ann.id, payload);
      await replyTo(ann.id, /уже использована/);
      startWith(stranger.id, payload);
      await replyTo(stranger.id, /already been used and linked nothing/);
      startWith(stranger.id, `lk_${'A'.repeat(43)}`);
      await replyTo(stranger.id, /not recognised/);
      const kazakh = sim.createUser({ first_name: 'Дана', language_code: 'kk' });
      startWith(kazakh.id, 'lk_guessed');
      await replyTo(kazakh.id, /Сілтеме танылмады/);
      assert.equal(
        (await client.api.get('/api/telegram/client/status')).body.telegram_user_id,
        String(ann.id),
        'replays and guesses changed nothing',
      );
      sim.sendText(token, { from: stranger.id, text: '/start' });
      await replyTo(stranger.id, /Hello! Write your question/);

      const muted = await client.api.patch('/api/telegram/client/status', { enabled: false });
      assert.equal(muted.status, 200);
      assert.deepEqual([muted.body.connected, muted.body.enabled], [true, false]);
      sim.sendText(token, { from: ann.id, text: '/stop' });
      await replyTo(ann.id, /Telegram отвязан/);
      assert.equal((await client.api.get('/api/telegram/client/status')).body.connected, false);
      sim.sendText(token, { from: ann.id, text: '/stop' });
      await replyTo(ann.id, /не привязан ни к одному аккаунту/);
      assert.equal((await client.api.patch('/api/telegram/client/status', { enabled: true })).status, 409);

      await linkTelegram(sim, token, client.api, '/api/telegram/client', ann);
      const disconnected = await client.api.post('/api/telegram/client/disconnect');
      assert.deepEqual([disconnected.status, disconnected.body.connected], [200, false]);
    });

    test('an expired token binds nothing; a new link makes the previous one stop working', async () => {
      const first = payloadOf((await admin.post('/api/telegram/user/generate-link')).body.link);
      const second = payloadOf((await admin.post('/api/telegram/user/generate-link')).body.link);
      const staffer = sim.createUser({ first_name: 'Staff', language_code: 'ru' });
      startWith(staffer.id, first);
      await replyTo(staffer.id, /Срок действия ссылки истёк/);
      await sql`UPDATE telegram_link_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = ${hashToken(second)}`.execute(
        server.switchboard.database.db,
      );
      startWith(staffer.id, second);
      await eventually(
        () => sim.sentMessages(token, staffer.id).filter((message) => /истёк/.test(message.text ?? '')).length === 2,
        10_000,
        'the second refusal',
      );
      assert.equal((await admin.get('/api/telegram/user/status')).body.connected, false);
      await linkTelegram(sim, token, admin, '/api/telegram/user', staffer);
      const status = (await admin.get('/api/telegram/user/status')).body;
      assert.deepEqual([status.connected, status.telegram_user_id], [true, String(staffer.id)]);
    });

    test('several users opening one link at once: exactly one is linked', async () => {
      const other = await createPortalClient(server.url, admin, { name: 'Concurrent', email: 'concurrent@example.com' });
      const payload = payloadOf((await other.api.post('/api/telegram/client/generate-link')).body.link);
      const users = Array.from({ length: 6 }, (_, index) => sim.createUser({ first_name: `Racer ${index}`, language_code: 'en' }));
      for (const user of users) startWith(user.id, payload);
      const replies = await Promise.all(users.map((user) => replyTo(user.id, /Done!|already been used/)));
      const winners = users.filter((_, index) => /Done!/.test(replies[index]!.text ?? ''));
      assert.equal(winners.length, 1, replies.map((reply) => reply.text).join(' | '));
      assert.equal((await other.api.get('/api/telegram/client/status')).body.telegram_user_id, String(winners[0]!.id));
      const links = await sql<{
        count: number;
      }>`SELECT count(*)::int AS count FROM telegram_links WHERE subject_kind = 'client' AND subject_id = ${other.id}`.execute(
        server.switchboard.database.db,
      );
      assert.equal(links.rows[0]!.count, 1);
    });

    test('a link opened in another bot binds nothing there; a bot without the linking app ignores it', async () => {
      const payload = payloadOf((await client.api.post('/api/telegram/client/generate-link')).body.link);
      const otherBot = sim.createBot({ username: 'other_bot' });
      await server.switchboard.registry.create({ kind: 'telegram_bot', name: 'Other', token: otherBot.token, intakeMode: 'polling' });
      const plainBot = sim.createBot({ username: 'plain_bot' });
      await server.switchboard.registry.create({
        kind: 'telegram_bot',
        name: 'Plain',
        token: plainBot.token,
        intakeMode: 'polling',
        settings: { apps: [] },
      });
      const user = sim.createUser({ first_name: 'Roamer', language_code: 'ru' });
      sim.sendText(otherBot.token, { from: user.id, text: `/start ${payload}` });
      await sim.waitForSent(otherBot.token, user.id, (message) => /для другого бота \(@portal_bot\)/.test(message.text ?? ''), 10_000);
      sim.sendText(plainBot.token, { from: user.id, text: `/start ${payload}` });
      await sim.waitForSent(plainBot.token, user.id, (message) => /Здравствуйте! Напишите ваш вопрос/.test(message.text ?? ''), 10_000);
      startWith(user.id, payload);
      await replyTo(user.id, /Готово!/);
    });

    test('staff write to a client: refused clearly when not linked, delivered into the inbox conversation when linked', async () => {
      const lone = await createPortalClient(server.url, admin, { name: 'Not linked', email: 'lone@example.com' });
      const refused = await admin.post(`/api/telegram/client/${lone.id}/send-message`, { message: 'Hello' });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'client_not_linked');
      assert.match(refused.body.error.message, /has not linked Telegram yet/);
      assert.equal((await admin.post('/api/telegram/client/999999/send-message', { message: 'Hello' })).status, 404);
      assert.equal((await admin.get(`/api/telegram/client/${lone.id}/status`)).body.connected, false);

      const user = sim.createUser({ first_name: 'Linked', language_code: 'ru' });
      await linkTelegram(sim, token, lone.api, '/api/telegram/client', user);
      assert.equal((await admin.get(`/api/telegram/client/${lone.id}/status`)).body.connected, true);
      const sent = await admin.post(`/api/telegram/client/${lone.id}/send-message`, { message: 'Ваш заказ готов' });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.equal(sent.body.delivered_via, 'conversation');
      await replyTo(user.id, /^Ваш заказ готов$/);
      const history = await admin.get(`/api/messages/by_chat?chat_id=${sent.body.chat_id}`);
      assert.ok(history.body.results.some((message: any) => message.text === 'Ваш заказ готов' && message.sender_type === 'admin'));
      // The link's account caps the text (its kind's capabilities): over it is refused naming the limit, at it goes.
      const over = await admin.post(`/api/telegram/client/${lone.id}/send-message`, { message: 'x'.repeat(4097) });
      assert.deepEqual([over.status, over.body.error.code], [422, 'text_too_long'], JSON.stringify(over.body));
      assert.match(over.body.error.message, /^message: .*Telegram allows 4096\./);
      const atLimit = await admin.post(`/api/telegram/client/${lone.id}/send-message`, { message: 'x'.repeat(4096) });
      assert.equal(atLimit.status, 201, JSON.stringify(atLimit.body));
    });
  });
}
