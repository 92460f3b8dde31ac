import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, testEngines } from '../testing/harness.ts';
import { eventually } from '../testing/ws-client.ts';
import { withClusterLock } from './cluster.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';

test('SWITCHBOARD_ROLE is all by default; web and worker need PostgreSQL', () => {
  assert.equal(loadConfig({}).SWITCHBOARD_ROLE, 'all');
  assert.throws(() => loadConfig({ SWITCHBOARD_ROLE: 'web' }), /SWITCHBOARD_ROLE: web needs DATABASE_URL/);
  assert.throws(() => loadConfig({ SWITCHBOARD_ROLE: 'cron' }), /SWITCHBOARD_ROLE: must be one of all, web, worker/);
  const worker = loadConfig({ SWITCHBOARD_ROLE: 'worker', DATABASE_URL: 'postgres://db/switchboard', APP_SECRET: 'x'.repeat(32) });
  assert.equal(worker.SWITCHBOARD_ROLE, 'worker');
});

test(
  'a cluster lock lets one holder in at a time and frees itself when its holder fails',
  { skip: !testEngines().includes('postgres') && 'needs PostgreSQL' },
  async () => {
    const testDatabase = await createTestDatabase('postgres');
    const [first, second] = await Promise.all(
      [1, 2].map(() => openDatabase({ dataDir: testDatabase.dataDir, databaseUrl: testDatabase.databaseUrl, queryTimeoutMs: 10_000 })),
    );
    try {
      const entered: string[] = [];
      let release!: () => void;
      const holding = withClusterLock(first!, 'test-lock', async () => {
        entered.push('first');
        await new Promise<void>((resolve) => (release = resolve));
        entered.push('first done');
      });
      await eventually(() => entered.includes('first'));
      const waiting = withClusterLock(second!, 'test-lock', async () => void entered.push('second'));
      // The second holder is seen waiting on the lock in PostgreSQL before the first lets go.
      await eventually(async () => {
        const { rows } = await sql<{
          waiting: number;
        }>`SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`.execute(first!.db);
        return rows[0]!.waiting === 1;
      });
      assert.deepEqual(entered, ['first']);
      release();
      await Promise.all([holding, waiting]);
      assert.deepEqual(entered, ['first', 'first done', 'second']);

      await assert.rejects(
        withClusterLock(first!, 'test-lock', async () => Promise.reject(new Error('step failed'))),
        /step failed/,
      );
      assert.equal(await withClusterLock(second!, 'test-lock', async () => 'free again'), 'free again');
    } finally {
      await Promise.all([first!.close(), second!.close()]);
      await testDatabase.drop();
    }
  },
);
