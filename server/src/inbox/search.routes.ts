import { sql } from 'kysely';
import { z } from 'zod';
import { relevanceCandidates, searchQuery, type SearchResults } from '@switchboard/contract';
import { badRequest, currentUser, decodeCursor, encodeCursor, neutralizeBidi, type HttpApp } from '../platform/index.ts';
import { mostRelevant, newestMatches } from './search-messages.ts';
import { containsPattern, messageQuery } from './search-terms.ts';
import { serializeContact, serializeMessage } from './serializers.ts';
import type { InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

const cursorPosition = z.object({ before: z.number().int().positive() });

/**
 * One search box: messages by word, word beginning or phrase (search-terms.ts), newest first or by relevance,
 * and contacts by name, username or phone (trigram indexes) — all through the visibility rule.
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
      const { q, limit, order, cursor } = request.query;
      if (order === 'relevance' && cursor) {
        throw badRequest('order=relevance has one page: leave out cursor, or page with order=newest', 'invalid_input');
      }
      const position = decodeCursor(cursor, cursorPosition);
      const visible = await options.visibility.filter(user);
      const query = messageQuery(q);
      let messages: Awaited<ReturnType<typeof newestMatches>> = [];
      let nextCursor: string | null = null;
      if (query && order === 'relevance') {
        messages = await mostRelevant(db, { query, visible, limit, candidates: relevanceCandidates });
      } else if (query) {
        const rows = await newestMatches(db, { query, visible, limit: limit + 1, beforeId: position?.before });
        messages = rows.slice(0, limit);
        if (rows.length > limit) nextCursor = encodeCursor({ before: messages.at(-1)!.id });
      }
      // Cursor pages are more messages only: the contacts came with the first page.
      const contactRows = position ? [] : await matchingContacts(db, q, limit, user.role === 'admin' ? null : visible);
      return {
        messages: messages.map((row) => ({ ...serializeMessage(row), chat_title: neutralizeBidi(row.chat_title) })),
        next_cursor: nextCursor,
        contacts: contactRows.map(serializeContact),
      };
    },
  );
}

/** Contacts whose name, username or phone contains `q`, the closest names first; `visible` limits them to the caller's chats. */
function matchingContacts(db: InboxDb, q: string, limit: number, visible: Parameters<typeof newestMatches>[1]['visible'] | null) {
  const like = containsPattern(q);
  let contacts = db
    .selectFrom('contacts')
    .selectAll()
    .where((eb) => eb.or([eb('display_name', 'ilike', like), eb('username', 'ilike', like), eb('phone', 'ilike', like)]));
  if (visible) {
    contacts = contacts.where('id', 'in', db.selectFrom('conversations').select('conversations.contact_id').where(visible) as never);
  }
  return contacts
    .orderBy(sql`similarity(display_name, ${q})`, 'desc')
    .limit(limit)
    .execute();
}
