// `cli rotate-app-secret` re-encrypts every stored secret under a new key: the server then starts with the new
// key and decrypts the bot's token; with the old key it refuses to start.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken } from './testing/api-client.ts';
import { createTestDatabase, startTestServer, testAdmin, testAppSecret, testEngines, type TestDatabase } from './testing/harness.ts';

const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));
const newSecret = 'rotated-secret-rotated-secret-0123456789-abcdef';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

for (const engine of testEngines()) {
  describe(`rotate-app-secret on ${engine}`, () => {
    let sim: Simulator;
    let database: TestDatabase;
    let botId: number;
    // On the embedded engine the key usually lives in DATA_DIR/app-secret; on PostgreSQL it is always APP_SECRET.
    const keyFromFile = engine === 'pglite';
    before(async () => {
      sim = await startTelegramSimulator();
      database = await createTestDatabase(engine);
      const server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot }, database);
      try {
        const token = sim.createBot({ username: 'rotated_bot' }).token;
        botId = (await server.switchboard.registry.create({ kind: 'telegram_bot', name: 'Rotated', token, intakeMode: 'forwarded' })).id;
      } finally {
        await server.stop({ keepData: true });
      }
      if (keyFromFile) fs.writeFileSync(path.join(database.dataDir, 'app-secret'), `${testAppSecret}\n`);
    });
    after(async () => {
      await database.drop();
      await sim.stop();
    });

    test('refuses bad input and changes nothing', async () => {
      const current: Record<string, string> = keyFromFile ? {} : { APP_SECRET: testAppSecret };
      const base = { ...database.env, TELEGRAM_API_ROOT: sim.apiRoot, ...current };
      assert.equal((await cli(['rotate-app-secret', newSecret], base)).code, 2, 'the key is never an argument');
      const missing = await cli(['rotate-app-secret'], base);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /NEW_APP_SECRET/);
      assert.match((await cli(['rotate-app-secret'], { ...base, NEW_APP_SECRET: 'short' })).stderr, /at least 32 characters/);
      const wrongCurrent = await cli(['rotate-app-secret'], {
        ...base,
        APP_SECRET: 'not-the-key-not-the-key-not-the-key-0123',
        NEW_APP_SECRET: newSecret,
      });
      assert.equal(wrongCurrent.code, 1);
      assert.match(wrongCurrent.stderr, /Nothing was changed/);
    });

    test('after rotation the server starts with the new key and decrypts; with the old key it refuses', async () => {
      const secretFile = path.join(database.dataDir, 'new-key');
      fs.writeFileSync(secretFile, newSecret);
      const env: Record<string, string> = {
        ...database.env,
        TELEGRAM_API_ROOT: sim.apiRoot,
        ...(keyFromFile ? {} : { APP_SECRET: testAppSecret }),
      };
      const rotated = keyFromFile
        ? await cli(['rotate-app-secret', '--new-secret-file', secretFile], env)
        : await cli(['rotate-app-secret'], { ...env, NEW_APP_SECRET: newSecret });
      assert.equal(rotated.code, 0, rotated.stderr);
      assert.match(rotated.stdout, /channels\.credentials_encrypted: 1/);
      assert.match(rotated.stdout, /channels\.webhook_secret_encrypted: 1/);
      assert.ok(!rotated.stdout.includes(newSecret) && !rotated.stderr.includes(newSecret), 'the key is never printed');
      if (keyFromFile) assert.equal(fs.readFileSync(path.join(database.dataDir, 'app-secret'), 'utf8').trim(), newSecret);

      await assert.rejects(
        startTestServer(engine, { APP_SECRET: testAppSecret, TELEGRAM_API_ROOT: sim.apiRoot }, database),
        /APP_SECRET does not match/,
      );
      // Empty APP_SECRET: the embedded engine reads DATA_DIR/app-secret, which now holds the new key.
      const server = await startTestServer(engine, { APP_SECRET: keyFromFile ? '' : newSecret, TELEGRAM_API_ROOT: sim.apiRoot }, database);
      try {
        const admin = await signInWithToken(server.url, testAdmin);
        const checked = await admin.post(`/api/accounts/${botId}/test`);
        assert.equal(checked.status, 200, JSON.stringify(checked.body));
        assert.equal(checked.body.bot.username, 'rotated_bot');
      } finally {
        await server.stop({ keepData: true });
      }
    });
  });
}
