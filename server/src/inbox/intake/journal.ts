import { sql, type Kysely } from 'kysely';
import type { RawUpdate } from '../../channels/channel.ts';
import { isLiveInstance, type AnyDb } from '../../platform/index.ts';
import type { InboxTables } from '../tables.ts';

export interface JournalEntry {
  id: number;
  channel_id: number;
  update_id: number;
  chat_key: string;
  payload: unknown;
  recorded: boolean;
  attempts: number;
}

/** Writes updates; resolves after commit. A redelivered (channel, update_id) changes nothing. */
export async function appendToJournal(
  handle: AnyDb,
  channelId: number,
  updates: RawUpdate[],
): Promise<Array<{ id: number; chat_key: string }>> {
  if (updates.length === 0) return [];
  return (handle as Kysely<InboxTables>)
    .insertInto('intake_journal')
    .values(
      updates.map((update) => ({
        channel_id: channelId,
        update_id: update.updateId,
        chat_key: update.chatKey,
        payload: JSON.stringify(update.payload),
      })),
    )
    .onConflict((conflict) => conflict.columns(['channel_id', 'update_id']).doNothing())
    .returning(['id', 'chat_key'])
    .execute();
}

/**
 * Locks, inside the caller's transaction, the oldest open entries of one chat
 * (at most `limit`, in order), unless another live instance is processing
 * that chat right now: that is what keeps per-chat order across the
 * in-process path, the sweep and several instances. The row locks are held
 * until the caller commits, so a second claimer waits and then sees the
 * entries as this transaction left them (PostgreSQL re-reads a locked row
 * after its holder commits).
 */
export async function claimRunOfChat(
  trx: AnyDb,
  instanceId: string,
  channelId: number,
  chatKey: string,
  limit: number,
): Promise<JournalEntry[]> {
  const rows = await (trx as Kysely<InboxTables>)
    .selectFrom('intake_journal')
    .select([
      'id',
      'channel_id',
      'update_id',
      'chat_key',
      'payload',
      'recorded',
      'attempts',
      'state',
      'claimed_by',
      isLiveInstance('intake_journal.claimed_by').as('claimer_alive'),
    ])
    .where('channel_id', '=', channelId)
    .where('chat_key', '=', chatKey)
    .where('state', 'in', ['pending', 'processing'])
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .execute();
  // An entry another live instance holds (it is running its bot handlers) keeps the rest of the chat waiting behind it.
  const busy = rows.findIndex((row) => row.state === 'processing' && row.claimed_by !== instanceId && row.claimer_alive);
  return (busy === -1 ? rows : rows.slice(0, busy)).map(
    ({ state: _state, claimed_by: _claimedBy, claimer_alive: _alive, ...entry }) => entry,
  );
}

/**
 * In the recording transaction: the entries are recorded; they are done when
 * no bot handler has to run, else this instance holds them until it has run
 * the handlers (markDone).
 */
export async function markRecorded(
  trx: AnyDb,
  instanceId: string,
  entryIds: number[],
  outcome: { done: boolean; error?: string | null },
): Promise<void> {
  if (entryIds.length === 0) return;
  await (trx as Kysely<InboxTables>)
    .updateTable('intake_journal')
    .set((eb) => ({
      recorded: true,
      attempts: eb('attempts', '+', 1),
      state: outcome.done ? 'done' : 'processing',
      claimed_by: outcome.done ? null : instanceId,
      claimed_at: new Date(),
      processed_at: outcome.done ? new Date() : null,
      error: outcome.error ?? null,
    }))
    .where('id', 'in', entryIds)
    .execute();
}

/** After the bot handlers ran: one statement for the run, the error (if any) per entry. */
export async function markDone(handle: AnyDb, entries: Array<{ id: number; error: string | null }>): Promise<void> {
  if (entries.length === 0) return;
  const db = handle as Kysely<InboxTables>;
  const clean = entries.filter((entry) => entry.error === null).map((entry) => entry.id);
  if (clean.length > 0)
    await db
      .updateTable('intake_journal')
      .set({ state: 'done', processed_at: new Date(), claimed_by: null, error: null })
      .where('id', 'in', clean)
      .execute();
  for (const entry of entries.filter((item) => item.error !== null)) {
    await db
      .updateTable('intake_journal')
      .set({ state: 'done', processed_at: new Date(), claimed_by: null, error: entry.error!.slice(0, 2000) })
      .where('id', '=', entry.id)
      .execute();
  }
}

/** Recording failed: the entry goes back for a later retry (by the sweep), or fails for good after too many attempts. */
export async function releaseAfterFailure(
  handle: AnyDb,
  entry: JournalEntry,
  error: string,
  maxAttempts: number,
): Promise<'retry' | 'failed'> {
  const failed = entry.attempts + 1 >= maxAttempts;
  await (handle as Kysely<InboxTables>)
    .updateTable('intake_journal')
    .set((eb) => ({
      state: failed ? 'failed' : 'pending',
      attempts: eb('attempts', '+', 1),
      claimed_by: null,
      error: error.slice(0, 2000),
      processed_at: failed ? new Date() : null,
    }))
    .where('id', '=', entry.id)
    .execute();
  return failed ? 'failed' : 'retry';
}
/** Chats with work nobody live is doing: pending for a while, claimed by a dead instance, or left behind by a failed drain. */
export async function findStalledChats(
  handle: AnyDb,
  instanceId: string,
  olderThanMs: number,
): Promise<Array<{ channel_id: number; chat_key: string }>> {
  return (handle as Kysely<InboxTables>)
    .selectFrom('intake_journal')
    .select(['channel_id', 'chat_key'])
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'pending'), eb('received_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)]),
        eb.and([eb('state', '=', 'processing'), eb('claimed_by', '!=', instanceId), eb.not(isLiveInstance('intake_journal.claimed_by'))]),
        // Left by a drain of ours that failed after recording (kick ignores chats a drain is working on).
        eb.and([
          eb('state', '=', 'processing'),
          eb('claimed_by', '=', instanceId),
          eb('claimed_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`),
        ]),
      ]),
    )
    .groupBy(['channel_id', 'chat_key'])
    .limit(1000)
    .execute();
}

export async function deleteProcessedOlderThan(handle: AnyDb, days: number): Promise<number> {
  const result = await (handle as Kysely<InboxTables>)
    .deleteFrom('intake_journal')
    .where('state', 'in', ['done', 'failed'])
    .where('processed_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
