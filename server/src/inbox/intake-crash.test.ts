// kill -9 while updates stream in, then restart: every update applied exactly once, in per-chat order.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { startTelegramSimulator } from '@switchboard/telegram-sim';
import { signInWithToken } from '../testing/api-client.ts';
import { createTestDatabase, testAdmin, testAppSecret, testEngines } from '../testing/harness.ts';
import { findFreePort } from '../testing/postgres-cluster.ts';
import { eventually } from '../testing/ws-client.ts';

const mainPath = fileURLToPath(new URL('../main.ts', import.meta.url));
const chats = 12;
const perChat = 25;

function startChild(env: Record<string, string>): { child: ChildProcess; exited: Promise<unknown> } {
  const child = spawn(process.execPath, [mainPath], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { child, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

for (const engine of testEngines()) {
  describe(`intake crash on ${engine}`, () => {
    test(`kill -9 during intake of ${chats * perChat} updates: each applied exactly once, in per-chat order`, async () => {
      const sim = await startTelegramSimulator({ timeScale: 20 });
      const database = await createTestDatabase(engine);
      const port = await findFreePort();
      const url = `http://127.0.0.1:${port}`;
      const bot = sim.createBot({ username: 'crash_bot' });
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
      let running = startChild(env);
      try {
        await eventually(async () => (await fetch(`${url}/api/health`).catch(() => null))?.status === 200, 60_000, 'first start');
        await eventually(() => sim.webhookInfo(bot.token).url !== '', 10_000, 'webhook set');
        const users = Array.from({ length: chats }, (_, index) => sim.createUser({ first_name: `Crash ${index}` }));
        for (let sequence = 0; sequence < perChat; sequence++) {
          for (const user of users) sim.sendText(bot.token, { from: user.id, text: `${user.id}#${sequence}` });
        }
        await eventually(
          () => sim.webhookDeliveries(bot.token).filter((delivery) => delivery.status === 200).length >= 100,
          120_000,
          '100 acknowledged updates',
        );
        running.child.kill('SIGKILL');
        await running.exited;
        const acknowledgedBeforeKill = sim.webhookDeliveries(bot.token).filter((delivery) => delivery.status === 200).length;

        running = startChild(env);
        await eventually(async () => (await fetch(`${url}/api/health`).catch(() => null))?.status === 200, 60_000, 'restart');
        const admin = await signInWithToken(url, testAdmin);
        const list = await eventually(
          async () => {
            const response = await admin.get('/api/chats?limit=100');
            const complete = response.body.results.filter((chat: any) => chat.last_message?.text?.endsWith(`#${perChat - 1}`));
            return complete.length === chats ? response.body.results : null;
          },
          90_000,
          'every update applied',
        );
        let total = 0;
        for (const chat of list) {
          const history = await admin.get(`/api/messages/by_chat?chat_id=${chat.id}&limit=200`);
          const texts = history.body.results.map((message: any) => message.text).reverse();
          const prefix = texts[0].split('#')[0];
          assert.deepEqual(
            texts,
            Array.from({ length: perChat }, (_, sequence) => `${prefix}#${sequence}`),
            'each update once, in order',
          );
          total += texts.length;
        }
        assert.equal(total, chats * perChat);
        process.stdout.write(
          `# ${engine}: ${acknowledgedBeforeKill} updates acknowledged before kill -9; ${total} applied exactly once after restart\n`,
        );
      } finally {
        running.child.kill('SIGKILL');
        await running.exited;
        await sim.stop();
        await database.drop();
      }
    });
  });
}
