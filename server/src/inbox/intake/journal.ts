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
export async function appendToJournal(handle: AnyDb, channelId: number, updates: RawUpdate[]): Promise<Array<{ id: number; chat_key: string }>> {
  if (updates.length === 0) return [];
  return (handle as Kysely<InboxTables>)
    .insertInto('intake_journal')
    .values(updates.map((update) => ({ channel_id: channelId, update_id: update.updateId, chat_key: update.chatKey, payload: JSON.stringify(update.payload) })))
    .onConflict((conflict) => conflict.columns(['channel_id', 'update_id']).doNothing())
    .returning(['id', 'chat_key'])
    .execute();
}

/**
 * Claims the oldest open entry of one chat, unless another live instance is
 * processing that chat right now: that is what keeps per-chat order across
 * the in-process path, the sweep and several instances.
 */
export async function claimNextOfChat(handle: AnyDb, instanceId: string, channelId: number, chatKey: string): Promise<JournalEntry | null> {
  return (handle as Kysely<InboxTables>).transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`${channelId}:${chatKey}`}))`.execute(trx);
    const head = await trx
      .selectFrom('intake_journal')
      .select(['id', 'state', 'claimed_by', isLiveInstance('intake_journal.claimed_by').as('claimer_alive')])
      .where('channel_id', '=', channelId)
      .where('chat_key', '=', chatKey)
      .where('state', 'in', ['pending', 'processing'])
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (!head) return null;
    if (head.state === 'processing' && (head.claimed_by === instanceId || head.claimer_alive)) return null;
    const claimed = await trx
      .updateTable('intake_journal')
      .set((eb) => ({ state: 'processing', claimed_by: instanceId, claimed_at: new Date(), attempts: eb('attempts', '+', 1) }))
      .where('id', '=', head.id)
      .returning(['id', 'channel_id', 'update_id', 'chat_key', 'payload', 'recorded', 'attempts'])
      .executeTakeFirstOrThrow();
    return claimed;
  });
}

export async function markDone(handle: AnyDb, entryId: number, error: string | null = null): Promise<void> {
  await (handle as Kysely<InboxTables>)
    .updateTable('intake_journal')
    .set({ state: 'done', processed_at: new Date(), claimed_by: null, error })
    .where('id', '=', entryId)
    .execute();
}

/** Gives the entry back (it is retried by the sweep), or fails it for good after too many attempts. */
export async function releaseAfterFailure(handle: AnyDb, entry: JournalEntry, error: string, maxAttempts: number): Promise<'retry' | 'failed'> {
  const failed = entry.attempts >= maxAttempts;
  await (handle as Kysely<InboxTables>)
    .updateTable('intake_journal')
    .set({ state: failed ? 'failed' : 'pending', claimed_by: null, error: error.slice(0, 2000), processed_at: failed ? new Date() : null })
    .where('id', '=', entry.id)
    .execute();
  return failed ? 'failed' : 'retry';
}

/** Chats with work nobody live is doing: pending for a while, or claimed by a dead instance. */
export async function findStalledChats(handle: AnyDb, instanceId: string, olderThanMs: number): Promise<Array<{ channel_id: number; chat_key: string }>> {
  return (handle as Kysely<InboxTables>)
    .selectFrom('intake_journal')
    .select(['channel_id', 'chat_key'])
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'pending'), eb('received_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)]),
        eb.and([eb('state', '=', 'processing'), eb('claimed_by', '!=', instanceId), eb.not(isLiveInstance('intake_journal.claimed_by'))]),
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
