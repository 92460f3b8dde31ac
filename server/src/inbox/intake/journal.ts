import { sql } from 'kysely';
import type { RawUpdate } from '../../channels/channel.ts';
import { isLiveInstance, type Db } from '../../platform/index.ts';
import { inboxTables, type InboxDb } from '../tables.ts';

export interface JournalEntry {
  id: number;
  channel_id: number;
  event_id: string;
  chat_key: string;
  payload: unknown;
  recorded: boolean;
  attempts: number;
}

/** Telegram keeps an undelivered update at most this long: the same id after it is a new event. */
export const duplicateWindowHours = 24;
// Two-key advisory locks (a key space of their own): this class serialises journal writes of one event id.
const journalLockClass = 7_263_013;

/**
 * Writes updates; resolves after commit. An event id this channel journaled in the last 24 hours is a
 * duplicate and changes nothing; an older or lower one is not (ids restart). The body is kept as JSON text:
 * any string Telegram can send (\u0000, lone surrogates) is accepted.
 *
 * (channel, event id) is unique, so the usual batch of new ids costs one INSERT and two concurrent
 * deliveries of one event write one row. Only a batch naming an id already in the journal takes the slow
 * path, under a lock per event: rows of those ids older than the window step aside (their key gets their own
 * row id), then the batch is written in its order.
 */
export async function appendToJournal(handle: InboxDb, channelId: number, updates: RawUpdate[]): Promise<JournaledRow[]> {
  const unique = [...new Map(updates.map((update) => [update.eventId, update])).values()];
  if (unique.length === 0) return [];
  const batch = {
    eventIds: unique.map((update) => update.eventId),
    chatKeys: unique.map((update) => update.chatKey),
    bodies: unique.map((update) => JSON.stringify(update.payload)),
  };
  const db = handle;
  const fresh = await insertBatch(db, channelId, batch, true);
  if (fresh.length === unique.length) return fresh;
  return db.transaction().execute(async (trx) => {
    await sql`
      SELECT pg_advisory_xact_lock(${journalLockClass}, key)
      FROM (SELECT DISTINCT hashtext(${String(channelId)}::text || ':' || event_id) AS key FROM unnest(${batch.eventIds}::text[]) AS event_id ORDER BY key) AS keys
    `.execute(trx);
    await sql`
      UPDATE intake_journal SET event_id = event_id || '@' || id
      WHERE channel_id = ${channelId} AND event_id = ANY(${batch.eventIds}::text[])
        AND received_at <= now() - make_interval(hours => ${duplicateWindowHours})
    `.execute(trx);
    return [...fresh, ...(await insertBatch(trx, channelId, batch, false))];
  });
}

export type JournaledRow = { id: number; event_id: string; chat_key: string };
type JournalBatch = { eventIds: string[]; chatKeys: string[]; bodies: string[] };

/** One INSERT of the batch in its order; ids already journaled are skipped. `onlyIfAllNew`: nothing is written when any id is known. */
async function insertBatch(handle: InboxDb, channelId: number, batch: JournalBatch, onlyIfAllNew: boolean): Promise<JournaledRow[]> {
  const known = onlyIfAllNew
    ? sql`AND NOT EXISTS (SELECT 1 FROM intake_journal seen WHERE seen.channel_id = ${channelId} AND seen.event_id = ANY(${batch.eventIds}::text[]))`
    : sql``;
  const inserted = await sql<JournaledRow>`
    INSERT INTO intake_journal (channel_id, event_id, chat_key, body)
    SELECT ${channelId}, fresh.event_id, fresh.chat_key, fresh.body
    FROM unnest(${batch.eventIds}::text[], ${batch.chatKeys}::text[], ${batch.bodies}::text[]) WITH ORDINALITY AS fresh(event_id, chat_key, body, position)
    WHERE true ${known}
    ORDER BY fresh.position
    ON CONFLICT (channel_id, event_id) DO NOTHING
    RETURNING id, event_id, chat_key
  `.execute(handle);
  return inserted.rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/**
 * Claims, in one statement, each chat's oldest open entries (at most `limit` per chat),
 * locked in id order (two claimers lock in the same order, so they queue rather than deadlock). The result
 * is in id order; a chat another live instance is processing keeps its entries from that one on.
 */
export async function claimRunsOfChats(
  trx: InboxDb,
  instanceId: string,
  chats: Array<{ channelId: number; chatKey: string }>,
  limit: number,
  /** The parsed body of an entry this process journaled (taken: asked once), else undefined: it is read here. */
  takeKnownPayload: (id: number) => unknown = () => undefined,
): Promise<{ entries: JournalEntry[]; busy: Set<string> }> {
  const rows = await trx
    .selectFrom('intake_journal')
    .select([
      'id',
      'channel_id',
      'event_id',
      'chat_key',
      'recorded',
      'attempts',
      'state',
      'claimed_by',
      isLiveInstance('intake_journal.claimed_by').as('claimer_alive'),
    ])
    // Rechecked on a row another claimer held: what it finished is not claimed again.
    .where('state', 'in', ['pending', 'processing'])
    .where(
      sql<boolean>`intake_journal.id IN (
        SELECT id FROM (
          SELECT id, row_number() OVER (PARTITION BY channel_id, chat_key ORDER BY id) AS place
          FROM intake_journal
          WHERE state IN ('pending', 'processing')
            AND (channel_id, chat_key) IN (
              SELECT * FROM unnest(${chats.map((chat) => chat.channelId)}::int[], ${chats.map((chat) => chat.chatKey)}::text[]))
        ) AS open WHERE place <= ${limit})`,
    )
    .orderBy('id')
    .forUpdate()
    .execute();
  const busy = new Set<string>();
  const entries: JournalEntry[] = [];
  for (const { state, claimed_by: claimedBy, claimer_alive: alive, ...entry } of rows) {
    const key = chatKeyOf(entry.channel_id, entry.chat_key);
    if (!busy.has(key) && state === 'processing' && claimedBy !== instanceId && alive) busy.add(key);
    if (!busy.has(key)) entries.push({ ...entry, payload: takeKnownPayload(entry.id) });
  }
  // Bodies are read only for entries this process did not just journal (a restart, the sweep, another instance's):
  // the usual entry's body was parsed by its webhook moments ago (issue 27: read back and parsed again for each).
  const unknown = entries.filter((entry) => entry.payload === undefined);
  if (unknown.length > 0) {
    const bodies = await trx
      .selectFrom('intake_journal')
      .select(['id', 'body'])
      .where(
        'id',
        'in',
        unknown.map((entry) => entry.id),
      )
      .execute();
    const byId = new Map(bodies.map((row) => [Number(row.id), row.body]));
    for (const entry of unknown) entry.payload = JSON.parse(byId.get(entry.id)!) as unknown;
  }
  return { entries, busy };
}

/** A chat's key in maps of chats. */
export const chatKeyOf = (channelId: number, chatKey: string) => `${channelId}\u0000${chatKey}`;

/**
 * In the recording transaction: the entries are recorded; they are done when
 * no bot handler has to run, else this instance holds them until it has run
 * the handlers (markDone).
 */
export async function markRecorded(
  trx: InboxDb,
  instanceId: string,
  entryIds: number[],
  outcome: { done: boolean; error?: string | null },
): Promise<void> {
  if (entryIds.length === 0) return;
  await trx
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
export async function markDone(handle: InboxDb, entries: Array<{ id: number; error: string | null }>): Promise<void> {
  if (entries.length === 0) return;
  const db = handle;
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

/**
 * Recording failed: the entry goes back for a later retry (by the sweep), or after too many attempts it is
 * parked with its error (listed for an admin to retry) and the chat's queue moves on past it.
 */
export async function releaseAfterFailure(
  handle: InboxDb,
  entry: JournalEntry,
  error: string,
  maxAttempts: number,
): Promise<'retry' | 'parked'> {
  const parked = entry.attempts + 1 >= maxAttempts;
  await handle
    .updateTable('intake_journal')
    .set((eb) => ({
      state: parked ? 'parked' : 'pending',
      attempts: eb('attempts', '+', 1),
      claimed_by: null,
      error: error.slice(0, 2000),
      processed_at: parked ? new Date() : null,
    }))
    .where('id', '=', entry.id)
    .execute();
  return parked ? 'parked' : 'retry';
}

/** Chats with work nobody live is doing: pending for a while, claimed by a dead instance, or left behind by a failed drain. */
export async function findStalledChats(
  handle: InboxDb,
  instanceId: string,
  olderThanMs: number,
): Promise<Array<{ channel_id: number; chat_key: string }>> {
  return handle
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

export async function deleteProcessedOlderThan(handle: Db, days: number): Promise<number> {
  const result = await inboxTables(handle)
    .deleteFrom('intake_journal')
    // Parked entries stay until an admin retries them.
    .where('state', '=', 'done')
    .where('processed_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
