// Messages matching a search, newest first, read in windows of message ids going back.
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import { messageColumns } from './queries/message-columns.ts';
import type { InboxDb, InboxPartTables } from './tables.ts';

type Visible = (eb: ExpressionBuilder<InboxPartTables, 'conversations'>) => Expression<SqlBool>;

// How far back, in message ids, the newest matches are looked for by walking the primary key (a common word
// fills the page there, and a phrase is checked on the rows walked instead of intersecting long posting
// lists); what is older is read in one go through the GIN index, so the rows read are the matches — few by
// then: a term that gets there is rarer than a page in 20,000 messages. The planner is told, as it cannot know:
// it would walk back for a term it thinks common (reading the whole table for an operator's few chats) and
// intersect posting lists for a phrase among the newest messages.
const walked = [4_000, 16_000];

/**
 * The ids of matching messages the caller may see (no notes), for walking back through the primary key: the match
 * is tested in a form no index serves, so the planner walks the newest rows instead of intersecting posting lists.
 */
function matchingIds(db: InboxDb, query: RawBuilder<unknown>, visible: Visible) {
  return db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select('messages.id')
    .where(visible)
    .where('messages.kind', '!=', 'note')
    .where(sql<boolean>`coalesce(messages.search_words @@ ${query}, false)`);
}

/**
 * The newest `limit` matches older than `below` the caller may see. They are read through the GIN index alone
 * (ordered by an expression no index serves, so the planner cannot walk the primary key instead) and sorted —
 * few by then. Each is then checked against its conversation one by one, newest first, stopping at the page:
 * joining every match to every conversation the caller may see would first read all of those (an operator
 * sees tens of thousands), where the page needs a few lookups.
 */
function olderMatches(db: InboxDb, options: { query: RawBuilder<unknown>; visible: Visible; limit: number; below: RawBuilder<number> }) {
  const candidates = db
    .selectFrom('messages')
    .select(['messages.id', 'messages.conversation_id', sql<number>`messages.id + 0`.as('position')])
    .where('messages.kind', '!=', 'note')
    .where(sql<boolean>`messages.search_words @@ ${options.query}`)
    .where(sql`messages.id + 0`, '<', options.below)
    .orderBy(sql`messages.id + 0`, 'desc')
    .offset(0);
  return db
    .selectFrom(candidates.as('candidate'))
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('conversations')
          .select(sql<number>`1`.as('seen'))
          .whereRef('conversations.id', '=', 'candidate.conversation_id')
          .where(options.visible)
          .limit(1)
          .as('allowed'),
      (join) => join.onTrue(),
    )
    .select('candidate.id')
    .orderBy('candidate.position', 'desc')
    .limit(options.limit);
}

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
 * branch only while the page is not full: the walked windows first, then the older matches (olderMatches).
 */
async function newestIds(db: InboxDb, options: { query: RawBuilder<unknown>; visible: Visible; limit: number; beforeId?: number }) {
  const top =
    options.beforeId === undefined
      ? sql<number>`(SELECT coalesce(max(id), 0) + 1 FROM messages)`
      : sql<number>`${options.beforeId}::bigint`;
  const edges = [0, ...walked.map((_, index) => walked.slice(0, index + 1).reduce((sum, size) => sum + size, 0))];
  const branch = (index: number) => {
    const high = sql<number>`${top} - ${edges[index]!}::bigint`;
    return matchingIds(db, options.query, options.visible)
      .where('messages.id', '<', high)
      .where('messages.id', '>=', sql<number>`${top} - ${edges[index + 1]!}::bigint`)
      .orderBy('messages.id', 'desc')
      .limit(options.limit);
  };
  const older = olderMatches(db, { ...options, below: sql<number>`${top} - ${edges.at(-1)!}::bigint` });
  const branches = [...[...walked.keys()].map((index) => sql`(${branch(index)})`), sql`(${older})`];
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
