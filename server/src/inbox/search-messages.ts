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
function matchingIds(db: InboxDb, query: RawBuilder<unknown>, visible: Visible, walk: boolean) {
  return db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select('messages.id')
    .where(visible)
    .where('messages.kind', '!=', 'note')
    .where(walk ? sql<boolean>`coalesce(messages.search_words @@ ${query}, false)` : sql<boolean>`messages.search_words @@ ${query}`);
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
  'reactions',
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

/**
 * The ids, in one statement: each window is a branch of a UNION ALL under the LIMIT, and PostgreSQL runs a
 * branch only while the page is not full. The walked branches test the match in a form no index serves (so the
 * planner walks the primary key); the last bounds and orders by an expression no index serves (so it reads the
 * matches through the GIN index alone and sorts them).
 */
async function newestIds(db: InboxDb, options: { query: RawBuilder<unknown>; visible: Visible; limit: number; beforeId?: number }) {
  const top =
    options.beforeId === undefined
      ? sql<number>`(SELECT coalesce(max(id), 0) + 1 FROM messages)`
      : sql<number>`${options.beforeId}::bigint`;
  const edges = [0, ...walked.map((_, index) => walked.slice(0, index + 1).reduce((sum, size) => sum + size, 0))];
  const branch = (index: number) => {
    const walk = index < walked.length;
    const high = sql<number>`${top} - ${edges[index]!}::bigint`;
    const ids = matchingIds(db, options.query, options.visible, walk)
      .where(walk ? sql`messages.id` : sql`messages.id + 0`, '<', high)
      .orderBy(walk ? sql`messages.id` : sql`messages.id + 0`, 'desc')
      .limit(options.limit);
    return walk ? ids.where('messages.id', '>=', sql<number>`${top} - ${edges[index + 1]!}::bigint`) : ids;
  };
  const branches = [...walked.keys(), walked.length].map((index) => sql`(${branch(index)})`);
  const { rows } = await sql<{
    id: number;
  }>`SELECT id FROM (${sql.join(branches, sql` UNION ALL `)}) AS found LIMIT ${options.limit}`.execute(db);
  return rows.map((row) => Number(row.id));
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
