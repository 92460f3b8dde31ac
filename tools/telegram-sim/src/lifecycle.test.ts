import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { createPng, createSimulatorClient, startTelegramSimulator } from './index.ts';
import { callApi } from './test-support.ts';

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

function run(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return once(child, 'exit').then(([code]) => {
    clearTimeout(killer);
    return { code: code as number | null, stdout, stderr, ms: Date.now() - started };
  });
}

describe('lifecycle', () => {
  test('stop() closes the server, long polls, webhook retries, slow calls and waiters: the process exits by itself', async () => {
    const script = `
      const { startTelegramSimulator } = await import(${JSON.stringify(here('./index.ts'))});
      const sim = await startTelegramSimulator({ seed: 3 });
      const bot = sim.createBot();
      const hooked = sim.createBot();
      const user = sim.createUser({ first_name: 'Ann' });
      sim.sendText(bot.token, { from: user.id, text: '/start' });
      const api = (token, method, body) => fetch(sim.apiRoot + '/bot' + token + '/' + method, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
      await api(bot.token, 'getUpdates', { offset: -1 });
      api(bot.token, 'getUpdates', { offset: 999999999, timeout: 50 });
      sim.failNext(bot.token, 1, 'slow', { slowMs: 60000 });
      api(bot.token, 'sendMessage', { chat_id: user.id, text: 'slow' });
      await api(hooked.token, 'setWebhook', { url: 'http://127.0.0.1:9/refused' });
      sim.sendText(hooked.token, { from: user.id, text: 'retry forever' });
      sim.waitForSent(bot.token, user.id, () => false, 60000).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sim.stop();
      console.log('stopped');
    `;
    const result = await run(['--input-type=module', '-e', script], 15_000);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout.trim(), 'stopped');
    assert.equal(result.code, 0);
    assert.ok(result.ms < 10_000, `exited after ${result.ms} ms`);
  });

  test('createSimulatorClient drives another process’s simulator over /control, bytes included', async () => {
    const sim = await startTelegramSimulator();
    try {
      const client = createSimulatorClient(sim.url);
      const bot = await client.createBot({ username: 'remote_bot' });
      const user = await client.createUser({ first_name: 'Remote' });
      const png = createPng(5, 5);
      const update = await client.sendPhoto(bot.token, { from: user.id, bytes: png, caption: 'over the wire' });
      assert.equal(update.message?.caption, 'over the wire');
      assert.equal((await client.pendingUpdates(bot.token)).length, 1);
      const waiting = client.waitForSent(bot.token, user.id, (m) => m.kind === 'document', 3000);
      const form = new FormData();
      form.set('chat_id', String(user.id));
      form.set('document', new Blob([Buffer.from('%PDF-1.4 tiny')]), 'a.pdf');
      await callApi(sim.apiRoot, bot.token, 'sendDocument', form);
      const sent = await waiting;
      assert.ok(Buffer.isBuffer(sent.files[0]?.bytes));
      assert.equal(sent.files[0]?.bytes.toString(), '%PDF-1.4 tiny');
      assert.equal((await client.stats(bot.token)).sent, 1);
      await assert.rejects(client.sendText(bot.token, { from: 1, text: 'x' }), /unknown user 1/);
      const unknown = await fetch(`${sim.url}/control/launchRockets`, { method: 'POST' });
      assert.equal(unknown.status, 404);
      await client.reset();
      await assert.rejects(client.stats(bot.token), /unknown bot token/);
    } finally {
      await sim.stop();
    }
  });

  test('cli.ts prints its URL, serves, and exits on SIGTERM', async () => {
    const child = spawn(process.execPath, [here('./cli.ts'), '--port', '0', '--time-scale', '5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const url = line.toString().trim();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });
});
