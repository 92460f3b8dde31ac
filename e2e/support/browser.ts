// The one way the browser tests start Chromium: Debian's (or CHROMIUM_PATH), headless, with the
// flags that keep it quiet and off the network, and a fresh profile per launch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null;
  return candidates.find((file) => fs.existsSync(file)) ?? null;
}

/** False when Chromium is there; without it, an error that says how to install it (browser tests fail, never skip). */
export function browserSkipReason(): string | false {
  if (findChromium()) return false;
  const reason = `no Chromium found (looked at ${process.env.CHROMIUM_PATH ?? candidates.join(', ')}); install it with "apt-get install -y chromium" or set CHROMIUM_PATH`;
  // A missing browser fails the browser tests (CI must install it); it never skips them.
  throw new Error(reason);
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh --user-data-dir that is removed on close. */
export async function launchChromium(
  options: {
    viewport?: { width: number; height: number };
    locale?: string;
    /** Extra Chromium flags, e.g. the fake microphone. */
    args?: string[];
    /** A phone: touch screen, coarse pointer, mobile viewport. */
    touch?: boolean;
    /** The browser's time zone (IANA); UTC unless a test checks the app does not follow it. */
    timezoneId?: string;
  } = {},
): Promise<LaunchedBrowser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium is not installed');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...chromiumFlags, ...(options.args ?? [])],
    viewport: options.viewport ?? { width: 1440, height: 900 },
    locale: options.locale ?? 'en-US',
    ...(options.touch ? { hasTouch: true, isMobile: true } : {}),
    timezoneId: options.timezoneId ?? 'UTC',
  });
  // Script errors in the page fail loudly in the test output instead of as a mysterious timeout.
  context.on('weberror', (error) => process.stderr.write(`page error: ${error.error().stack ?? error.error().message}\n`));
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const artifactsDir = path.resolve(import.meta.dirname, '..', '..', 'test-artifacts');

export function artifactPath(name: string): string {
  fs.mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, name);
}
