import { contactListQuery, contactPosition, idParams, mergeBody, profileBody } from '@switchboard/contract';
import { sql, type Kysely } from 'kysely';
import {
  conflict,
  currentUser,
  decodeCursor,
  encodeCursor,
  notFound,
  type AnyDb,
  type HttpApp,
  type StaffUser,
} from '../platform/index.ts';
import { contactActivity, recordsReferencing } from './contacts.ts';
import { serializeContact } from './serializers.ts';
import type { ContactRow, InboxTables } from './tables.ts';
import type { Visibility } from './visibility.ts';

const escapeLike = (text: string) => `%${text.trim().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** Contacts: list, search, profile, merge of duplicates; staff see the contacts of conversations they may see. */
export function registerContactRoutes(app: HttpApp, options: { db: AnyDb; visibility: Visibility }): void {
  const db = options.db as Kysely<InboxTables>;
  const tags = ['contacts'];

  async function visibleContactIds(user: StaffUser) {
    const visible = await options.visibility.filter(user);
    return db
      .selectFrom('conversations')
      .select('conversations.contact_id')
      .where(visible)
      .where('conversations.contact_id', 'is not', null);
  }

  async function findContact(user: StaffUser, id: number): Promise<ContactRow> {
    let query = db.selectFrom('contacts').selectAll().where('id', '=', id);
    if (user.role !== 'admin') query = query.where('id', 'in', (await visibleContactIds(user)) as never);
    const contact = await query.executeTakeFirst();
    if (!contact) throw notFound(`Contact ${id}`);
    return contact;
  }

  app.get(
    '/api/contacts',
    {
      schema: {
        tags,
        summary:
          'Contacts, newest first, with their messengers, conversation count and last activity; ?q= searches name, username and phone (partial words)',
        querystring: contactListQuery,
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { q, cursor, limit } = request.query;
      let query = db.selectFrom('contacts').selectAll();
      if (user.role !== 'admin') query = query.where('id', 'in', (await visibleContactIds(user)) as never);
      if (q?.trim())
        query = query.where((eb) =>
          eb.or([eb('display_name', 'ilike', escapeLike(q)), eb('username', 'ilike', escapeLike(q)), eb('phone', 'ilike', escapeLike(q))]),
        );
      const before = decodeCursor(cursor, contactPosition);
      if (before !== undefined) query = query.where('id', '<', before);
      const rows = await query
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const shown = rows.slice(0, limit);
      const activity = await contactActivity(
        db,
        await options.visibility.filter(user),
        shown.map((row) => row.id),
      );
      return {
        results: shown.map((row) => ({ ...serializeContact(row), ...activity.get(row.id)! })),
        next_cursor: rows.length > limit ? encodeCursor(shown.at(-1)!.id) : null,
      };
    },
  );

  app.get(
    '/api/contacts/:id',
    { schema: { tags, summary: 'A contact with identities, reachability and the conversations you may see', params: idParams } },
    async (request) => {
      const user = currentUser(request);
      const contact = await findContact(user, request.params.id);
      const visible = await options.visibility.filter(user);
      const [identities, reachability, conversations] = await Promise.all([
        db.selectFrom('contact_identities').select(['messenger', 'external_id', 'username']).where('contact_id', '=', contact.id).execute(),
        db
          .selectFrom('contact_reachability')
          .select(['channel_id', 'reachable', 'reason', 'updated_at'])
          .where('contact_id', '=', contact.id)
          .execute(),
        db
          .selectFrom('conversations')
          .innerJoin('channels', 'channels.id', 'conversations.channel_id')
          .select([
            'conversations.id',
            'conversations.channel_id',
            'conversations.chat_type',
            'conversations.title',
            'conversations.status',
            'conversations.assigned_operator_id',
            'conversations.last_message_at',
            'conversations.last_message_preview',
            'conversations.unread_count',
            'channels.kind as channel_kind',
            'channels.name as channel_name',
            'channels.username as channel_username',
          ])
          .where('conversations.contact_id', '=', contact.id)
          .where(visible)
          .orderBy('conversations.last_message_at', 'desc')
          .execute(),
      ]);
      return {
        ...serializeContact(contact),
        identities,
        reachability,
        conversations: conversations.map(({ channel_kind: kind, channel_name: name, channel_username: username, ...conversation }) => ({
          ...conversation,
          channel: { id: conversation.channel_id, kind, name, username },
        })),
        created_at: contact.created_at.toISOString(),
      };
    },
  );

  app.patch(
    '/api/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Edit the profile: name, phone, tags, notes',
        params: idParams,
        body: profileBody,
      },
    },
    async (request) => {
      const contact = await findContact(currentUser(request), request.params.id);
      const { display_name: displayName, phone, tags: newTags, notes } = request.body;
      const updated = await db
        .updateTable('contacts')
        .set({
          display_name: displayName,
          // A name typed by a person wins over the messenger's from now on.
          name_set_by_staff: displayName !== undefined && displayName !== contact.display_name ? true : undefined,
          phone,
          tags: newTags ? [...new Set(newTags)] : undefined,
          notes,
          updated_at: new Date(),
        })
        .where('id', '=', contact.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return serializeContact(updated);
    },
  );

  app.post(
    '/api/contacts/:id/merge',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Merge a duplicate into this contact: identities, conversations and history move; the duplicate goes',
        params: idParams,
        body: mergeBody,
      },
    },
    async (request) => {
      const keep = request.params.id;
      const duplicate = request.body.duplicate_id;
      if (keep === duplicate) throw conflict('A contact cannot be merged into itself.', 'same_contact');
      const merged = await db.transaction().execute(async (trx) => {
        const rows = await trx.selectFrom('contacts').selectAll().where('id', 'in', [keep, duplicate]).forUpdate().execute();
        const target = rows.find((row) => row.id === keep);
        const source = rows.find((row) => row.id === duplicate);
        if (!target || !source) throw notFound(`Contact ${target ? duplicate : keep}`);
        await trx.updateTable('contact_identities').set({ contact_id: keep }).where('contact_id', '=', duplicate).execute();
        await trx.updateTable('conversations').set({ contact_id: keep }).where('contact_id', '=', duplicate).execute();
        await trx.updateTable('messages').set({ sender_contact_id: keep }).where('sender_contact_id', '=', duplicate).execute();
        await sql`INSERT INTO contact_reachability (contact_id, channel_id, reachable, reason, updated_at)
                  SELECT ${keep}, channel_id, reachable, reason, updated_at FROM contact_reachability WHERE contact_id = ${duplicate}
                  ON CONFLICT (contact_id, channel_id) DO NOTHING`.execute(trx);
        const records = await recordsReferencing(trx, duplicate);
        if (records.length > 0) {
          throw conflict(
            `Contact ${duplicate} has records that would be lost (${records.join(', ')}): keep contact ${duplicate} and merge contact ${keep} into it instead.`,
            'duplicate_has_records',
          );
        }
        await trx.deleteFrom('contacts').where('id', '=', duplicate).execute();
        return trx
          .updateTable('contacts')
          .set({
            phone: target.phone ?? source.phone,
            username: target.username ?? source.username,
            tags: [...new Set([...(target.tags ?? []), ...(source.tags ?? [])])],
            notes: [target.notes, source.notes].filter(Boolean).join('\n\n'),
            updated_at: new Date(),
          })
          .where('id', '=', keep)
          .returningAll()
          .executeTakeFirstOrThrow();
      });
      return serializeContact(merged);
    },
  );
}
