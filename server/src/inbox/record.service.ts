import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ChannelRecord, InboundChat, InboundEvent, Person } from '../channels/channel.ts';
import { clearUnreachable, displayNameOf, setReachability, upsertContact } from './contacts.ts';
import type { EventDraft } from './events.ts';
import { previewOf, serializeChat, serializeMessage, type ChannelSummary } from './serializers.ts';
import { recordOutboundStatus } from './record-status.ts';
import { recordReaction, recordReadUpTo } from './record-reaction.ts';
import { hideStartPayload } from './start-payload.ts';
import { inboxTables, type ContactRow, type ConversationRow, type InboxDb, type MessageRow } from './tables.ts';

export function summarizeChannel(channel: Pick<ChannelRecord, 'id' | 'kind' | 'messenger' | 'name' | 'username'>): ChannelSummary {
  return { id: channel.id, kind: channel.kind, messenger: channel.messenger, name: channel.name, username: channel.username };
}

/**
 * What one transaction already wrote, so that a run of updates from one chat
 * recorded together skips repeating it (the contact, its reachability, the
 * conversation): two statements per message instead of five.
 */
export interface RecordMemo {
  contacts: Map<string, { person: string; row: ContactRow }>;
  reachable: Set<string>;
  conversations: Map<string, { signature: string; row: ConversationRow }>;
}

export function createRecordMemo(): RecordMemo {
  return { contacts: new Map(), reachable: new Set(), conversations: new Map() };
}

async function memoContact(db: InboxDb, person: Person, memo: RecordMemo | undefined): Promise<ContactRow> {
  const key = `${person.messenger}\u0000${person.externalId}`;
  const seen = JSON.stringify(person);
  const cached = memo?.contacts.get(key);
  if (cached && cached.person === seen) return cached.row;
  const row = await upsertContact(db, person);
  memo?.contacts.set(key, { person: seen, row });
  return row;
}

async function memoClearUnreachable(db: InboxDb, contactId: number, channelId: number, memo: RecordMemo | undefined): Promise<void> {
  const key = `${contactId}:${channelId}`;
  if (memo?.reachable.has(key)) return;
  await clearUnreachable(db, contactId, channelId);
  memo?.reachable.add(key);
}

const conversationKey = (channelId: number, chat: InboundChat) => `${channelId}\u0000${chat.externalId}\u0000${chat.topicId}`;

async function memoConversation(
  db: InboxDb,
  channelId: number,
  chat: InboundChat,
  contactId: number | null,
  memo: RecordMemo | undefined,
): Promise<ConversationRow & { inserted: boolean }> {
  const key = conversationKey(channelId, chat);
  const signature = JSON.stringify([chat.type, chat.title, contactId]);
  const cached = memo?.conversations.get(key);
  if (cached && cached.signature === signature) return { ...cached.row, inserted: false };
  const row = await upsertConversation(db, channelId, chat, contactId);
  memo?.conversations.set(key, { signature, row });
  return row;
}

function rememberConversation(memo: RecordMemo | undefined, channelId: number, chat: InboundChat, row: ConversationRow): void {
  const cached = memo?.conversations.get(conversationKey(channelId, chat));
  if (cached) cached.row = row;
}

/** The conversation of a chat on a channel, created if new (`inserted`), its contact set when one is given. */
export async function upsertConversation(
  db: InboxDb,
  channelId: number,
  chat: InboundChat,
  contactId: number | null,
): Promise<ConversationRow & { inserted: boolean }> {
  return db
    .insertInto('conversations')
    .values({
      channel_id: channelId,
      external_chat_id: chat.externalId,
      topic_id: chat.topicId,
      chat_type: chat.type,
      title: chat.type === 'private' ? '' : chat.title,
      contact_id: contactId,
    })
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

async function contactOf(db: InboxDb, contactId: number | null): Promise<ContactRow | null> {
  if (contactId === null) return null;
  return (await db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst()) ?? null;
}

/** A button press shows in the conversation as a service line from the customer ("pressed «Book»" in the reader's language). */
export function pressAsMessage(event: Extract<InboundEvent, { type: 'button' }>): InboundEvent {
  return {
    type: 'message',
    chat: event.chat,
    sender: event.sender,
    message: {
      // One press is recorded once, however often its update is processed.
      externalId: `press:${event.pressId ?? randomUUID()}`,
      date: new Date(),
      kind: 'service',
      // The text is the neutral part only: the list's preview, and what a reader of `text` alone sees.
      text: `«${event.label ?? event.data}»`,
      service: { code: 'pressed', params: { label: event.label ?? event.data } },
      attachments: [],
      replyToExternalId: event.messageExternalId,
    },
  };
}

export interface RecordHooks {
  /**
   * Runs when an incoming message opens a new conversation (auto-assignment). No events means nothing could be done
   * for a new conversation right now: the intake's batch then does not ask again for the other new ones it records.
   */
  onNewConversation?(trx: InboxDb, conversationId: number): Promise<EventDraft[]>;
  /** Runs on each new message (files to fetch); returns the row to publish. */
  onMessageRecorded?(trx: InboxDb, message: MessageRow): Promise<MessageRow>;
}

/**
 * Records one normalised inbound event in the caller's transaction and returns
 * the realtime events it causes (to record with recordEvents, then publish).
 * Pass one memo to every call of a transaction to skip repeated writes.
 */
export async function recordInbound(
  trx: InboxDb,
  channel: ChannelRecord,
  event: InboundEvent,
  hooks: RecordHooks = {},
  memo?: RecordMemo,
): Promise<EventDraft[]> {
  const db = inboxTables(trx);
  if (event.type === 'reachability') return recordReachability(db, channel, event, memo);
  if (event.type === 'button') return recordInbound(trx, channel, pressAsMessage(event), hooks, memo);
  if (event.type === 'delete') return recordDeletion(db, channel, event);
  if (event.type === 'outbound_status') return recordOutboundStatus(db, channel, event);
  if (event.type === 'reaction') return recordReaction(db, channel, event);
  if (event.type === 'read_up_to') return recordReadUpTo(db, channel, event);
  const sender = event.sender && !event.message.fromSelf ? await memoContact(db, event.sender, memo) : null;
  const peer = event.chat.type === 'private' && !sender && event.chat.peer ? await memoContact(db, event.chat.peer, memo) : null;
  const privateContact = event.chat.type === 'private' ? (sender ?? peer) : null;
  if (privateContact) await memoClearUnreachable(db, privateContact.id, channel.id, memo);
  const conversation = await memoConversation(db, channel.id, event.chat, privateContact?.id ?? null, memo);
  if (event.type === 'edit') return recordEdit(db, conversation, event);
  const direction = event.message.fromSelf ? 'out' : 'in';
  const assignment =
    conversation.inserted && direction === 'in' && hooks.onNewConversation ? await hooks.onNewConversation(trx, conversation.id) : [];
  const inserted = await db
    .insertInto('messages')
    .values({
      conversation_id: conversation.id,
      direction,
      sender_kind: direction === 'in' ? 'client' : 'bot',
      sender_contact_id: sender?.id ?? null,
      sender_name: event.sender ? displayNameOf(event.sender) : '',
      kind: event.message.kind,
      text: hideStartPayload(event.message.text),
      service: event.message.service ? JSON.stringify(event.message.service) : null,
      entities: event.message.entities ? JSON.stringify(event.message.entities) : null,
      attachments: JSON.stringify(event.message.attachments),
      external_message_id: event.message.externalId,
      reply_to_external_id: event.message.replyToExternalId ?? null,
      media_group_id: event.message.mediaGroupId ?? null,
      status: direction === 'out' ? 'sent' : null,
      sent_at: event.message.date,
    })
    .onConflict((conflict) =>
      conflict.columns(['conversation_id', 'external_message_id']).where('external_message_id', 'is not', null).doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
  // A redelivered message (same conversation and message id) never doubles; a changed text updates it.
  if (!inserted) return direction === 'in' ? recordEdit(db, conversation, event) : [];
  const recorded = hooks.onMessageRecorded ? await hooks.onMessageRecorded(trx, inserted) : inserted;
  const updated = await bumpConversation(db, conversation.id, inserted);
  rememberConversation(memo, channel.id, event.chat, updated);
  const contact = privateContact ?? (await contactOf(db, updated.contact_id));
  const chat = serializeChat(updated, summarizeChannel(channel), contact);
  return [
    ...assignment,
    {
      type: 'new_message',
      conversationId: updated.id,
      assignedOperatorId: updated.assigned_operator_id,
      payload: { message: serializeMessage(recorded), chat },
    },
  ];
}

/** Counters and the list preview after a new message, in one statement. */
export async function bumpConversation(db: InboxDb, conversationId: number, message: MessageRow): Promise<ConversationRow> {
  const incoming = message.direction === 'in';
  return db
    .updateTable('conversations')
    .set((eb) => ({
      messages_in: incoming ? eb('messages_in', '+', 1) : eb.ref('messages_in'),
      messages_out: incoming ? eb.ref('messages_out') : eb('messages_out', '+', 1),
      last_message_id: message.id,
      last_message_at: message.sent_at,
      last_message_preview: previewOf(message.kind, message.text),
      last_message_direction: message.direction,
      // A customer writing again reopens a resolved conversation and ends a snooze; a pending one stays pending.
      status: incoming ? sql<string>`CASE WHEN status IN ('resolved', 'snoozed') THEN 'open' ELSE status END` : eb.ref('status'),
      snoozed_until: incoming ? null : eb.ref('snoozed_until'),
      first_message_at: sql<Date>`coalesce(first_message_at, ${message.sent_at})`,
      updated_at: new Date(),
    }))
    .where('id', '=', conversationId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function recordEdit(
  db: InboxDb,
  conversation: ConversationRow,
  event: Extract<InboundEvent, { type: 'message' | 'edit' }>,
): Promise<EventDraft[]> {
  const existing = await db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversation.id)
    .where('external_message_id', '=', event.message.externalId)
    .executeTakeFirst();
  // Platforms also report edits we do not show (a reaction, a link preview); only a new text is an edit.
  if (!existing || existing.text === event.message.text) return [];
  const history = [
    ...((existing.edit_history as unknown[] | null) ?? []),
    { text: existing.text, until: (event.message.editDate ?? new Date()).toISOString() },
  ];
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
  // The chat list previews the last message: an edit of it shows there too.
  await db
    .updateTable('conversations')
    .set({ last_message_preview: previewOf(updated.kind, updated.text) })
    .where('id', '=', conversation.id)
    .where('last_message_id', '=', updated.id)
    .execute();
  return [
    {
      type: 'message_updated',
      conversationId: conversation.id,
      assignedOperatorId: conversation.assigned_operator_id,
      payload: { message: serializeMessage(updated) },
    },
  ];
}

/** Marks the messages deleted (once: a redelivery changes nothing); the texts stay for the record. */
async function recordDeletion(
  db: InboxDb,
  channel: ChannelRecord,
  event: Extract<InboundEvent, { type: 'delete' }>,
): Promise<EventDraft[]> {
  const conversation = await db
    .selectFrom('conversations')
    .selectAll()
    .where('channel_id', '=', channel.id)
    .where('external_chat_id', '=', event.chat.externalId)
    .where('topic_id', '=', event.chat.topicId)
    .executeTakeFirst();
  if (!conversation) return [];
  return markDeleted(db, conversation, event.messageExternalIds);
}

/** Marks a conversation's messages deleted by their platform ids (an operator's delete, or the platform's report). */
export async function markDeleted(db: InboxDb, conversation: ConversationRow, messageExternalIds: string[]): Promise<EventDraft[]> {
  if (messageExternalIds.length === 0) return [];
  const deleted = await db
    .updateTable('messages')
    .set({ deleted_at: new Date() })
    .where('conversation_id', '=', conversation.id)
    .where('external_message_id', 'in', messageExternalIds)
    .where('deleted_at', 'is', null)
    .returningAll()
    .execute();
  return deleted.map((message) => ({
    type: 'message_updated' as const,
    conversationId: conversation.id,
    assignedOperatorId: conversation.assigned_operator_id,
    payload: { message: serializeMessage(message) },
  }));
}

async function recordReachability(
  db: InboxDb,
  channel: ChannelRecord,
  event: Extract<InboundEvent, { type: 'reachability' }>,
  memo: RecordMemo | undefined,
): Promise<EventDraft[]> {
  const contact = await memoContact(db, event.person, memo);
  await setReachability(db, contact.id, channel.id, event.reachable, event.reachable ? null : event.reason);
  // The next message must clear a block recorded here.
  memo?.reachable.delete(`${contact.id}:${channel.id}`);
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
