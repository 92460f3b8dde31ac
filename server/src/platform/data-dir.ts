import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRandomToken } from './crypto.ts';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
}

/**
 * PGlite has no cross-process lock and two processes on one folder corrupt it,
 * so the embedded engine takes this lock first. A lock left by a dead process
 * (kill -9, power loss) is reclaimed.
 */
export function lockDataDir(dataDir: string): { release(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'switchboard.lock');
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (readLockOwner(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLockOwner(lockPath);
      if (holder && holder.hostname === owner.hostname && isProcessAlive(holder.pid)) {
        throw new DataDirLockedError(
          `Another Switchboard process (pid ${holder.pid}, started ${holder.startedAt}) is using ${dataDir}. ` +
            'Stop it first, or use `npm run cli -- <command>`, which talks to the running server.',
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not take the lock ${lockPath}; remove it if no Switchboard process is running.`);
}

function readLockOwner(lockPath: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The embedded engine may keep its APP_SECRET beside its data, generated on first start. */
export function readOrCreateAppSecret(dataDir: string): { secret: string; created: boolean } {
  const secretPath = path.join(dataDir, 'app-secret');
  try {
    return { secret: fs.readFileSync(secretPath, 'utf8').trim(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = createRandomToken(48);
  fs.writeFileSync(secretPath, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return { secret, created: true };
}
