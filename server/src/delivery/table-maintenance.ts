import { sql } from 'kysely';
import type { Db, Logger } from '../platform/index.ts';

/**
 * The embedded engine runs no autovacuum, and the outbox is rewritten on every
 * claim and result: left alone, dead rows pile up and the claim query slows
 * down. Where no autovacuum launcher is running, vacuum it ourselves while it changes.
 */
export function createTableMaintenance(db: Db, logger: Logger, intervalMs: number) {
  let needed: boolean | undefined;
  let lastRunAt = Date.now();
  let claimedAtLastRun = 0;
  return {
    async run(claimedSoFar: number): Promise<void> {
      needed ??= !(
        await sql<{ running: boolean }>`
        SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE backend_type = 'autovacuum launcher') AS running`.execute(db)
      ).rows[0]?.running;
      if (!needed || claimedSoFar === claimedAtLastRun || Date.now() - lastRunAt < intervalMs) return;
      const started = Date.now();
      await sql`VACUUM (ANALYZE) outbox`.execute(db);
      lastRunAt = Date.now();
      claimedAtLastRun = claimedSoFar;
      logger.debug({ ms: lastRunAt - started }, 'delivery: vacuumed the outbox');
    },
  };
}
