// Reactions on a message and the customer's read receipts (the `reaction` and `read_up_to` inbound events), and
// an operator's reaction set through the channel. Reactions are kept on the message row as each reactor has them
// now: a report replaces that reactor's set, so a repeated or late report changes nothing new.
import type { MessageReaction } from '@switchboard/contract';
import type { ChannelRecord, InboundChat, InboundEvent } from '../channels/channel.ts';
import { displayNameOf } from './contacts.ts';
import type { EventDraft } from './events.ts';
import { advances } from './record-status.ts';
import { serializeMessage } from './serializers.ts';
import type { ConversationRow, InboxDb, MessageRow } from './tables.ts';

type ReactionEvent = Extract<InboundEvent, { type: 'reaction' }>;
type ReadEvent = Extract<InboundEvent, { type: 'read_up_to' }>;

/** The conversation of a chat on this channel, locked like intake's own updates lock it; undefined when we keep none. */
async function conversationOf(db: InboxDb, channel: ChannelRecord, chat: InboundChat): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('channel_id', '=', channel.id)
    .where('external_chat_id', '=', chat.externalId)
    .where('topic_id', '=', chat.topicId)
    .forUpdate()
    .executeTakeFirst();
}

export function reactionsOf(row: Pick<MessageRow, 'reactions'>): MessageReaction[] {
  return Array.isArray(row.reactions) ? (row.reactions as MessageReaction[]) : [];
}

/** Replaces one reactor's reactions on a message: `key` tells reactors apart ('account', or 'client:<id>'). */
export async function replaceReactions(
  db: InboxDb,
  conversation: Pick<ConversationRow, 'id' | 'assigned_operator_id'>,
  message: MessageRow,
  reactor: { key: string; by: MessageReaction['by']; name: string },
  emojis: string[],
): Promise<EventDraft[]> {
  const others = reactionsOf(message).filter((reaction) => reaction.key !== reactor.key);
  const mine = [...new Set(emojis)].map((emoji) => ({ emoji, by: reactor.by, key: reactor.key, name: reactor.name }));
  const before = JSON.stringify(reactionsOf(message));
  const after = [...others, ...mine];
  if (JSON.stringify(after) === before) return [];
  const updated = await db
    .updateTable('messages')
    .set({ reactions: after.length > 0 ? JSON.stringify(after) : null })
    .where('id', '=', message.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return [
    {
      type: 'message_updated',
      conversationId: conversation.id,
      assignedOperatorId: conversation.assigned_operator_id,
      payload: { message: serializeMessage(updated) },
    },
  ];
}

export async function recordReaction(db: InboxDb, channel: ChannelRecord, event: ReactionEvent): Promise<EventDraft[]> {
  const conversation = await conversationOf(db, channel, event.chat);
  if (!conversation) return [];
  const message = await db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversation.id)
    .where('external_message_id', '=', event.messageExternalId)
    .executeTakeFirst();
  // A reaction on a message we do not keep (older than the conversation here) has nothing to show under.
  if (!message) return [];
  const reactor = event.by
    ? { key: `client:${event.by.externalId}`, by: 'client' as const, name: displayNameOf(event.by) }
    : { key: 'account', by: 'account' as const, name: '' };
  return replaceReactions(db, conversation, message, reactor, event.emojis);
}

/** Every message the account sent in the chat up to the given one (in the order they were recorded) turns "read". */
export async function recordReadUpTo(db: InboxDb, channel: ChannelRecord, event: ReadEvent): Promise<EventDraft[]> {
  const conversation = await conversationOf(db, channel, event.chat);
  if (!conversation) return [];
  const last = await db
    .selectFrom('messages')
    .select('id')
    .where('conversation_id', '=', conversation.id)
    .where('external_message_id', '=', event.messageExternalId)
    .executeTakeFirst();
  if (!last) return [];
  const unread = await db
    .selectFrom('messages')
    .select(['id', 'status'])
    .where('conversation_id', '=', conversation.id)
    .where('direction', '=', 'out')
    .where('id', '<=', last.id)
    .where('status', 'in', ['sent', 'delivered'])
    .execute();
  const ids = unread.filter((row) => advances(row.status, 'read')).map((row) => row.id);
  if (ids.length === 0) return [];
  const updated = await db
    .updateTable('messages')
    .set({ status: 'read', status_reason: null })
    .where('id', 'in', ids)
    .returning(['id', 'conversation_id', 'status', 'status_reason', 'external_message_id'])
    .execute();
  return updated.map((message) => ({
    type: 'message_status' as const,
    conversationId: conversation.id,
    assignedOperatorId: conversation.assigned_operator_id,
    payload: {
      message: {
        id: message.id,
        chat_id: message.conversation_id,
        status: message.status,
        status_reason: message.status_reason,
        external_message_id: message.external_message_id,
      },
    },
  }));
}
