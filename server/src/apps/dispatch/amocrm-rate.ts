import { sql, type Kysely } from 'kysely';
import type { DispatchTables } from './tables.ts';

/**
 * AmoCRM allows 7 requests a second per integration (not per process). Every instance reserves its
 * turn in one shared bucket row (dispatch_amocrm_rate) in a single statement, then waits for it: turns
 * are spaced 1/perSecond apart across the cluster. Burst 1 at 6 a second keeps any one-second window at
 * 7 at most, with a sixth of a second left for the network's jitter between the reservation and AmoCRM.
 */
export const amocrmRequestsPerSecond = 6;

export function createSharedRateBudget(db: Kysely<DispatchTables>, perSecond = amocrmRequestsPerSecond) {
  return async function slot(): Promise<void> {
    // The row lock serialises reservations; a reservation may put the bucket in debt, which is how long to wait.
    // A statement that waited for the lock may carry an earlier clock: the bucket's time never goes back.
    const { rows } = await sql<{ wait_seconds: number }>`
      INSERT INTO dispatch_amocrm_rate AS bucket (id, tokens, updated_at) VALUES (1, 0, clock_timestamp())
      ON CONFLICT (id) DO UPDATE SET
        tokens = least(1, bucket.tokens + greatest(0, extract(epoch FROM clock_timestamp() - bucket.updated_at)) * ${perSecond}::float8) - 1,
        updated_at = greatest(bucket.updated_at, clock_timestamp())
      RETURNING greatest(0, -bucket.tokens) / ${perSecond}::float8 AS wait_seconds`.execute(db);
    const waitMs = Number(rows[0]?.wait_seconds ?? 0) * 1000;
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  };
}
