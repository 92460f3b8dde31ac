import { sql } from 'kysely';
import type { ParkedUpdate } from '@switchboard/contract';
import type { InboxDb } from '../tables.ts';

/** Updates that still failed after their retries (kept with their error until an admin retries them), newest first. */
export async function listParked(handle: InboxDb, limit: number): Promise<ParkedUpdate[]> {
  const rows = await handle
    .selectFrom('intake_journal')
    .select(['id', 'channel_id', 'event_id', 'chat_key', 'attempts', 'error', 'received_at', 'processed_at'])
    .where('state', '=', 'parked')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(({ processed_at: parkedAt, received_at: receivedAt, ...row }) => ({
    ...row,
    id: Number(row.id),
    received_at: receivedAt.toISOString(),
    parked_at: parkedAt?.toISOString() ?? null,
  }));
}

/** Puts a parked update back at its place in its chat's queue, with fresh attempts; null when it is not parked. */
export async function requeueParked(handle: InboxDb, id: number): Promise<{ channel_id: number; chat_key: string } | null> {
  const row = await handle
    .updateTable('intake_journal')
    .set({ state: 'pending', attempts: 0, error: null, processed_at: null, claimed_by: null })
    .where('id', '=', id)
    .where('state', '=', 'parked')
    .returning(['channel_id', 'chat_key'])
    .executeTakeFirst();
  return row ?? null;
}

/** Per channel: updates waiting (pending or being processed), how long the oldest has waited, and how many are parked. */
export interface ChannelBacklog {
  channel_id: number;
  waiting: number;
  oldest_waiting_ms: number | null;
  parked: number;
}

export async function backlogByChannel(handle: InboxDb): Promise<ChannelBacklog[]> {
  const result = await sql<{ channel_id: number; waiting: number; oldest_waiting_ms: number | null; parked: number }>`
    SELECT channel_id,
      count(*) FILTER (WHERE state IN ('pending', 'processing'))::int AS waiting,
      (extract(epoch FROM now() - min(received_at) FILTER (WHERE state IN ('pending', 'processing'))) * 1000)::float8 AS oldest_waiting_ms,
      count(*) FILTER (WHERE state = 'parked')::int AS parked
    FROM intake_journal
    WHERE state IN ('pending', 'processing', 'parked')
    GROUP BY channel_id
  `.execute(handle);
  return result.rows.map((row) => ({ ...row, channel_id: Number(row.channel_id) }));
}
