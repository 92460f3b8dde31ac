import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DataDirLockedError, lockDataDir, readOrCreateAppSecret } from './data-dir.ts';

const lockModule = new URL('./data-dir.ts', import.meta.url).href;

test('a second holder is refused while the first lives, and a lock left by kill -9 is reclaimed', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-lock-'));
  try {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { lockDataDir } from '${lockModule}'; lockDataDir(${JSON.stringify(dataDir)}); console.log('locked'); setInterval(() => {}, 1000);`,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    assert.throws(
      () => lockDataDir(dataDir),
      (error: unknown) => error instanceof DataDirLockedError && /Another Switchboard process \(pid \d+/.test(error.message),
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const lock = lockDataDir(dataDir);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dataDir, 'switchboard.lock'), 'utf8')).pid, process.pid);
    lock.release();
    assert.equal(fs.existsSync(path.join(dataDir, 'switchboard.lock')), false);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the embedded APP_SECRET is generated once, private, then reused', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-secret-'));
  try {
    const first = readOrCreateAppSecret(dataDir);
    assert.equal(first.created, true);
    assert.ok(first.secret.length >= 32);
    assert.equal(fs.statSync(path.join(dataDir, 'app-secret')).mode & 0o777, 0o600);
    assert.deepEqual(readOrCreateAppSecret(dataDir), { secret: first.secret, created: false });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
