import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { startTelegramSimulator } from '@switchboard/telegram-sim';

const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));
const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test('the CLI tests the token and sets, shows and deletes the webhook', async () => {
  const sim = await startTelegramSimulator();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cli-'));
  try {
    const bot = sim.createBot({ username: 'cli_bot' });
    const env = { DATA_DIR: dataDir, TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: bot.token, TELEGRAM_WEBHOOK_SECRET: 'cli-secret' };
    const me = await cli(['bot', 'test'], env);
    assert.equal(me.code, 0, me.stderr);
    assert.equal(JSON.parse(me.stdout).username, 'cli_bot');
    assert.equal((await cli(['webhook', 'set', 'https://crm.example.com/webhooks/telegram'], env)).code, 0);
    assert.equal(JSON.parse((await cli(['webhook', 'show'], env)).stdout).url, 'https://crm.example.com/webhooks/telegram');
    assert.equal((await cli(['webhook', 'delete'], env)).code, 0);
    assert.equal(JSON.parse((await cli(['webhook', 'show'], env)).stdout).url, '');
    const refused = await cli(['bot', 'test'], { ...env, TELEGRAM_BOT_TOKEN: '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    assert.equal(refused.code, 1);
    assert.doesNotMatch(refused.stderr, /AAAAAAAAAAAAAAAAAAAA/, 'the token is never printed');
    const doctor = await cli(['doctor'], { DATA_DIR: dataDir });
    assert.equal(doctor.code, 0, doctor.stdout);
    assert.match(doctor.stdout, /✔ database/);
    assert.match(doctor.stdout, /\d+ passed, 0 failed/);
  } finally {
    await sim.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
