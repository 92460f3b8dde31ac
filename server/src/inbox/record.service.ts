import { sql, type Kysely } from 'kysely';
import type { ChannelRecord, InboundChat, InboundEvent, Person } from '../channels/channel.ts';
import type { AnyDb } from '../platform/index.ts';
import { clearUnreachable, displayNameOf, setReachability, upsertContact } from './contacts.ts';
import type { EventDraft } from './events.ts';
import { previewOf, serializeChat, serializeMessage, type ChannelSummary } from './serializers.ts';
import type { ContactRow, ConversationRow, InboxTables, MessageRow } from './tables.ts';

export function summarizeChannel(channel: Pick<ChannelRecord, 'id' | 'kind' | 'name' | 'username'>): ChannelSummary {
  return { id: channel.id, kind: channel.kind, name: channel.name, username: channel.username };
}

async function upsertConversation(db: Kysely<InboxTables>, channelId: number, chat: InboundChat, contactId: number | null): Promise<ConversationRow & { inserted: boolean }> {
  return db
    .insertInto('conversations')
    .values({ channel_id: channelId, external_chat_id: chat.externalId, topic_id: chat.topicId, chat_type: chat.type, title: chat.type === 'private' ? '' : chat.title, contact_id: contactId })
    .onConflict((conflict) =>
      conflict.columns(['channel_id', 'external_chat_id', 'topic_id']).doUpdateSet((eb) => ({
        title: chat.type === 'private' ? eb.ref('conversations.title') : eb.ref('excluded.title'),
        chat_type: eb.ref('excluded.chat_type'),
        contact_id: contactId ?? eb.ref('conversations.contact_id'),
      })),
    )
    .returningAll()
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .executeTakeFirstOrThrow();
}

async function contactOf(db: Kysely<InboxTables>, contactId: number | null): Promise<ContactRow | null> {
  if (contactId === null) return null;
  return (await db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst()) ?? null;
}

/**
 * Records one normalised inbound event in the caller's transaction and returns
 * the realtime events it causes (to record with recordEvents, then publish).
 */
export interface RecordHooks {
  /** Runs when an incoming message opens a new conversation (auto-assignment). */
  onNewConversation?(trx: AnyDb, conversationId: number): Promise<EventDraft[]>;
  /** Runs on each new message (files to fetch); returns the row to publish. */
  onMessageRecorded?(trx: AnyDb, message: MessageRow): Promise<MessageRow>;
}

export async function recordInbound(trx: AnyDb, channel: ChannelRecord, event: InboundEvent, hooks: RecordHooks = {}): Promise<EventDraft[]> {
  const db = trx as Kysely<InboxTables>;
  if (event.type === 'reachability') return recordReachability(db, channel, event);
  if (event.type === 'button') return [];
  const sender = event.sender && !event.message.fromSelf ? await upsertContact(db, event.sender) : null;
  const privateContact = event.chat.type === 'private' ? sender : null;
  if (privateContact) await clearUnreachable(db, privateContact.id, channel.id);
  const conversation = await upsertConversation(db, channel.id, event.chat, privateContact?.id ?? null);
  if (event.type === 'edit') return recordEdit(db, conversation, event);
  const direction = event.message.fromSelf ? 'out' : 'in';
  const assignment = conversation.inserted && direction === 'in' && hooks.onNewConversation ? await hooks.onNewConversation(trx, conversation.id) : [];
  const inserted = await db
    .insertInto('messages')
    .values({
      conversation_id: conversation.id,
      direction,
      sender_kind: direction === 'in' ? 'client' : 'bot',
      sender_contact_id: sender?.id ?? null,
      sender_name: event.sender ? displayNameOf(event.sender) : '',
      kind: event.message.kind,
      text: event.message.text,
      entities: event.message.entities ? JSON.stringify(event.message.entities) : null,
      attachments: JSON.stringify(event.message.attachments),
      external_message_id: event.message.externalId,
      reply_to_external_id: event.message.replyToExternalId ?? null,
      media_group_id: event.message.mediaGroupId ?? null,
      status: direction === 'out' ? 'sent' : null,
      sent_at: event.message.date,
    })
    .onConflict((conflict) => conflict.columns(['conversation_id', 'external_message_id']).where('external_message_id', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) return [];
  const recorded = hooks.onMessageRecorded ? await hooks.onMessageRecorded(trx, inserted) : inserted;
  const updated = await bumpConversation(db, conversation.id, inserted);
  const contact = privateContact ?? (await contactOf(db, updated.contact_id));
  const chat = serializeChat(updated, summarizeChannel(channel), contact);
  return [...assignment, { type: 'new_message', conversationId: updated.id, assignedOperatorId: updated.assigned_operator_id, payload: { message: serializeMessage(recorded), chat } }];
}

/** Counters and the list preview after a new message, in one statement. */
export async function bumpConversation(db: Kysely<InboxTables>, conversationId: number, message: MessageRow): Promise<ConversationRow> {
  const incoming = message.direction === 'in';
  return db
    .updateTable('conversations')
    .set((eb) => ({
      unread_count: incoming ? eb('unread_count', '+', 1) : eb.ref('unread_count'),
      messages_in: incoming ? eb('messages_in', '+', 1) : eb.ref('messages_in'),
      messages_out: incoming ? eb.ref('messages_out') : eb('messages_out', '+', 1),
      last_message_id: message.id,
      last_message_at: message.sent_at,
      last_message_preview: previewOf(message.kind, message.text),
      last_message_direction: message.direction,
      // A customer writing again reopens a resolved conversation.
      status: incoming ? 'open' : eb.ref('status'),
      first_message_at: sql<Date>`coalesce(first_message_at, ${message.sent_at})`,
      updated_at: new Date(),
    }))
    .where('id', '=', conversationId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function recordEdit(
  db: Kysely<InboxTables>,
  conversation: ConversationRow,
  event: Extract<InboundEvent, { type: 'message' | 'edit' }>,
): Promise<EventDraft[]> {
  const existing = await db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversation.id)
    .where('external_message_id', '=', event.message.externalId)
    .executeTakeFirst();
  // Telegram also sends edited_message for changes we do not show; only a new text is an edit.
  if (!existing || existing.text === event.message.text) return [];
  const history = [...((existing.edit_history as unknown[] | null) ?? []), { text: existing.text, until: (event.message.editDate ?? new Date()).toISOString() }];
  const updated = await db
    .updateTable('messages')
    .set({
      text: event.message.text,
      entities: event.message.entities ? JSON.stringify(event.message.entities) : null,
      edited_at: event.message.editDate ?? new Date(),
      edit_history: JSON.stringify(history),
    })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return [{ type: 'message_updated', conversationId: conversation.id, assignedOperatorId: conversation.assigned_operator_id, payload: { message: serializeMessage(updated) } }];
}

async function recordReachability(db: Kysely<InboxTables>, channel: ChannelRecord, event: Extract<InboundEvent, { type: 'reachability' }>): Promise<EventDraft[]> {
  const contact = await upsertContact(db, event.person as Person);
  await setReachability(db, contact.id, channel.id, event.reachable, event.reachable ? null : event.reason);
  const conversation = await db
    .selectFrom('conversations')
    .selectAll()
    .where('channel_id', '=', channel.id)
    .where('external_chat_id', '=', event.chat.externalId)
    .where('topic_id', '=', event.chat.topicId)
    .executeTakeFirst();
  if (!conversation) return [];
  return [
    {
      type: 'chat_updated',
      conversationId: conversation.id,
      assignedOperatorId: conversation.assigned_operator_id,
      payload: { chat: serializeChat(conversation, summarizeChannel(channel), contact) },
    },
  ];
}
