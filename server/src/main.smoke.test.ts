// Starts the real server the way the README does (`node server/src/main.ts`),
// proving Node's type stripping accepts every file it loads.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { findFreePort } from './testing/postgres-cluster.ts';

const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));

function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const child = spawn(process.execPath, [mainPath], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealth(url: string, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.status === 200) return response;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no healthy answer from ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('the real server starts on a fresh DATA_DIR, refuses a second process, and survives kill -9', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-smoke-'));
  const port = await findFreePort();
  const env = { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  const url = `http://127.0.0.1:${port}`;
  const first = startServer(env);
  try {
    const health = await waitForHealth(url);
    assert.equal(((await health.json()) as { status: string }).status, 'healthy');
    assert.match(first.output(), /setup code/, 'a fresh install prints its one-time setup code');
    assert.ok(fs.existsSync(path.join(dataDir, 'app-secret')), 'the APP_SECRET is generated into DATA_DIR');

    const second = startServer({ ...env, PORT: String(await findFreePort()) });
    assert.equal(await second.exited, 1);
    assert.match(second.output(), /Another Switchboard process \(pid \d+/);

    first.child.kill('SIGKILL');
    await first.exited;
    const restarted = startServer(env);
    try {
      await waitForHealth(url);
    } finally {
      restarted.child.kill('SIGTERM');
      assert.equal(await restarted.exited, 0, 'SIGTERM stops cleanly');
    }
    assert.equal(fs.existsSync(path.join(dataDir, 'switchboard.lock')), false, 'a clean stop releases the lock');

    const badConfig = startServer({ ...env, PORT: 'eighty' });
    assert.equal(await badConfig.exited, 1);
    assert.match(badConfig.output(), /PORT: must be a port number/);
  } finally {
    first.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
