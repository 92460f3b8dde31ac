// Apps read their settings per event (issue 27): reads are kept for a moment and shared while in flight, and this
// instance's writes show at once. A read inside a transaction is its own (PGlite has one connection).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { createTestDatabase, testEngines, type TestDatabase } from '../testing/harness.ts';
import { createAppSettings } from './app-settings.ts';
import { openDatabase, type Database } from './db/database.ts';
import type { SwitchboardTables } from './db/tables.ts';
import { createLogger } from './logger.ts';

for (const engine of testEngines()) {
  describe(`apps' settings kept in memory, on ${engine}`, () => {
    let testDatabase: TestDatabase;
    let database: Database<SwitchboardTables>;
    before(async () => {
      testDatabase = await createTestDatabase(engine);
      database = await openDatabase({ dataDir: testDatabase.dataDir, databaseUrl: testDatabase.databaseUrl, queryTimeoutMs: 10_000 });
    });
    after(async () => {
      await database.close();
      await testDatabase.drop();
    });

    test('reads share one query and are kept; a write shows at once; a transaction reads on its own handle', async () => {
      const reads: string[] = [];
      const counted = database.db.withPlugin({
        transformQuery: (args) => (reads.push(args.node.kind), args.node),
        transformResult: async (args) => args.result,
      });
      const store = createAppSettings({
        db: counted,
        app: 'settings-test',
        schema: z.object({ cancel_on_reply: z.boolean().default(true), greeting: z.string().default('Здравствуйте') }),
        logger: createLogger({ level: 'silent' }),
      });

      const together = await Promise.all([store.read(), store.read(), store.read()]);
      assert.deepEqual(together, Array(3).fill({ cancel_on_reply: true, greeting: 'Здравствуйте' }));
      assert.equal(reads.length, 1, 'three reads at once: one query');
      await store.read();
      assert.equal(reads.length, 1, 'a read right after: from memory');

      await store.write({ cancel_on_reply: false });
      const writes = reads.length;
      assert.deepEqual(await store.read(), { cancel_on_reply: false, greeting: 'Здравствуйте' }, "this instance's write shows at once");
      assert.ok(reads.length > writes, 'read again after the write');

      // A second store (another instance) that has nothing kept reads inside a transaction on the transaction's handle.
      const other = createAppSettings({
        db: database.db,
        app: 'settings-test',
        schema: z.object({ cancel_on_reply: z.boolean().default(true), greeting: z.string().default('Здравствуйте') }),
        logger: createLogger({ level: 'silent' }),
      });
      const inside = await database.db.transaction().execute((trx) => other.read(trx));
      assert.deepEqual(inside, { cancel_on_reply: false, greeting: 'Здравствуйте' });
    });
  });
}
