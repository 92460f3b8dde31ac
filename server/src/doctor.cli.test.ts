// `npm run cli -- doctor` against a running server wired to the Bot API simulator: one good bot, one
// whose token stopped working, one polling behind a stray webhook; each failure names its fix.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from './testing/api-client.ts';
import { eventually } from './testing/ws-client.ts';
import { startTestServer, testAdmin, testAppSecret, testEngines, type TestServer } from './testing/harness.ts';

const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));
const run = promisify(execFile);

async function doctor(server: TestServer) {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    DATA_DIR: server.dataDir,
    APP_SECRET: testAppSecret,
    HOST: '127.0.0.1',
    PORT: new URL(server.url).port,
    ADMIN_EMAIL: testAdmin.email,
    ADMIN_PASSWORD: testAdmin.password,
    ...(server.databaseUrl ? { DATABASE_URL: server.databaseUrl } : {}),
  };
  try {
    const { stdout } = await run(process.execPath, [cliPath, 'doctor'], { env });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

const line = (stdout: string, pattern: RegExp) => stdout.split('\n').find((item) => pattern.test(item)) ?? `(no line matches ${pattern})`;

for (const engine of testEngines()) {
  describe(`cli doctor on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    before(async () => {
      sim = await startTelegramSimulator();
      const good = sim.createBot({ username: 'good_bot' });
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: good.token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('a good bot passes; a dead token and a stray webhook fail with their fixes; WebSocket, upload and jobs pass', async () => {
      const good = await doctor(server);
      assert.equal(good.code, 0, good.stdout);
      assert.match(line(good.stdout, /bot token/), /^✔ .*@good_bot/);
      assert.match(line(good.stdout, /bot webhook/), /^✔ .*polling, no webhook in the way/);
      assert.match(line(good.stdout, /websocket/), /^✔ .*sends "ready"/);
      assert.match(line(good.stdout, /upload/), /^✔ .*PNG went in and came back/);
      assert.match(line(good.stdout, /job queue/), /^✔ job queue\s+\d+ queues/);
      assert.match(line(good.stdout, /workers/), /^✔ .*intake/);

      // A second bot whose token was revoked after it was connected.
      const revoked = sim.createBot({ username: 'revoked_bot' });
      const second = await admin.post('/api/accounts', { name: 'Revoked', account_type: 'bot', bot_token: revoked.token });
      assert.equal(second.status, 201, JSON.stringify(second.body));
      const deadToken = '999999:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      await server.switchboard.database.db
        .updateTable('channels' as never)
        .set({ credentials_encrypted: server.switchboard.secretBox.encrypt(deadToken) } as never)
        .where('id' as never, '=', second.body.id as never)
        .execute();
      // A third that polls while someone pointed its webhook elsewhere with another tool.
      const stray = sim.createBot({ username: 'stray_bot' });
      const third = await admin.post('/api/accounts', {
        name: 'Stray',
        account_type: 'bot',
        bot_token: stray.token,
        intake_mode: 'polling',
      });
      assert.equal(third.status, 201, JSON.stringify(third.body));
      const set = await fetch(`${sim.apiRoot}/bot${stray.token}/setWebhook?url=${encodeURIComponent('https://elsewhere.example/hook')}`);
      assert.equal(set.status, 200);

      const broken = await doctor(server);
      assert.equal(broken.code, 1, broken.stdout);
      assert.match(line(broken.stdout, /Revoked/), new RegExp(`^✖ bot token .*refused the token.*PATCH /api/accounts/${second.body.id}`));
      assert.match(
        line(broken.stdout, /Stray.*webhook is set/),
        new RegExp(`^✖ bot webhook .*https://elsewhere\\.example/hook.*DELETE /api/accounts/${third.body.id}/webhook`),
      );
      assert.match(line(broken.stdout, /good_bot/), /^✔/);
      assert.doesNotMatch(broken.stdout, /AAAAAAAAAAAAAAAAAAAA/, 'no token is printed');
      // The stray webhook may also have stopped the bot's polling by now: its intake line says so.
      assert.match(broken.stdout, /\d+ passed, [23] failed/);
      assert.match(line(broken.stdout, /Revoked/), /refused the token \(.*[a-z].*\)\./i);
      assert.doesNotMatch(broken.stdout, /\[object Object\]/);

      // Doing what the lines say makes them pass.
      assert.equal((await admin.delete(`/api/accounts/${third.body.id}/webhook`)).status, 200);
      assert.equal((await admin.delete(`/api/accounts/${second.body.id}`)).status, 204);
      // Polling recovers on its own once the webhook is gone; the account's status says when.
      await eventually(
        async () => (await admin.get(`/api/accounts/${third.body.id}`)).body.status === 'active',
        60_000,
        'the stray bot to poll again',
      );
      const fixed = await doctor(server);
      assert.equal(fixed.code, 0, fixed.stdout);
    });
  });
}
