import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults give a working embedded setup', () => {
  const config = loadConfig({});
  assert.equal(config.PORT, 3000);
  assert.equal(config.HOST, '127.0.0.1');
  assert.match(config.dataDir, /\/data$/);
  assert.equal(config.DATABASE_URL, undefined);
  assert.equal(config.TELEGRAM_API_ROOT, 'https://api.telegram.org');
});

test('each bad variable is named with how to fix it', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /PORT: must be a port number/);
      assert.match(error.message, /DATABASE_URL: must be a URL such as postgres:/);
      assert.match(error.message, /LOG_LEVEL: must be one of/);
      return true;
    },
  );
});

test('settings that only make sense together are checked together', () => {
  assert.throws(() => loadConfig({ ADMIN_EMAIL: 'a@b.co' }), /ADMIN_PASSWORD: ADMIN_EMAIL and ADMIN_PASSWORD must be set together/);
  assert.throws(() => loadConfig({ TELEGRAM_MODE: 'webhook' }), /PUBLIC_URL: is required when TELEGRAM_MODE=webhook/);
});

test('PostgreSQL needs an APP_SECRET shared by every instance', () => {
  assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://localhost/x' }), /APP_SECRET: is required when DATABASE_URL is set/);
  assert.throws(() => loadConfig({ APP_SECRET: 'short' }), /APP_SECRET: must be at least 32 characters/);
  const config = loadConfig({ DATABASE_URL: 'postgres://localhost/x', APP_SECRET: 'x'.repeat(40) });
  assert.equal(config.DATABASE_URL, 'postgres://localhost/x');
});

test('empty values count as unset', () => {
  const config = loadConfig({ DATABASE_URL: '', PUBLIC_URL: '  ' });
  assert.equal(config.DATABASE_URL, undefined);
  assert.equal(config.PUBLIC_URL, undefined);
});
