// The outcome of sending a claimed row: written onto the row and into the ledger (delivery_attempts); rows whose
// claiming instance died are put back in the queue with an `interrupted` entry.
import { sql } from 'kysely';
import type { AttemptOutcome, DeliveryDb, OutboxRow } from './tables.ts';

export interface AttemptRecord {
  outcome: Exclude<AttemptOutcome, 'interrupted'>;
  startedAt: Date;
  durationMs: number;
  errorCode?: string;
  description?: string;
  retryAfterMs?: number;
  externalIds?: string[];
  /** For `retrying`: when to try again. */
  nextAttemptAt?: Date;
}

/**
 * Writes attempt results onto rows this instance claimed, and their ledger
 * entries, in two statements. Returns the updated rows by id; a row missing
 * from the map had been taken over by another instance (its attempt is still
 * in the ledger).
 */
export async function recordAttempts(
  trx: DeliveryDb,
  instanceId: string,
  items: Array<{ row: OutboxRow; attempt: AttemptRecord }>,
): Promise<Map<number, OutboxRow>> {
  if (items.length === 0) return new Map();
  const values = items.map(({ row, attempt }) => {
    const state = attempt.outcome === 'retrying' ? 'queued' : attempt.outcome;
    const externalIds = attempt.externalIds ? JSON.stringify(attempt.externalIds) : null;
    return sql`(${row.id}::bigint, ${state}::text, ${externalIds}::jsonb, ${attempt.errorCode ?? null}::text, ${attempt.description ?? null}::text, ${attempt.nextAttemptAt?.toISOString() ?? null}::timestamptz)`;
  });
  const updated = await sql<OutboxRow>`
    UPDATE outbox SET state = v.state, claimed_by = NULL, claimed_at = NULL, updated_at = now(),
      sent_at = CASE WHEN v.state = 'sent' THEN now() ELSE outbox.sent_at END,
      external_ids = CASE WHEN v.state = 'sent' THEN v.external_ids ELSE outbox.external_ids END,
      last_error_code = CASE WHEN v.state = 'sent' THEN NULL ELSE v.error_code END,
      last_error = CASE WHEN v.state = 'sent' THEN NULL ELSE v.description END,
      next_attempt_at = coalesce(v.next_attempt_at, outbox.next_attempt_at)
    FROM (VALUES ${sql.join(values)}) AS v (id, state, external_ids, error_code, description, next_attempt_at)
    WHERE outbox.id = v.id AND outbox.state = 'sending' AND outbox.claimed_by = ${instanceId}
    RETURNING outbox.*`.execute(trx);
  await trx
    .insertInto('delivery_attempts')
    .values(
      items.map(({ row, attempt }) => ({
        outbox_id: row.id,
        channel_id: row.channel_id,
        attempt: row.attempts,
        instance_id: instanceId,
        started_at: attempt.startedAt,
        duration_ms: attempt.durationMs,
        outcome: attempt.outcome,
        error_code: attempt.errorCode ?? null,
        description: attempt.description ?? null,
        retry_after_ms: attempt.retryAfterMs ?? null,
        external_ids: attempt.externalIds ? JSON.stringify(attempt.externalIds) : null,
      })),
    )
    .execute();
  return new Map(updated.rows.map((row) => [row.id, row]));
}

// A claim of this very instance older than any send plus its recording retries: its result was never recorded.
const ownClaimStaleAfterSeconds = 300;

/**
 * Puts rows back in the queue whose claiming instance stopped beating (or is
 * gone), with an `interrupted` ledger entry each: their message may or may
 * not have reached the user, so a resend may duplicate it.
 */
export async function reclaimAbandoned(
  db: DeliveryDb,
  options: { instanceId: string; deadAfterMs: number },
): Promise<Array<{ outbox_id: number; channel_id: number }>> {
  const result = await sql<{ outbox_id: number; channel_id: number }>`
    WITH abandoned AS (
      SELECT o.id, o.claimed_by, o.claimed_at FROM outbox o
      WHERE o.state = 'sending' AND CASE
        WHEN o.claimed_by = ${options.instanceId} THEN o.claimed_at < now() - make_interval(secs => ${ownClaimStaleAfterSeconds})
        ELSE NOT EXISTS (
          SELECT 1 FROM instances i
          WHERE i.id = o.claimed_by AND i.last_seen_at > now() - make_interval(secs => ${options.deadAfterMs / 1000})) END
      FOR UPDATE OF o SKIP LOCKED),
    requeued AS (
      UPDATE outbox SET state = 'queued', claimed_by = NULL, claimed_at = NULL, next_attempt_at = now(), updated_at = now()
      FROM abandoned WHERE outbox.id = abandoned.id
      RETURNING outbox.id, outbox.channel_id, outbox.attempts, abandoned.claimed_by, abandoned.claimed_at)
    INSERT INTO delivery_attempts (outbox_id, channel_id, attempt, instance_id, started_at, duration_ms, outcome, description)
    SELECT id, channel_id, attempts, claimed_by, coalesce(claimed_at, now()),
      greatest(0, (extract(epoch FROM now() - coalesce(claimed_at, now())) * 1000)::integer), 'interrupted',
      'The sending instance stopped before recording the result; sent again, which may duplicate the message.'
    FROM requeued
    RETURNING outbox_id, channel_id`.execute(db);
  return result.rows;
}
