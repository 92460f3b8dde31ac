// The login backoff behind a load balancer: failures counted by one instance
// slow the same guesser down on another (counts in login_failures, keys hashed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, testEngines } from '../../testing/harness.ts';
import { openDatabase, type Database } from '../db/database.ts';
import type { PlatformTables } from '../db/tables.ts';
import { HttpError } from '../http/errors.ts';
import { createSharedLoginBackoff } from './attempt-limiter.ts';

const stranger = '203.0.113.9';
const owner = '198.51.100.7';

for (const engine of testEngines()) {
  test(`on ${engine}: failures on one instance count on another; a success clears only its pair; nothing readable is stored`, async () => {
    const testDatabase = await createTestDatabase(engine);
    // Two instances on PostgreSQL; the embedded engine belongs to one process, so there one handle serves both.
    const count = engine === 'postgres' ? 2 : 1;
    const handles: Array<Database<PlatformTables>> = [];
    try {
      for (let index = 0; index < count; index++)
        handles.push(
          await openDatabase<PlatformTables>({
            dataDir: testDatabase.dataDir,
            databaseUrl: testDatabase.databaseUrl,
            queryTimeoutMs: 10_000,
          }),
        );
      const [first, second] = [handles[0]!, handles[count - 1]!].map((handle) =>
        createSharedLoginBackoff(handle.db, { freeFailures: 3, baseDelayMs: 1_000 }),
      );
      const now = 10_000_000;
      for (let attempt = 0; attempt < 3; attempt++) {
        await (attempt % 2 ? second! : first!).check('admin@example.com', stranger, now);
        await (attempt % 2 ? second! : first!).recordFailure('Admin@Example.com', stranger, now);
      }
      await assert.rejects(
        second!.check('admin@example.com', stranger, now),
        (error: unknown) => error instanceof HttpError && error.statusCode === 429,
        'the other instance makes the guesser wait',
      );
      await second!.check('admin@example.com', stranger, now + 1_000);
      await second!.check('admin@example.com', owner, now);
      await first!.recordSuccess('admin@example.com', stranger);
      await second!.check('admin@example.com', stranger, now);
      const { rows } = await sql<{ key: string }>`SELECT key FROM login_failures`.execute(handles[0]!.db);
      assert.equal(rows.length, 1, 'the address count stays after the success');
      assert.doesNotMatch(rows.map((row) => row.key).join(), /admin|203\.0/);
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
      await testDatabase.drop();
    }
  });
}
