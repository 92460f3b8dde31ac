import { sql, type Kysely } from 'kysely';
import { createRandomToken } from './crypto.ts';
import { platformTables, type PlatformTables } from './db/tables.ts';
import type { Heartbeats } from './health/heartbeats.ts';
import type { Logger } from './logger.ts';

/** Seconds without a beat after which an instance's claims (journal, outbox, leases) are taken over. */
export const instanceDeadAfterSeconds = 15;

/**
 * This process in the `instances` table, beating every few seconds, so other
 * instances can tell live claims from those of a process that died.
 */
export async function registerInstance<DB extends PlatformTables>(options: {
  db: Kysely<DB>;
  logger: Logger;
  heartbeats: Heartbeats;
  beatMs?: number;
  exclusive?: boolean;
}) {
  const db = platformTables(options.db);
  const id = `${process.pid}-${createRandomToken(6)}`;
  // The embedded engine belongs to one process (the data-dir lock): any other instance row is a dead one.
  if (options.exclusive) await db.deleteFrom('instances').execute();
  await db.insertInto('instances').values({ id, started_at: new Date(), last_seen_at: new Date() }).execute();
  const beatHealth = options.heartbeats.register('instance', 30_000);
  const timer = setInterval(() => {
    db.updateTable('instances')
      .set({ last_seen_at: new Date() })
      .where('id', '=', id)
      .execute()
      .then(() => {
        beatHealth();
        return db
          .deleteFrom('instances')
          .where('last_seen_at', '<', sql<Date>`now() - interval '1 day'`)
          .execute();
      })
      .catch((error: unknown) => options.logger.warn({ err: error }, 'instance heartbeat failed'));
  }, options.beatMs ?? 5_000);
  timer.unref();
  return {
    id,
    async stop() {
      clearInterval(timer);
      await db
        .deleteFrom('instances')
        .where('id', '=', id)
        .execute()
        .catch(() => undefined);
    },
  };
}

/** SQL condition: the claim owner `column` is a live instance. */
export function isLiveInstance(column: string) {
  return sql<boolean>`EXISTS (SELECT 1 FROM instances WHERE instances.id = ${sql.ref(column)} AND instances.last_seen_at > now() - make_interval(secs => ${instanceDeadAfterSeconds}))`;
}
