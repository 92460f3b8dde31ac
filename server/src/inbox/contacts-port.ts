// The inbox's contacts port for apps (apps/app.ts "ContactsPort"): find, create and update the profile fields apps
// own, link a messenger identity (merging the contact the inbox made), audiences for broadcasts, reachability.
// Apps never see the inbox's tables; they get these functions, typed by the contract.
import { sql } from 'kysely';
import type { AudienceFilter } from '@switchboard/contract';
import type { StaffUser } from '../platform/index.ts';
import type { DomainEvents } from './app-ports.ts';
import { createAttributeSegments } from './attribute-segments.ts';
import { mergeContactInto } from './queries/contact-merge.ts';
import { setReachability } from './contacts.ts';
import { inboxView, on, type Db, type SwitchboardDb } from './app-port-handle.ts';
import type { Visibility } from './visibility.ts';

/** Thrown to roll a merge back when the duplicate holds records outside the inbox. */
class KeptApart extends Error {}

/** Merges one contact into another in a transaction of its own; false (nothing changed) when it may not. */
async function mergeInto(db: Db, keep: number, duplicate: number): Promise<boolean> {
  try {
    await db.transaction().execute(async (trx) => {
      if ((await mergeContactInto(trx, keep, duplicate)).outcome !== 'merged') throw new KeptApart();
    });
    return true;
  } catch (error) {
    if (error instanceof KeptApart) return false;
    throw error;
  }
}

const profileColumns = ['id', 'display_name', 'phone', 'language_code'] as const;

export function createContactsPort(options: {
  db: SwitchboardDb;
  visibility: Pick<Visibility, 'visibleContactIds' | 'canSeeContact'>;
  events: DomainEvents;
}) {
  const { db, visibility } = options;
  return {
    find: (id: number, trx?: unknown) => on(db, trx).selectFrom('contacts').select(profileColumns).where('id', '=', id).executeTakeFirst(),
    async findMany(ids: readonly number[], trx?: unknown) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return new Map();
      const rows = await on(db, trx).selectFrom('contacts').select(profileColumns).where('id', 'in', unique).execute();
      return new Map(rows.map((row) => [row.id, row]));
    },
    async create(input: { display_name: string; phone?: string | null; language_code?: string | null }, trx?: unknown) {
      const row = await on(db, trx)
        .insertInto('contacts')
        .values({
          display_name: input.display_name,
          first_name: input.display_name,
          name_set_by_staff: true,
          phone: input.phone ?? null,
          language_code: input.language_code ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async updateProfile(id: number, patch: { display_name?: string; phone?: string | null }, trx?: unknown) {
      const values = {
        ...(patch.display_name !== undefined ? { display_name: patch.display_name, name_set_by_staff: true } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      };
      if (Object.keys(values).length === 0) return;
      await on(db, trx)
        .updateTable('contacts')
        .set({ ...values, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .execute();
    },
    async linkIdentity(
      contactId: number,
      identity: { channelId: number; externalId: string; username?: string | null },
    ): Promise<'linked' | 'already_linked' | 'taken'> {
      const handle = inboxView(db);
      const channel = await handle.selectFrom('channels').select('messenger').where('id', '=', identity.channelId).executeTakeFirst();
      if (!channel) return 'taken';
      const inserted = await handle
        .insertInto('contact_identities')
        .values({
          contact_id: contactId,
          messenger: channel.messenger,
          external_id: identity.externalId,
          username: identity.username ?? null,
        })
        .onConflict((conflict) => conflict.columns(['messenger', 'external_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) {
        const owner = await handle
          .selectFrom('contact_identities')
          .select('contact_id')
          .where('messenger', '=', channel.messenger)
          .where('external_id', '=', identity.externalId)
          .executeTakeFirst();
        if (!owner) return 'taken';
        if (owner.contact_id === contactId) return 'already_linked';
        // The person proved the messenger account is theirs (an app's single-use link opened in it), so the contact
        // the inbox made when that account wrote is the same person: one contact, unless the other one holds an app's
        // records (another portal account, a patient), which staff then sort out with the admin's merge.
        if (!(await mergeInto(handle, contactId, owner.contact_id))) return 'taken';
      }
      options.events.emit({ type: 'contact.linked', contactId, channelId: identity.channelId, externalId: identity.externalId });
      return 'linked';
    },
    matching(search: string) {
      const pattern = `%${search.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
      return inboxView(db)
        .selectFrom('contacts')
        .select('contacts.id')
        .where((eb) => eb.or([eb('contacts.display_name', 'ilike', pattern), eb('contacts.phone', 'ilike', pattern)]))
        .$asScalar();
    },
    withConversation: () =>
      inboxView(db)
        .selectFrom('conversations')
        .select('conversations.contact_id')
        .where('conversations.contact_id', 'is not', null)
        .$asScalar(),
    visibleTo: async (user: StaffUser) => (user.role === 'admin' ? undefined : (await visibility.visibleContactIds(user)).$asScalar()),
    canSee: (user: StaffUser, contactId: number) => visibility.canSeeContact(user, contactId),
    audience(filter: AudienceFilter) {
      let query = inboxView(db)
        .selectFrom('conversations as audience_chat')
        .select('audience_chat.contact_id')
        .where('audience_chat.channel_id', '=', filter.channel_id)
        .where('audience_chat.chat_type', '=', 'private')
        .where('audience_chat.topic_id', '=', '')
        .where('audience_chat.contact_id', 'is not', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('contact_reachability as unreachable')
                .select('unreachable.contact_id')
                .whereRef('unreachable.contact_id', '=', 'audience_chat.contact_id')
                .where('unreachable.channel_id', '=', filter.channel_id)
                .where('unreachable.reachable', '=', false),
            ),
          ),
        );
      if (filter.statuses?.length) query = query.where('audience_chat.status', 'in', [...filter.statuses]);
      if (filter.last_message_after) query = query.where('audience_chat.last_message_at', '>=', new Date(filter.last_message_after));
      if (filter.last_message_before) query = query.where('audience_chat.last_message_at', '<', new Date(filter.last_message_before));
      // The customer's own messages (messages_inbound_idx, 0023): last wrote at or after a time is "wrote since";
      // before a time is "wrote, and not since".
      const inboundExists = (since: string | undefined) =>
        sql<boolean>`EXISTS (SELECT 1 FROM messages AS inbound WHERE inbound.conversation_id = audience_chat.id
          AND inbound.direction = 'in' ${since ? sql`AND inbound.sent_at >= ${new Date(since)}` : sql``})`;
      if (filter.last_inbound_after) query = query.where(inboundExists(filter.last_inbound_after));
      if (filter.last_inbound_before)
        query = query.where(sql<boolean>`${inboundExists(undefined)} AND NOT ${inboundExists(filter.last_inbound_before)}`);
      if (filter.label_ids?.length) {
        const labelIds = [...filter.label_ids];
        query = query.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('conversation_labels as audience_label')
              .select('audience_label.label_id')
              .whereRef('audience_label.conversation_id', '=', 'audience_chat.id')
              .where('audience_label.label_id', 'in', labelIds),
          ),
        );
      }
      if (filter.languages?.length || filter.tags?.length) {
        const languages = filter.languages?.length ? [...filter.languages] : undefined;
        const tags = filter.tags?.length ? [...filter.tags] : undefined;
        query = query.where(({ exists, selectFrom }) => {
          let contact = selectFrom('contacts as audience_contact')
            .select('audience_contact.id')
            .whereRef('audience_contact.id', '=', 'audience_chat.contact_id');
          if (languages) contact = contact.where('audience_contact.language_code', 'in', languages);
          if (tags) contact = contact.where(sql<boolean>`audience_contact.tags && ${sql.val(tags)}::text[]`);
          return exists(contact);
        });
      }
      return query.$asScalar();
    },
    async chatsOn(channelId: number, contactIds: readonly number[], trx?: unknown) {
      const unique = [...new Set(contactIds)];
      if (unique.length === 0) return new Map();
      const rows = await on(db, trx)
        .selectFrom('conversations')
        .select(['id', 'contact_id', 'external_chat_id'])
        .where('channel_id', '=', channelId)
        .where('chat_type', '=', 'private')
        .where('topic_id', '=', '')
        .where('contact_id', 'in', unique)
        .orderBy('id')
        .execute();
      return new Map(rows.map((row) => [row.contact_id!, { chatId: row.external_chat_id, conversationId: row.id }]));
    },
    async chatsOf(contactId: number) {
      const rows = await inboxView(db)
        .selectFrom('conversations')
        .select(['id', 'channel_id', 'external_chat_id'])
        .select((eb) =>
          eb
            .selectFrom('messages')
            .select((inner) => inner.fn.max('messages.sent_at').as('latest'))
            .whereRef('messages.conversation_id', '=', 'conversations.id')
            .where('messages.direction', '=', 'in')
            .as('last_wrote_at'),
        )
        .where('contact_id', '=', contactId)
        .where('chat_type', '=', 'private')
        .where('topic_id', '=', '')
        .execute();
      const time = (value: Date | string | null) => (value === null ? 0 : new Date(value).getTime());
      return rows
        .sort((a, b) => time(b.last_wrote_at) - time(a.last_wrote_at) || a.id - b.id)
        .map((row) => ({
          channelId: row.channel_id,
          chatId: row.external_chat_id,
          conversationId: row.id,
          lastWroteAt: row.last_wrote_at === null ? null : new Date(row.last_wrote_at),
        }));
    },
    async byChat(channelId: number, chatId: string) {
      const row = await inboxView(db)
        .selectFrom('conversations')
        .select('contact_id')
        .where('channel_id', '=', channelId)
        .where('external_chat_id', '=', chatId)
        .where('topic_id', '=', '')
        .executeTakeFirst();
      return row?.contact_id ?? undefined;
    },
    markUnreachable: (contactId: number, channelId: number, reason: string, trx?: unknown) =>
      setReachability(on(db, trx), contactId, channelId, false, reason),
    attributes: createAttributeSegments(db),
  };
}
