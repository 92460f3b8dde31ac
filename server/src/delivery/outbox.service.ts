// Managing the outbox's queue: which bots have rows waiting, retrying, cancelling and restoring rows, the backlog.
// Queueing is outbox-enqueue.ts, claiming and the shared rate budget outbox-claims.ts, recording attempts outbox-attempts.ts.
import { sql } from 'kysely';
import type { DeliveryDb, OutboxRow } from './tables.ts';

/** Bots with queued rows, by a skip scan over the queue index (cheap however long the queue). */
export async function channelsWithQueuedRows(db: DeliveryDb): Promise<number[]> {
  const result = await sql<{ channel_id: number }>`
    WITH RECURSIVE channel_ids AS (
      (SELECT channel_id FROM outbox WHERE state = 'queued' ORDER BY channel_id LIMIT 1)
      UNION ALL
      SELECT (SELECT o.channel_id FROM outbox o WHERE o.state = 'queued' AND o.channel_id > channel_ids.channel_id ORDER BY o.channel_id LIMIT 1)
      FROM channel_ids WHERE channel_ids.channel_id IS NOT NULL)
    SELECT channel_id FROM channel_ids WHERE channel_id IS NOT NULL`.execute(db);
  return result.rows.map((row) => row.channel_id);
}

/** Puts a failed or cancelled row back in the queue, attempts reset. Null when there is no such row to retry. */
export async function requeueRow(trx: DeliveryDb, outboxId: number): Promise<OutboxRow | null> {
  const row = await trx
    .updateTable('outbox')
    .set({ state: 'queued', attempts: 0, next_attempt_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('id', '=', outboxId)
    .where('state', 'in', ['failed', 'cancelled'])
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** Cancels rows still waiting in the queue (not those being sent). */
export async function cancelRows(
  trx: DeliveryDb,
  filter: { id: number } | { referenceType: string; referenceId: string | number },
): Promise<OutboxRow[]> {
  let query = trx
    .updateTable('outbox')
    .set({ state: 'cancelled', last_error_code: 'CANCELLED', last_error: 'Cancelled before it was sent.', updated_at: sql<Date>`now()` })
    .where('state', '=', 'queued');
  query =
    'id' in filter
      ? query.where('id', '=', filter.id)
      : query.where('reference_type', '=', filter.referenceType).where('reference_id', '=', String(filter.referenceId));
  return await query.returningAll().execute();
}

/** Puts back in the queue the rows of a reference that `cancelRows` withdrew (a paused broadcast resumed). */
export async function restoreCancelledRows(
  trx: DeliveryDb,
  reference: { referenceType: string; referenceId: string | number },
): Promise<OutboxRow[]> {
  return await trx
    .updateTable('outbox')
    .set({ state: 'queued', last_error_code: null, last_error: null, next_attempt_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('reference_type', '=', reference.referenceType)
    .where('reference_id', '=', String(reference.referenceId))
    .where('state', '=', 'cancelled')
    .where('last_error_code', '=', 'CANCELLED')
    .returningAll()
    .execute();
}

export async function findRow(db: DeliveryDb, outboxId: number): Promise<OutboxRow | null> {
  return (await db.selectFrom('outbox').selectAll().where('id', '=', outboxId).executeTakeFirst()) ?? null;
}

/** Queue depth per bot, lane and state, for health and dashboards. */
export async function countBacklog(db: DeliveryDb) {
  return db
    .selectFrom('outbox')
    .select(['channel_id', 'lane', 'state', (eb) => eb.fn.countAll<number>().as('count')])
    .where('state', 'in', ['queued', 'sending'])
    .groupBy(['channel_id', 'lane', 'state'])
    .orderBy('channel_id')
    .execute();
}
