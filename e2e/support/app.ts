// One Switchboard per test file, in-process on the embedded engine, wired to an in-process Bot API
// simulator, serving the current web build. Browser test files take a lock so one runs at a time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTelegramSimulator, type BotInfo, type Simulator } from '@switchboard/telegram-sim';
import type { StartOptions } from '../../server/src/main.ts';
import { startTestServer, testAdmin, type TestServer } from '../../server/src/testing/harness.ts';
import { ensureWebBuild } from '../../web/scripts/build.ts';

export { testAdmin };

export interface E2eApp {
  sim: Simulator;
  bot: BotInfo;
  server: TestServer;
  url: string;
  stop(): Promise<void>;
}

export async function startE2eApp(env: Record<string, string> = {}, start: Omit<StartOptions, 'logDestination'> = {}): Promise<E2eApp> {
  await ensureWebBuild({ quiet: true });
  const sim = await startTelegramSimulator({ timeScale: 10 });
  const bot = sim.createBot({ username: 'shop_bot', first_name: 'Shop' });
  const server = await startTestServer(
    'pglite',
    {
      TELEGRAM_API_ROOT: sim.apiRoot,
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_MODE: 'polling',
      LOG_LEVEL: 'warn',
      ...env,
    },
    undefined,
    start,
  );
  const page = await fetch(`${server.url}/`);
  if (!(page.headers.get('content-type') ?? '').startsWith('text/html')) {
    await server.stop();
    await sim.stop();
    throw new Error(
      `the server does not serve the web app at / (${page.status}): main.ts must call registerWebApp(app, { distDir }) from platform/http/web-app.ts`,
    );
  }
  return {
    sim,
    bot,
    server,
    url: server.url,
    async stop() {
      await server.stop();
      await sim.stop();
    },
  };
}

/** The setup code from the "first run:" log line. */
export function setupCodeFrom(server: TestServer): string {
  for (const line of server.logs()) {
    const match = /setup code ([A-Z0-9]+)/.exec(line);
    if (match) return match[1]!;
  }
  throw new Error('no "first run: … setup code" line in the server log');
}

/** Serialises browser test files across the test runner's worker processes: one browser at a time. */
export async function acquireBrowserLock(): Promise<() => void> {
  const lock = path.join(os.tmpdir(), 'switchboard-e2e.lock');
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return () => fs.rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // being created right now
      }
      if (owner > 0 && !isAlive(owner)) fs.rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<Exclude<T, false | undefined | null>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false && value !== null) return value as Exclude<T, false | undefined | null>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
