import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { settled } from '../../testing/settled.ts';

for (const engine of testEngines()) {
  describe(`APPS=tickets (linking off) on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'no_linking_bot' }).token;
      server = await startTestServer(engine, {
        TELEGRAM_API_ROOT: sim.apiRoot,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_MODE: 'polling',
        APPS: 'tickets',
      });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('its routes, bot handlers and jobs are gone; the portal still works', async () => {
      for (const path of ['/api/telegram/user/status', '/api/apps/linking/settings']) {
        const response = await admin.get(path);
        assert.equal(response.status, 404, path);
        assert.match(response.body.error.message, /No route/);
      }
      assert.equal((await admin.post('/api/telegram/user/generate-link')).status, 404);
      assert.ok(!server.switchboard.jobs.queueNames().includes('linking-cleanup'));
      assert.ok(server.switchboard.jobs.queueNames().includes('tickets-portal-sessions'));
      assert.equal((await admin.get('/api/clients')).status, 200);
      const user = sim.createUser({ first_name: 'Nobody', language_code: 'en' });
      sim.sendText(token, { from: user.id, text: `/start lk_${'x'.repeat(43)}` });
      await sim.waitForSent(token, user.id, (message) => /Hello! Write your question/.test(message.text ?? ''), 10_000);
      const stop = sim.sendText(token, { from: user.id, text: '/stop' });
      await settled(server.switchboard.database.db, [stop.update_id]);
      assert.equal(sim.sentMessages(token, user.id).length, 1, '/stop is no command here');
    });
  });
}
