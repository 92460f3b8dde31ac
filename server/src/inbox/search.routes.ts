import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { currentUser, type AnyDb, type HttpApp } from '../platform/index.ts';
import { serializeContact, serializeMessage } from './serializers.ts';
import type { InboxTables } from './tables.ts';
import type { Visibility } from './visibility.ts';

/**
 * One search box: messages by Russian and English stems (full-text) plus
 * partial words (trigrams), and contacts by name, username or phone — all
 * through the visibility rule.
 */
export function registerSearchRoutes(app: HttpApp, options: { db: AnyDb; visibility: Visibility }): void {
  const db = options.db as Kysely<InboxTables>;
  app.get(
    '/api/search',
    { schema: { tags: ['inbox'], summary: 'Search messages and contacts you may see', querystring: z.object({ q: z.string().trim().min(1).max(200), limit: z.coerce.number().int().min(1).max(100).default(20) }) } },
    async (request) => {
      const user = currentUser(request);
      const { q, limit } = request.query;
      const visible = await options.visibility.filter(user);
      const like = `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      const query = sql<unknown>`websearch_to_tsquery('russian', ${q}) || websearch_to_tsquery('english', ${q})`;
      const messages = await db
        .selectFrom('messages')
        .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
        .selectAll('messages')
        .select('conversations.title as chat_title')
        .where(visible)
        .where('messages.kind', '!=', 'note')
        .where((eb) => {
          const fullText = sql<boolean>`messages.search_vector @@ (${query})`;
          return q.length >= 3 ? eb.or([fullText, eb('messages.text', 'ilike', like)]) : fullText;
        })
        .orderBy('messages.id', 'desc')
        .limit(limit)
        .execute();
      let contacts = db
        .selectFrom('contacts')
        .selectAll()
        .where((eb) => eb.or([eb('display_name', 'ilike', like), eb('username', 'ilike', like), eb('phone', 'ilike', like)]));
      if (user.role !== 'admin') {
        contacts = contacts.where('id', 'in', db.selectFrom('conversations').select('conversations.contact_id').where(visible) as never);
      }
      const contactRows = await contacts.orderBy(sql`similarity(display_name, ${q})`, 'desc').limit(limit).execute();
      return {
        messages: messages.map((row) => ({ ...serializeMessage(row), chat_title: row.chat_title })),
        contacts: contactRows.map(serializeContact),
      };
    },
  );
}
