import {
  contactListQuery,
  contactPosition,
  idParams,
  mergeBody,
  profileBody,
  type Contact,
  type ContactDetails,
  type ContactList,
} from '@switchboard/contract';
import { conflict, currentUser, decodeCursor, pageOf, notFound, type HttpApp, type StaffUser } from '../platform/index.ts';
import {
  contactActivity,
  conversationsOfContact,
  findContact,
  identitiesOf,
  listContacts,
  reachabilityOf,
  updateContact,
  visibleContactIdsQuery,
} from './queries/contacts.ts';
import { mergeContactInto } from './queries/contact-merge.ts';
import { serializeContact } from './serializers.ts';
import type { ContactRow, InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

/** Contacts: list, search, profile, merge of duplicates; staff see the contacts of conversations they may see. */
export function registerContactRoutes(app: HttpApp, options: { db: InboxDb; visibility: Visibility }): void {
  const { db } = options;
  const tags = ['contacts'];

  /** null for admins (every contact); otherwise the ids of contacts with a conversation the user may see. */
  async function visibleIdsFor(user: StaffUser) {
    return user.role === 'admin' ? null : visibleContactIdsQuery(db, await options.visibility.filter(user));
  }

  async function findVisibleContact(user: StaffUser, id: number): Promise<ContactRow> {
    const contact = await findContact(db, id, await visibleIdsFor(user));
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
    async (request): Promise<ContactList> => {
      const user = currentUser(request);
      const { q, cursor, limit } = request.query;
      const rows = await listContacts(db, {
        visibleIds: await visibleIdsFor(user),
        search: q,
        before: decodeCursor(cursor, contactPosition),
        limit,
      });
      const page = pageOf(rows, limit, (last) => last.id);
      const activity = await contactActivity(
        db,
        await options.visibility.filter(user),
        page.results.map((row) => row.id),
      );
      return { ...page, results: page.results.map((row) => ({ ...serializeContact(row), ...activity.get(row.id)! })) };
    },
  );

  app.get(
    '/api/contacts/:id',
    { schema: { tags, summary: 'A contact with identities, reachability and the conversations you may see', params: idParams } },
    async (request): Promise<ContactDetails> => {
      const user = currentUser(request);
      const contact = await findVisibleContact(user, request.params.id);
      const visible = await options.visibility.filter(user);
      const [identities, reachability, conversations] = await Promise.all([
        identitiesOf(db, contact.id),
        reachabilityOf(db, contact.id),
        conversationsOfContact(db, contact.id, visible, user.id),
      ]);
      return {
        ...serializeContact(contact),
        identities,
        reachability: reachability.map((entry) => ({ ...entry, updated_at: entry.updated_at.toISOString() })),
        conversations: conversations.map(({ channel_kind: kind, channel_name: name, channel_username: username, ...conversation }) => ({
          ...conversation,
          last_message_at: conversation.last_message_at?.toISOString() ?? null,
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
    async (request): Promise<Contact> => {
      const contact = await findVisibleContact(currentUser(request), request.params.id);
      const { display_name: displayName, phone, tags: newTags, notes } = request.body;
      const updated = await updateContact(db, contact.id, {
        display_name: displayName,
        // A name typed by a person wins over the messenger's from now on.
        name_set_by_staff: displayName !== undefined && displayName !== contact.display_name ? true : undefined,
        phone,
        tags: newTags ? [...new Set(newTags)] : undefined,
        notes,
      });
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
    async (request): Promise<Contact> => {
      const keep = request.params.id;
      const duplicate = request.body.duplicate_id;
      if (keep === duplicate) throw conflict('A contact cannot be merged into itself.', 'same_contact');
      const merged = await db.transaction().execute(async (trx) => {
        const result = await mergeContactInto(trx, keep, duplicate);
        if (result.outcome === 'missing') throw notFound(`Contact ${result.id}`);
        if (result.outcome === 'has_records') {
          throw conflict(
            `Contact ${duplicate} has records that would be lost (${result.records.join(', ')}): keep contact ${duplicate} and merge contact ${keep} into it instead.`,
            'duplicate_has_records',
          );
        }
        return result.contact;
      });
      return serializeContact(merged);
    },
  );
}
