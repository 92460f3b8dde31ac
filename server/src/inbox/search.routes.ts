import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { searchQuery, type SearchResults } from '@switchboard/contract';
import { currentUser, neutralizeBidi, type HttpApp } from '../platform/index.ts';
import { serializeContact, serializeMessage } from './serializers.ts';
import type { InboxDb, InboxPartTables } from './tables.ts';
import type { Visibility } from './visibility.ts';

// How many of the newest messages a search looks at first.
const recentWindow = 5_000;
// Up to this many matching messages are fetched by id (through the indexes); more, and the newest matches are near the top.
const fewMessages = 2_000;

/**
 * The ids of every message matching, when there are at most `fewMessages`,
 * read with bitmap scans of the full-text and trigram indexes only (the
 * planner would otherwise walk the whole table backwards for a term it thinks
 * common); null when there are more.
 */
async function fewMatches(
  db: InboxDb,
  condition: (eb: ExpressionBuilder<InboxPartTables, 'messages'>) => Expression<SqlBool>,
): Promise<number[] | null> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`.execute(trx);
    const rows = await trx
      .selectFrom('messages')
      .select('messages.id')
      .where(condition)
      .limit(fewMessages + 1)
      .execute();
    return rows.length > fewMessages ? null : rows.map((row) => row.id);
  });
}

/**
 * One search box: messages by Russian and English stems (full-text) plus
 * partial words (trigrams), and contacts by name, username or phone — all
 * through the visibility rule.
 */
export function registerSearchRoutes(app: HttpApp, options: { db: InboxDb; visibility: Visibility }): void {
  const { db } = options;
  app.get(
    '/api/search',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Search messages and contacts you may see',
        querystring: searchQuery,
      },
    },
    async (request): Promise<SearchResults> => {
      const user = currentUser(request);
      const { q, limit } = request.query;
      const visible = await options.visibility.filter(user);
      const like = `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      const query = sql<unknown>`websearch_to_tsquery('russian', ${q}) || websearch_to_tsquery('english', ${q})`;
      const fullText = sql<boolean>`messages.search_vector @@ (${query})`;
      const matches = (eb: ExpressionBuilder<InboxPartTables, 'messages'>) =>
        q.length >= 3 ? eb.or([fullText, eb('messages.text', 'ilike', like)]) : fullText;
      const base = db
        .selectFrom('messages')
        .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
        .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
        .selectAll('messages')
        // A private chat has no title of its own: it is named after its contact, as in the chat list.
        .select(sql<string | null>`coalesce(nullif(conversations.title, ''), contacts.display_name)`.as('chat_title'))
        .where(visible)
        .where('messages.kind', '!=', 'note')
        .orderBy('messages.id', 'desc')
        .limit(limit);
      // Three plans, one answer: a page found among the newest messages is the page (every other match is older);
      // otherwise a rare term's matches are read through the full-text and trigram indexes; a common one's by walking back.
      let messages = await base
        .where(matches)
        .where('messages.id', '>', sql<number>`(SELECT max(id) FROM messages) - ${recentWindow}`)
        .execute();
      if (messages.length < limit) {
        const few = await fewMatches(db, (eb) => eb.and([eb('messages.kind', '!=', 'note'), matches(eb)]));
        if (few === null) messages = await base.where(matches).execute();
        else messages = few.length === 0 ? [] : await base.where('messages.id', 'in', few).execute();
      }
      let contacts = db
        .selectFrom('contacts')
        .selectAll()
        .where((eb) => eb.or([eb('display_name', 'ilike', like), eb('username', 'ilike', like), eb('phone', 'ilike', like)]));
      if (user.role !== 'admin') {
        contacts = contacts.where('id', 'in', db.selectFrom('conversations').select('conversations.contact_id').where(visible) as never);
      }
      const contactRows = await contacts
        .orderBy(sql`similarity(display_name, ${q})`, 'desc')
        .limit(limit)
        .execute();
      return {
        messages: messages.map((row) => ({ ...serializeMessage(row), chat_title: neutralizeBidi(row.chat_title) })),
        contacts: contactRows.map(serializeContact),
      };
    },
  );
}
