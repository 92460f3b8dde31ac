// The inbox's side of the apps' ports (apps/app.ts): staff, conversations and the
// domain events derived from what this instance publishes (contacts: contacts-port.ts). Apps never see
// the inbox's tables; they get these functions, typed by the contract.
import type { Logger, RealtimeEvent, RealtimeHub, StaffUser } from '../platform/index.ts';
import { assignConversation } from './assignment.service.ts';
import { getChat } from './chats.service.ts';
import { recordEvents } from './events.ts';
import type { Sender } from './send.service.ts';
import { serializeMessage } from './serializers.ts';
import type { Visibility } from './visibility.ts';

import { inboxView, on, type SwitchboardDb } from './app-port-handle.ts';

export { createContactsPort } from './contacts-port.ts';

export function createStaffPort(db: SwitchboardDb, hub: Pick<RealtimeHub, 'publish'>) {
  return {
    async announce(type: string, payload: Record<string, unknown>, audience?: { roles: readonly string[] }) {
      // Recorded like the inbox's events so that it gets a seq (sockets dedupe and replay by it); no audience: all staff.
      const events = await inboxView(db)
        .transaction()
        .execute(async (trx) => {
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
  db: SwitchboardDb;
  hub: RealtimeHub;
  sender: Pick<Sender, 'sendToChat'>;
  visibility: Visibility;
  flowState(conversationId: number): Promise<{ app: string; flow: string; step: string; paused: boolean; expires_at: Date } | null>;
}) {
  const db = inboxView(options.db);
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
    async channelOf(conversationId: number) {
      const row = await db.selectFrom('conversations').select('channel_id').where('id', '=', conversationId).executeTakeFirst();
      return row?.channel_id;
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
