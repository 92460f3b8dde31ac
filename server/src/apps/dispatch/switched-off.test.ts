import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';

for (const engine of testEngines()) {
  describe(`APPS=linking,tickets (dispatch off) on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'no_dispatch_bot' }).token;
      server = await startTestServer(engine, {
        TELEGRAM_API_ROOT: sim.apiRoot,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_MODE: 'polling',
        AMOCRM_WEBHOOK_SECRET: 'secret-of-a-switched-off-app',
        APPS: 'linking,tickets',
      });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('its webhook, routes, bot commands and queues are gone; the rest works', async () => {
      for (const path of ['/api/dispatch/jobs', '/api/dispatch/crew', '/api/apps/dispatch/settings'])
        assert.equal((await admin.get(path)).status, 404, path);
      const hook = await fetch(`${server.url}/webhook/amocrm?secret=secret-of-a-switched-off-app`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'leads[add][0][id]=1',
      });
      assert.equal(hook.status, 404);
      assert.ok(!server.switchboard.jobs.queueNames().some((name) => name.startsWith('dispatch-')));
      assert.ok(server.switchboard.jobs.queueNames().includes('linking-cleanup'));
      const user = sim.createUser({ first_name: 'Nobody', language_code: 'en' });
      sim.sendText(token, { from: user.id, text: '/pending' });
      sim.sendText(token, { from: user.id, text: '/start' });
      const welcome = await sim.waitForSent(token, user.id, (message) => /Hello! Write your question/.test(message.text ?? ''), 10_000);
      assert.equal(sim.sentMessages(token, user.id)[0]!.message_id, welcome.message_id, '/pending got no answer before the welcome');
    });
  });
}
