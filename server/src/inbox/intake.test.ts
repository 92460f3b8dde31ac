import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { findFreePort } from '../testing/postgres-cluster.ts';
import { connectSocket, eventually } from '../testing/ws-client.ts';
import { settled } from '../testing/settled.ts';

for (const engine of testEngines()) {
  describe(`messages in, polling, on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'salon_bot', first_name: 'Salon' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('a customer message reaches /api/chats and the WebSocket, and /start gets the welcome', async () => {
      const { body: login } = await createApiClient(server.url).post('/api/api-token-auth/', testAdmin);
      const socket = await connectSocket(server.url, { token: login.token });
      await socket.waitFor((frame) => frame.type === 'ready');
      const user = sim.createUser({ first_name: 'Айгерим', last_name: 'Н.', username: 'aigerim', language_code: 'ru' });
      sim.sendText(token, { from: user.id, text: 'Здравствуйте! Можно записаться на завтра?' });
      const frame = await socket.waitFor((item) => item.type === 'new_message' && item.message.text.startsWith('Здравствуйте'));
      assert.equal(frame.chat.contact.display_name, 'Айгерим Н.');
      assert.equal(frame.chat.messenger, 'telegram');
      assert.equal(frame.message.sender_type, 'client');
      assert.ok(frame.seq > 0);

      const chats = await admin.get('/api/chats');
      assert.equal(chats.status, 200);
      const chat = chats.body.results.find((item: any) => item.contact?.username === 'aigerim');
      assert.ok(chat);
      assert.equal(chat.unread_count, 1);
      assert.equal(chat.last_message.text, 'Здравствуйте! Можно записаться на завтра?');
      const history = await admin.get(`/api/messages/by_chat?chat_id=${chat.id}`);
      assert.equal(history.body.results[0].text, 'Здравствуйте! Можно записаться на завтра?');
      const read = await admin.post(`/api/chats/${chat.id}/read`);
      assert.equal(read.status, 200);
      assert.equal((await admin.get(`/api/chats/${chat.id}`)).body.unread_count, 0);
      assert.ok((await admin.get(`/api/messages/by_chat?chat_id=${chat.id}`)).body.results[0].read_at);
      assert.equal((await admin.get('/api/chats/999999')).status, 404);

      sim.sendText(token, { from: user.id, text: '/start' });
      const welcome = await sim.waitForSent(token, user.id, (message) => Boolean(message.text?.includes('Hello')), 10_000);
      assert.match(welcome.text ?? '', /Здравствуйте/);
      const botReply = await socket.waitFor((item) => item.type === 'new_message' && item.message.sender_type === 'bot');
      assert.equal(botReply.message.direction, 'out');
      await socket.close();
    });

    test('a bot added through the API starts receiving without a restart', async () => {
      const second = sim.createBot({ username: 'clinic_bot', first_name: 'Clinic' });
      const created = await admin.post('/api/accounts/', {
        name: 'Clinic',
        account_type: 'bot',
        bot_token: second.token,
        intake_mode: 'polling',
        welcome_text: 'Добро пожаловать в клинику',
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.bot_username, 'clinic_bot');
      assert.equal(created.body.token_source, 'database');
      assert.doesNotMatch(JSON.stringify(created.body), new RegExp(second.token.split(':')[1]!), 'the token is masked');
      const user = sim.createUser({ first_name: 'Dana' });
      sim.sendText(second.token, { from: user.id, text: '/start' });
      const welcome = await sim.waitForSent(second.token, user.id, () => true, 10_000);
      assert.equal(welcome.text, 'Добро пожаловать в клинику');
      const chats = await eventually(async () => {
        const response = await admin.get(`/api/chats?channel_id=${created.body.id}`);
        return response.body.results.length > 0 ? response.body.results : null;
      });
      assert.equal(chats[0].channel.username, 'clinic_bot');
      const invalid = await admin.post('/api/accounts/', { name: 'Bad', bot_token: '123:not-a-real-token-at-all-xxxxxxxx' });
      assert.equal(invalid.status, 422);
      assert.equal(invalid.body.error.code, 'invalid_token');
      assert.equal((await admin.post('/api/accounts/', { name: 'Again', bot_token: second.token })).status, 409);
      assert.ok(!server.logs().some((line) => line.includes(second.token.split(':')[1]!)), 'no token in the logs');
    });

    test('a forwarded bot is never polled; its updates arrive through /api/webhook/bot/', async () => {
      const forwardedBot = sim.createBot({ username: 'legacy_bot' });
      const created = await admin.post('/api/accounts/', { name: 'Legacy', bot_token: forwardedBot.token, intake_mode: 'forwarded' });
      assert.equal(created.status, 201);
      const user = sim.createUser({ first_name: 'Forwarded' });
      const update = sim.sendText(forwardedBot.token, { from: user.id, text: 'через старого бота' });
      const anonymous = createApiClient(server.url);
      assert.equal(
        (await anonymous.request('POST', '/api/webhook/bot/', { body: update, headers: { 'x-bot-token': 'wrong' } })).status,
        401,
      );
      assert.equal(
        (await anonymous.request('POST', '/api/webhook/bot/', { body: update, headers: { 'x-bot-token': forwardedBot.token } })).status,
        200,
      );
      assert.equal(
        (await anonymous.request('POST', `/api/webhook/bot/?token=${encodeURIComponent(forwardedBot.token)}`, { body: update })).status,
        200,
      );
      await eventually(async () => (await admin.get(`/api/chats?channel_id=${created.body.id}`)).body.results.length === 1);
      const history = await admin.get(
        `/api/messages/by_chat?chat_id=${(await admin.get(`/api/chats?channel_id=${created.body.id}`)).body.results[0].id}`,
      );
      assert.equal(history.body.results.length, 1, 'the same update forwarded twice is stored once');
      assert.equal(sim.stats(forwardedBot.token).byMethod.getUpdates ?? 0, 0);
      assert.equal(sim.stats(forwardedBot.token).byMethod.setWebhook ?? 0, 0);
    });

    test('a WebSocket client that reconnects with since misses nothing', async () => {
      const { body: login } = await createApiClient(server.url).post('/api/api-token-auth/', testAdmin);
      const first = await connectSocket(server.url, { token: login.token });
      const ready = await first.waitFor((frame) => frame.type === 'ready');
      const user = sim.createUser({ first_name: 'Reconnect' });
      sim.sendText(token, { from: user.id, text: 'one' });
      const one = await first.waitFor((frame) => frame.type === 'new_message' && frame.message.text === 'one');
      assert.ok(one.seq > ready.seq);
      await first.close();
      for (const text of ['two', 'three', 'four']) sim.sendText(token, { from: user.id, text });
      await eventually(async () => (await admin.get('/api/messages/')).body.results.some((message: any) => message.text === 'four'));
      const second = await connectSocket(server.url, { token: login.token, since: one.seq });
      await second.waitFor((frame) => frame.type === 'ready');
      const replayed = second.frames.filter((frame) => frame.type === 'new_message').map((frame) => frame.message.text);
      assert.deepEqual(replayed, ['two', 'three', 'four']);
      await second.close();
      await server.switchboard.inbox.deleteEventsOlderThan(0);
      const tooOld = await connectSocket(server.url, { token: login.token, since: one.seq });
      await tooOld.waitFor((frame) => frame.type === 'resync_required');
      await tooOld.close();
    });

    test('the WebSocket refuses anonymous callers and foreign origins', async () => {
      await assert.rejects(connectSocket(server.url), /401/);
      const { body: login } = await createApiClient(server.url).post('/api/api-token-auth/', testAdmin);
      const response = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(testAdmin),
      });
      const cookie = response.headers
        .getSetCookie()
        .map((item) => item.split(';')[0])
        .join('; ');
      await assert.rejects(connectSocket(server.url, { headers: { cookie, origin: 'https://evil.example' } }), /403/);
      const sameOrigin = await connectSocket(server.url, { headers: { cookie, origin: server.url } });
      await sameOrigin.waitFor((frame) => frame.type === 'ready');
      await sameOrigin.close();
      assert.ok(login.token);
    });
  });

  describe(`messages in, webhook, on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'hook_bot' }).token;
      const port = await findFreePort();
      server = await startTestServer(engine, {
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        TELEGRAM_API_ROOT: sim.apiRoot,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-123',
      });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('updates arrive by webhook with the secret; duplicates and bad requests store nothing', async () => {
      assert.match(sim.webhookInfo(token).url, /\/webhooks\/telegram\/\d+$/);
      const user = sim.createUser({ first_name: 'Webhook' });
      sim.sendText(token, { from: user.id, text: 'by webhook' });
      await eventually(async () => (await admin.get('/api/messages/')).body.results.find((message: any) => message.text === 'by webhook'));
      const update = sim.sendText(token, { from: user.id, text: 'twice at once' });
      await eventually(async () =>
        (await admin.get('/api/messages/')).body.results.find((message: any) => message.text === 'twice at once'),
      );
      await sim.deliverRaw(token, update, { times: 2, concurrently: true });
      await settled(server.switchboard.database.db, [update.update_id]);
      const copies = (await admin.get('/api/messages/?limit=200')).body.results.filter((message: any) => message.text === 'twice at once');
      assert.equal(copies.length, 1);

      const anonymous = createApiClient(server.url);
      const fresh = {
        update_id: 999_000_001,
        message: {
          message_id: 77,
          date: 1_700_000_000,
          chat: { id: user.id, type: 'private' },
          from: { id: user.id, is_bot: false, first_name: 'Webhook' },
          text: 'forged',
        },
      };
      const wrongSecret = await anonymous.request('POST', '/webhooks/telegram', {
        body: fresh,
        headers: { 'x-telegram-bot-api-secret-token': 'nope' },
      });
      assert.equal(wrongSecret.status, 401);
      const noSecret = await anonymous.request('POST', '/webhooks/telegram', { body: fresh });
      assert.equal(noSecret.status, 401);
      const malformed = await anonymous.request('POST', '/webhooks/telegram', {
        raw: '{"update_id": 1,',
        headers: { 'x-telegram-bot-api-secret-token': 'webhook-secret-123' },
      });
      assert.equal(malformed.status, 400);
      const huge = await anonymous.request('POST', '/webhooks/telegram', {
        raw: JSON.stringify({ update_id: 999_000_002, padding: 'x'.repeat(1_100_000) }),
        headers: { 'x-telegram-bot-api-secret-token': 'webhook-secret-123' },
      });
      assert.equal(huge.status, 413);
      const notUpdate = await anonymous.request('POST', '/webhooks/telegram', {
        body: { hello: 1 },
        headers: { 'x-telegram-bot-api-secret-token': 'webhook-secret-123' },
      });
      assert.equal(notUpdate.status, 400);
      await settled(server.switchboard.database.db);
      assert.ok(!(await admin.get('/api/messages/?limit=200')).body.results.some((message: any) => message.text === 'forged'));
      const good = await anonymous.request('POST', '/webhooks/telegram', {
        body: fresh,
        headers: { 'x-telegram-bot-api-secret-token': 'webhook-secret-123' },
      });
      assert.equal(good.status, 200);
      await eventually(async () => (await admin.get('/api/messages/')).body.results.find((message: any) => message.text === 'forged'));
    });

    test('seed 000 endpoints: test, info, messenger settings', async () => {
      const testResponse = await createApiClient(server.url).get('/webhooks/telegram/test');
      assert.equal(testResponse.status, 200);
      assert.equal(testResponse.body.status, 'ok');
      assert.equal(testResponse.body.bot.username, 'hook_bot');
      assert.equal((await createApiClient(server.url).get('/webhooks/telegram/info')).status, 401);
      const info = await admin.get('/webhooks/telegram/info');
      assert.equal(info.status, 200);
      assert.match(info.body.url, /\/webhooks\/telegram\//);
      const settings = await admin.get('/api/messengers/settings');
      const telegram = settings.body.settings.find((item: any) => item.type === 'telegram');
      assert.equal(telegram.token_source, 'env');
      assert.equal(telegram.is_enabled, true);
      assert.deepEqual((await admin.get('/api/messengers/enabled')).body, { enabled_messengers: [{ type: 'telegram', name: 'Telegram' }] });
      assert.equal((await admin.put('/api/messengers/settings/tiktok', { is_enabled: true })).status, 422);
      assert.equal((await admin.put('/api/messengers/settings/whatsapp', { is_enabled: true })).status, 200);
      assert.equal(
        (await admin.put('/api/messengers/settings/telegram', { api_token: '1:xxxxxxxxxxxxxxxxxxxxxxxxxxxx' })).status,
        409,
        'the environment token wins',
      );
      assert.deepEqual(
        (await admin.get('/api/messengers/enabled')).body.enabled_messengers.map((item: any) => item.type),
        ['telegram', 'whatsapp'],
      );
    });
  });
}
