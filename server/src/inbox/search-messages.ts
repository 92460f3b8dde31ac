// Messages matching a search, newest first, read in windows of message ids going back.
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { InboxDb, InboxPartTables } from './tables.ts';

type Visible = (eb: ExpressionBuilder<InboxPartTables, 'conversations'>) => Expression<SqlBool>;

// How far back, in message ids, the newest matches are looked for by walking the primary key (a common word
// fills the page there, and a phrase is checked on the rows walked instead of intersecting long posting
// lists); what is older is read in one go through the GIN index, so the rows read are the matches — few by
// then: a term that gets there is rarer than a page in 20,000 messages. The planner is told, as it cannot know:
// it would walk back for a term it thinks common (reading the whole table for an operator's few chats) and
// intersect posting lists for a phrase among the newest messages.
const walked = [4_000, 16_000];

/** The ids of matching messages the caller may see; no notes. */
function matchingIds(db: InboxDb, query: RawBuilder<unknown>, visible: Visible) {
  return db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select('messages.id')
    .where(visible)
    .where('messages.kind', '!=', 'note')
    .where(sql<boolean>`messages.search_words @@ ${query}`);
}

// Every column but the search vector, which is large and only for the index.
const messageColumns = [
  'id',
  'conversation_id',
  'direction',
  'sender_kind',
  'sender_contact_id',
  'sender_staff_id',
  'sender_name',
  'kind',
  'text',
  'entities',
  'attachments',
  'external_message_id',
  'reply_to_external_id',
  'media_group_id',
  'status',
  'status_reason',
  'read_at',
  'read_by_staff_id',
  'edited_at',
  'edit_history',
  'deleted_at',
  'service',
  'sent_at',
  'created_at',
] as const satisfies ReadonlyArray<keyof InboxPartTables['messages']>;

/** The messages `ids`, in that order, with the title of their chat (a private chat's is its contact's name). */
async function messagesWithTitles(db: InboxDb, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select(messageColumns.map((column) => `messages.${column}` as const))
    .select(sql<string | null>`coalesce(nullif(conversations.title, ''), contacts.display_name)`.as('chat_title'))
    .where('messages.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!);
}

/**
 * Up to `limit` matching messages older than `beforeId` (or all), newest first: what one
 * `ORDER BY id DESC LIMIT` answers, read window by window so no plan reads far past the page.
 */
export async function newestMatches(
  db: InboxDb,
  options: { query: RawBuilder<unknown>; visible: Visible; limit: number; beforeId?: number },
) {
  return messagesWithTitles(db, await newestIds(db, options));
}

async function newestIds(db: InboxDb, options: { query: RawBuilder<unknown>; visible: Visible; limit: number; beforeId?: number }) {
  const top = await db
    .selectFrom('messages')
    .select(sql<number | null>`max(id)`.as('id'))
    .executeTakeFirst();
  let high = Math.min(options.beforeId ?? Infinity, Number(top?.id ?? 0) + 1);
  const found: number[] = [];
  for (let step = 0; high > 0 && found.length < options.limit; step++) {
    const walk = step < walked.length;
    const low = walk ? Math.max(0, high - walked[step]!) : 0;
    const rows = await db.transaction().execute(async (trx) => {
      // Parallel workers would cost more to start than these reads take.
      await (
        walk
          ? sql`SELECT set_config('enable_bitmapscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`
          : sql`SELECT set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true),
            set_config('max_parallel_workers_per_gather', '0', true)`
      ).execute(trx);
      return matchingIds(trx, options.query, options.visible)
        .where('messages.id', '<', high)
        .where('messages.id', '>=', low)
        .orderBy('messages.id', 'desc')
        .limit(options.limit - found.length)
        .execute();
    });
    found.push(...rows.map((row) => row.id));
    high = low;
  }
  return found;
}

/**
 * The first page by relevance: the newest `candidates` matches ranked by how densely they hold the terms
 * (ts_rank_cd), newer first among equals. Ranking every match of a common word would read them all.
 */
export async function mostRelevant(
  db: InboxDb,
  options: { query: RawBuilder<unknown>; visible: Visible; limit: number; candidates: number },
) {
  const newest = await newestIds(db, { ...options, limit: options.candidates });
  if (newest.length === 0) return [];
  const ranked = await db
    .selectFrom('messages')
    .select('id')
    .where('id', 'in', newest)
    .orderBy(sql`ts_rank_cd(search_words, ${options.query})`, 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
  return messagesWithTitles(
    db,
    ranked.map((row) => row.id),
  );
}
