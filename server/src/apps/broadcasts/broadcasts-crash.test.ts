// kill -9 in the middle of a broadcast, then a restart: every recipient gets it, and what repeats stays within the
// messages that were in flight at the kill (the Bot API has no idempotency key), which the stats report.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startTelegramSimulator } from '@switchboard/telegram-sim';
import { signInWithToken } from '../../testing/api-client.ts';
import { createTestDatabase, testAdmin, testAppSecret, testEngines } from '../../testing/harness.ts';
import { findFreePort } from '../../testing/postgres-cluster.ts';
import { startServerProcess, waitForHealthy } from '../../testing/server-process.ts';
import { eventually } from '../../testing/ws-client.ts';

const recipients = 120;
const marker = /Clinic closed on Friday/;

for (const engine of testEngines()) {
  describe(`broadcast crash on ${engine}`, () => {
    test(`kill -9 while a broadcast to ${recipients} is sending: none lost after the restart, repeats within the in-flight window`, async () => {
      const sim = await startTelegramSimulator({
        seed: 22,
        rates: { botPerSecond: 10_000, botBurst: 10_000, privateChatPerSecond: 100, privateChatBurst: 100 },
      });
      const database = await createTestDatabase(engine);
      const port = await findFreePort();
      const url = `http://127.0.0.1:${port}`;
      const bot = sim.createBot({ username: 'crash_broadcast_bot' });
      const env = {
        ...database.env,
        PORT: String(port),
        PUBLIC_URL: url,
        APP_SECRET: testAppSecret,
        ADMIN_EMAIL: testAdmin.email,
        ADMIN_PASSWORD: testAdmin.password,
        TELEGRAM_API_ROOT: sim.apiRoot,
        TELEGRAM_BOT_TOKEN: bot.token,
        LOG_LEVEL: 'warn',
      };
      let running = await startServerProcess(env);
      try {
        await waitForHealthy(running, 60_000);
        const users = Array.from({ length: recipients }, (_, index) => sim.createUser({ first_name: `Patient ${index}` }));
        for (const user of users) sim.sendText(bot.token, { from: user.id, text: 'hello' });
        let admin = await signInWithToken(url, testAdmin);
        const channelId: number = (await admin.get('/api/accounts')).body.results[0].id;
        const filter = { channel_id: channelId };
        await eventually(
          async () => (await admin.post('/api/broadcasts/preview', { kind: 'service', filter })).body.count === recipients,
          60_000,
          'every customer in the audience',
        );

        // Every send takes 1.5 s inside the simulator, so the bot's whole in-flight window is mid-request at the kill.
        sim.setFaults(bot.token, { rateSlow: 1, slowMs: 1_500, methods: ['sendMessage'] });
        const created = await admin.post('/api/broadcasts', {
          name: 'Holiday',
          kind: 'service',
          filter,
          texts: { default: 'Clinic closed on Friday, {{name|friend}}.' },
        });
        assert.equal(created.status, 201);
        assert.equal((await admin.post(`/api/broadcasts/${created.body.id}/start`)).body.recipients, recipients);
        const atKill = await eventually(
          () => {
            const stats = sim.stats(bot.token);
            const inFlight = (stats.byMethod.sendMessage ?? 0) - stats.sent;
            return stats.sent >= 20 && inFlight >= 20 ? { sent: stats.sent, inFlight } : undefined;
          },
          60_000,
          'a crowd of broadcast messages in flight',
        );
        running.child.kill('SIGKILL');
        await running.exited;
        sim.setFaults(bot.token, null);

        running = await startServerProcess(env);
        await waitForHealthy(running, 60_000);
        admin = await signInWithToken(url, testAdmin);
        const stats = await eventually(
          async () => {
            const response = await admin.get(`/api/broadcasts/${created.body.id}/stats`);
            return response.body.state === 'done' ? response.body : undefined;
          },
          90_000,
          'the broadcast done after the restart',
        );

        const received = users.map(
          (user) => sim.sentMessages(bot.token, user.id).filter((message) => marker.test(message.text ?? '')).length,
        );
        const lost = received.filter((count) => count === 0).length;
        const repeated = received.reduce((sum, count) => sum + Math.max(0, count - 1), 0);
        process.stdout.write(
          `# ${engine}: ${atKill.sent} delivered and ${atKill.inFlight} in flight at kill -9; after the restart ${lost} lost, ` +
            `${repeated} repeated, stats: sent ${stats.sent}, retried ${stats.retried}\n`,
        );
        assert.equal(lost, 0, 'every recipient got it');
        assert.equal(stats.sent, recipients);
        assert.equal(stats.remaining, 0);
        assert.ok(
          repeated <= stats.retried,
          `repeats (${repeated}) are among the recipients the stats count as retried (${stats.retried})`,
        );
        // The in-flight window: delivery keeps at most 50 messages of one bot in flight per instance.
        assert.ok(stats.retried <= 50, `retried (${stats.retried}) stays within the in-flight window of 50`);
      } finally {
        running.child.kill('SIGKILL');
        await running.exited;
        await sim.stop();
        await database.drop();
      }
    });
  });
}
