// APPS without "clinic": its routes, the seed's bot API (even with its shared secret set), its bot answers and
// its queues are gone, and the rest of Switchboard works.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';

const sharedSecret = 'seed-004-secret-of-a-switched-off-app';

for (const engine of testEngines()) {
  describe(`APPS=linking,tickets (clinic off) on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'no_clinic_bot' }).token;
      server = await startTestServer(engine, {
        TELEGRAM_API_ROOT: sim.apiRoot,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_MODE: 'polling',
        TELEGRAM_BOT_API_SECRET: sharedSecret,
        APPS: 'linking,tickets',
      });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('its routes, bot API, bot answers and queues are gone; the rest works', async () => {
      for (const path of ['/api/clinic/catalogue', '/api/clinic/waitlist', '/api/clinic/appointments', '/api/apps/clinic/settings'])
        assert.equal((await admin.get(path)).status, 404, path);
      const botApi = await fetch(`${server.url}/api/bot/branches/`, { headers: { authorization: `Bearer ${sharedSecret}` } });
      assert.ok([401, 404].includes(botApi.status), `the bot API answers ${botApi.status}`);
      assert.ok(!server.switchboard.jobs.queueNames().some((name) => name.startsWith('clinic-')));
      assert.ok(server.switchboard.jobs.queueNames().includes('linking-cleanup'));
      // No clinic registration: the plain welcome answers /start.
      const user = sim.createUser({ first_name: 'Nobody', language_code: 'ru' });
      sim.sendText(token, { from: user.id, text: '/start' });
      const first = await sim.waitForSent(token, user.id, () => true, 10_000);
      assert.doesNotMatch(first.text ?? '', /Выберите язык/);
      assert.equal((await admin.get('/api/chats')).status, 200);
    });
  });
}
