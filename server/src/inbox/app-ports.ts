// The inbox's side of the apps' ports (apps/app.ts): contacts, staff, conversations
// and the domain events derived from what this instance publishes. Apps never see
// the inbox's tables; they get these functions, typed by the contract.
import { sql } from 'kysely';
import type { AnyDb, Logger, RealtimeEvent, RealtimeHub, StaffUser } from '../platform/index.ts';
import { assignConversation } from './assignment.service.ts';
import { createAttributeSegments } from './attribute-segments.ts';
import { getChat } from './chats.service.ts';
import { mergeContactInto } from './queries/contact-merge.ts';
import { recordEvents } from './events.ts';
import { setReachability } from './contacts.ts';
import type { Sender } from './send.service.ts';
import { serializeMessage } from './serializers.ts';
import type { InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

type Db = InboxDb;
/** An app's transaction (opaque to it) is a transaction on the one database: the inbox reads it with its own types. */
const on = (fallback: AnyDb, trx: unknown): Db => (trx ?? fallback) as Db;

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

/** apps/app.ts "AudienceFilter" (the contract; the inbox does not import apps): what a segment may narrow by. */
interface AudienceFilter {
  channelId: number;
  languages?: readonly string[];
  tags?: readonly string[];
  labelIds?: readonly number[];
  statuses?: readonly string[];
  lastMessageAfter?: Date;
  lastMessageBefore?: Date;
  lastInboundAfter?: Date;
  lastInboundBefore?: Date;
}

const profileColumns = ['id', 'display_name', 'phone', 'language_code'] as const;

export function createContactsPort(options: {
  db: AnyDb;
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
      const handle = db as Db;
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
      return (db as Db)
        .selectFrom('contacts')
        .select('contacts.id')
        .where((eb) => eb.or([eb('contacts.display_name', 'ilike', pattern), eb('contacts.phone', 'ilike', pattern)]))
        .$asScalar();
    },
    withConversation: () =>
      (db as Db)
        .selectFrom('conversations')
        .select('conversations.contact_id')
        .where('conversations.contact_id', 'is not', null)
        .$asScalar(),
    visibleTo: async (user: StaffUser) => (user.role === 'admin' ? undefined : (await visibility.visibleContactIds(user)).$asScalar()),
    canSee: (user: StaffUser, contactId: number) => visibility.canSeeContact(user, contactId),
    audience(filter: AudienceFilter) {
      let query = (db as Db)
        .selectFrom('conversations as audience_chat')
        .select('audience_chat.contact_id')
        .where('audience_chat.channel_id', '=', filter.channelId)
        .where('audience_chat.chat_type', '=', 'private')
        .where('audience_chat.topic_id', '=', '')
        .where('audience_chat.contact_id', 'is not', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('contact_reachability as unreachable')
                .select('unreachable.contact_id')
                .whereRef('unreachable.contact_id', '=', 'audience_chat.contact_id')
                .where('unreachable.channel_id', '=', filter.channelId)
                .where('unreachable.reachable', '=', false),
            ),
          ),
        );
      if (filter.statuses?.length) query = query.where('audience_chat.status', 'in', [...filter.statuses]);
      if (filter.lastMessageAfter) query = query.where('audience_chat.last_message_at', '>=', filter.lastMessageAfter);
      if (filter.lastMessageBefore) query = query.where('audience_chat.last_message_at', '<', filter.lastMessageBefore);
      // The customer's own messages (messages_inbound_idx, 0023): last wrote at or after a time is "wrote since";
      // before a time is "wrote, and not since".
      const inboundExists = (since: Date | undefined) =>
        sql<boolean>`EXISTS (SELECT 1 FROM messages AS inbound WHERE inbound.conversation_id = audience_chat.id
          AND inbound.direction = 'in' ${since ? sql`AND inbound.sent_at >= ${since}` : sql``})`;
      if (filter.lastInboundAfter) query = query.where(inboundExists(filter.lastInboundAfter));
      if (filter.lastInboundBefore)
        query = query.where(sql<boolean>`${inboundExists(undefined)} AND NOT ${inboundExists(filter.lastInboundBefore)}`);
      if (filter.labelIds?.length) {
        const labelIds = [...filter.labelIds];
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
          if (languages) contact = contact.where(sql<string>`coalesce(audience_contact.language_code, '')`, 'in', languages);
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
      const rows = await (db as Db)
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
      const row = await (db as Db)
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

export function createStaffPort(db: AnyDb, hub: Pick<RealtimeHub, 'publish'>) {
  return {
    async announce(type: string, payload: Record<string, unknown>, audience?: { roles: readonly string[] }) {
      // Recorded like the inbox's events so that it gets a seq (sockets dedupe and replay by it); no audience: all staff.
      const events = await (db as Db).transaction().execute(async (trx) => {
        if (!audience) return recordEvents(trx, [{ type, payload }]);
        // Only some roles: one event per active user of those roles (the hub delivers a user's event to that user only).
        const users = await trx
          .selectFrom('staff_users')
          .select('id')
          .where('role', 'in', [...audience.roles])
          .where('is_active', '=', true)
          .execute();
        return recordEvents(
          trx,
          users.map((user) => ({ type, payload, userId: user.id })),
        );
      });
      hub.publish(events);
    },
    async findMany(ids: readonly number[], trx?: unknown) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return new Map();
      const rows = await on(db, trx)
        .selectFrom('staff_users')
        .select(['id', 'name', 'email', 'is_active', 'language'])
        .where('id', 'in', unique)
        .execute();
      return new Map(rows.map((row) => [row.id, row]));
    },
  };
}

export function createConversationsPort(options: {
  db: AnyDb;
  hub: RealtimeHub;
  sender: Pick<Sender, 'sendToChat'>;
  visibility: Visibility;
  flowState(conversationId: number): Promise<{ app: string; flow: string; step: string; paused: boolean; expires_at: Date } | null>;
}) {
  const db = options.db as Db;
  return {
    async findByChat(channelId: number, chatId: string) {
      const row = await db
        .selectFrom('conversations')
        .select('id')
        .where('channel_id', '=', channelId)
        .where('external_chat_id', '=', chatId)
        .where('topic_id', '=', '')
        .executeTakeFirst();
      return row?.id;
    },
    sendAsStaff: (user: StaffUser, conversationId: number, text: string) => options.sender.sendToChat(user, conversationId, { text }),
    async post(conversationId: number, line: { kind: 'note' | 'service'; text: string }) {
      const { row, events } = await db.transaction().execute(async (trx) => {
        const conversation = await trx
          .selectFrom('conversations')
          .select('assigned_operator_id')
          .where('id', '=', conversationId)
          .executeTakeFirstOrThrow();
        const inserted = await trx
          .insertInto('messages')
          .values({ conversation_id: conversationId, direction: 'out', sender_kind: 'system', kind: line.kind, text: line.text })
          .returningAll()
          .executeTakeFirstOrThrow();
        const chat = await getChat(trx, options.visibility, systemUser, conversationId);
        const published = await recordEvents(trx, [
          {
            type: 'new_message',
            conversationId,
            assignedOperatorId: conversation.assigned_operator_id,
            payload: { message: serializeMessage(inserted), chat },
          },
        ]);
        return { row: inserted, events: published };
      });
      options.hub.publish(events);
      return { id: row.id };
    },
    async assign(conversationId: number, operatorId: number | null) {
      const events = await db
        .transaction()
        .execute(async (trx) =>
          recordEvents(trx, await assignConversation(trx, { conversationId, operatorId, by: null, reason: 'manual' })),
        );
      options.hub.publish(events);
    },
    async canSee(user: StaffUser, conversationId: number) {
      const row = await db
        .selectFrom('conversations')
        .select(['assigned_operator_id', 'team_id'])
        .where('id', '=', conversationId)
        .executeTakeFirst();
      return row !== undefined && options.visibility.canSee(user, { assignedOperatorId: row.assigned_operator_id, teamId: row.team_id });
    },
    flowState: options.flowState,
  };
}

/** Who writes an app's lines: the server itself, which may read every conversation. */
const systemUser: StaffUser = { id: 0, email: '', name: 'Switchboard', role: 'admin', is_active: true, language: 'en' };

type DomainEvent =
  | { type: 'message.received'; conversationId: number; messageId: number; kind: string; text: string | null }
  | { type: 'conversation.assigned'; conversationId: number; operatorId: number | null }
  | { type: 'conversation.resolved'; conversationId: number }
  | { type: 'contact.linked'; contactId: number; channelId: number; externalId: string };

export type DomainEvents = ReturnType<typeof createDomainEvents>;

/**
 * Domain events for apps, read from the realtime events this instance publishes
 * (so after their commit, once across a cluster) plus those the ports emit.
 * Handlers that fail are logged; they never reach the code that caused the event.
 */
export function createDomainEvents(options: { hub: Pick<RealtimeHub, 'onPublish'>; logger: Logger }) {
  const handlers = new Map<DomainEvent['type'], Set<(event: DomainEvent) => void | Promise<void>>>();
  let unsubscribe: (() => void) | undefined;

  function emit(event: DomainEvent): void {
    for (const handler of handlers.get(event.type) ?? []) {
      Promise.resolve()
        .then(() => handler(event))
        .catch((error: unknown) => options.logger.warn({ err: error, event: event.type }, 'a domain event handler failed'));
    }
  }

  function translate(events: RealtimeEvent[]): void {
    const assigned = new Set<number>();
    for (const event of events) {
      const conversationId = event.audience.conversationId;
      if (conversationId === undefined) continue;
      const payload = event.payload as {
        message?: { id: number; direction: string; kind: string; text?: string | null };
        transition?: string;
        operator_id?: number | null;
      };
      if (event.type === 'new_message' && payload.message?.direction === 'in')
        emit({
          type: 'message.received',
          conversationId,
          messageId: payload.message.id,
          kind: payload.message.kind,
          text: payload.message.text ?? null,
        });
      // Assignment publishes a second copy for the queue's watchers: one domain event per conversation and batch.
      else if (event.type === 'chat_assigned' && !assigned.has(conversationId)) {
        assigned.add(conversationId);
        emit({ type: 'conversation.assigned', conversationId, operatorId: event.audience.assignedOperatorId ?? null });
      } else if (event.type === 'chat_updated' && payload.transition === 'resolved')
        emit({ type: 'conversation.resolved', conversationId });
    }
  }

  return {
    emit,
    on<T extends DomainEvent['type']>(type: T, handler: (event: Extract<DomainEvent, { type: T }>) => void | Promise<void>): () => void {
      const set = handlers.get(type) ?? new Set();
      handlers.set(type, set);
      const entry = handler as (event: DomainEvent) => void | Promise<void>;
      set.add(entry);
      return () => set.delete(entry);
    },
    start(): void {
      unsubscribe = options.hub.onPublish(translate);
    },
    stop(): void {
      unsubscribe?.();
      handlers.clear();
    },
  };
}
