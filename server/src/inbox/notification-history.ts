import { sql } from 'kysely';
import type { RowOutcome } from '../delivery/index.ts';
import type { EventDraft } from './events.ts';
import { recordEdit } from './record.service.ts';
import { previewOf, serializeChat, serializeMessage, type ChannelSummary } from './serializers.ts';
import { inboxTables, type ConversationRow, type InboxDb, type MessageRow } from './tables.ts';

/** An event and the outbox row it came from, so a batch's events keep the rows' order. */
export interface OrderedDraft {
  outboxId: number;
  draft: EventDraft;
}

/**
 * Messages an app sent through the outbox on its own (a ticket or invoice notification, a broadcast: no inbox
 * message behind them) join their chats' conversations as bot messages once the messenger has them, so operators
 * see everything the customer was told. Chats the inbox has never seen are left alone. A row that edited such a
 * message (`edit_of`) changes it there as well. A batch of rows costs a handful of statements, not a handful each.
 */
export async function recordSentNotifications(trx: InboxDb, outcomes: RowOutcome[]): Promise<OrderedDraft[]> {
  const sent = outcomes.filter(
    ({ row, outcome }) => outcome.state === 'sent' && row.message_id === null && (row.payload.text ?? '') !== '',
  );
  if (sent.length === 0) return [];
  const db = inboxTables(trx);
  const conversations = await conversationsOf(db, sent);
  const drafts: OrderedDraft[] = [];
  const inserts: Array<{ outboxId: number; values: NewMessage }> = [];
  for (const { row, outcome } of sent) {
    const conversation = conversations.get(chatKey(row.channel_id, row.external_chat_id, row.topic_id));
    if (!conversation) continue;
    const externalId = outcome.externalIds?.[0];
    const text = row.payload.text ?? '';
    if (row.edit_of === null) {
      inserts.push({ outboxId: row.id, values: newMessage(conversation.id, text, externalId ?? null) });
      continue;
    }
    // An edit is rare (an app changing its notification): one at a time.
    if (!externalId) continue;
    const chat = { externalId: row.external_chat_id, type: 'private' as const, title: '', topicId: row.topic_id };
    const message = { externalId, date: new Date(), editDate: new Date(), kind: 'text' as const, text, attachments: [] };
    const edited = await recordEdit(db, conversation, { type: 'edit', chat, sender: null, message });
    drafts.push(...edited.map((draft) => ({ outboxId: row.id, draft })));
  }
  return [...drafts, ...(await insertMessages(db, inserts))].sort((a, b) => a.outboxId - b.outboxId);
}

type NewMessage = ReturnType<typeof newMessage>;

function newMessage(conversationId: number, text: string, externalId: string | null) {
  return {
    conversation_id: conversationId,
    direction: 'out' as const,
    sender_kind: 'bot' as const,
    sender_name: '',
    kind: 'text' as const,
    text,
    external_message_id: externalId,
    status: 'sent' as const,
    sent_at: new Date(),
  };
}

const chatKey = (channelId: number, chatId: string, topicId: string) => JSON.stringify([channelId, chatId, topicId]);

/** The conversations of the rows' chats, in one query. */
async function conversationsOf(db: InboxDb, outcomes: RowOutcome[]): Promise<Map<string, ConversationRow>> {
  const chats = new Map(
    outcomes.map(({ row }) => [
      chatKey(row.channel_id, row.external_chat_id, row.topic_id),
      { channel_id: row.channel_id, external_chat_id: row.external_chat_id, topic_id: row.topic_id },
    ]),
  );
  const found = await sql<ConversationRow>`
    SELECT c.* FROM conversations c
    JOIN jsonb_to_recordset(${JSON.stringify([...chats.values()])}::jsonb) AS chat (channel_id int, external_chat_id text, topic_id text)
      ON c.channel_id = chat.channel_id AND c.external_chat_id = chat.external_chat_id AND c.topic_id = chat.topic_id`.execute(db);
  return new Map(
    found.rows.map((conversation) => [
      chatKey(conversation.channel_id, conversation.external_chat_id, conversation.topic_id),
      conversation,
    ]),
  );
}

/** One insert for every message (a message already recorded under its id is skipped), one update of their conversations. */
async function insertMessages(db: InboxDb, inserts: Array<{ outboxId: number; values: NewMessage }>): Promise<OrderedDraft[]> {
  if (inserts.length === 0) return [];
  const inserted = await db
    .insertInto('messages')
    .values(inserts.map((each) => each.values))
    .onConflict((conflict) =>
      conflict.columns(['conversation_id', 'external_message_id']).where('external_message_id', 'is not', null).doNothing(),
    )
    .returningAll()
    .execute();
  if (inserted.length === 0) return [];
  // Back to their rows by conversation and messenger id (rows alike in both are alike in everything that is shown).
  const waiting = new Map<string, number[]>();
  for (const each of inserts) {
    const key = JSON.stringify([each.values.conversation_id, each.values.external_message_id]);
    waiting.set(key, [...(waiting.get(key) ?? []), each.outboxId]);
  }
  const messages = inserted
    .map((message) => ({
      message,
      outboxId: waiting.get(JSON.stringify([message.conversation_id, message.external_message_id]))?.shift() ?? 0,
    }))
    .sort((a, b) => a.outboxId - b.outboxId || a.message.id - b.message.id);
  const conversations = await bumpConversations(
    db,
    messages.map((each) => each.message),
  );
  const channelIds = [...new Set([...conversations.values()].map((conversation) => conversation.channel_id))];
  const contactIds = [...new Set([...conversations.values()].flatMap((conversation) => conversation.contact_id ?? []))];
  const channels = new Map<number, ChannelSummary>(
    (await db.selectFrom('channels').select(['id', 'kind', 'messenger', 'name', 'username']).where('id', 'in', channelIds).execute()).map(
      (channel) => [channel.id, channel],
    ),
  );
  const contacts =
    contactIds.length === 0
      ? new Map()
      : new Map((await db.selectFrom('contacts').selectAll().where('id', 'in', contactIds).execute()).map((c) => [c.id, c]));
  return messages.map(({ message, outboxId }) => {
    const conversation = conversations.get(message.conversation_id)!;
    const chat = serializeChat(conversation, channels.get(conversation.channel_id)!, contacts.get(conversation.contact_id) ?? null);
    return {
      outboxId,
      draft: {
        type: 'new_message',
        conversationId: conversation.id,
        assignedOperatorId: conversation.assigned_operator_id,
        payload: { message: serializeMessage(message), chat },
      },
    };
  });
}

/** What bumpConversation does for one outgoing message, for many at once: counts, the last message, its preview. */
async function bumpConversations(db: InboxDb, messages: MessageRow[]): Promise<Map<number, ConversationRow>> {
  const byConversation = new Map<number, { id: number; count: number; last_id: number; last_at: Date; preview: string; first_at: Date }>();
  for (const message of messages) {
    const seen = byConversation.get(message.conversation_id);
    const last = { last_id: message.id, last_at: message.sent_at, preview: previewOf(message.kind, message.text) };
    if (seen) Object.assign(seen, last, { count: seen.count + 1 });
    else byConversation.set(message.conversation_id, { id: message.conversation_id, count: 1, first_at: message.sent_at, ...last });
  }
  // Locked in id order first: two batches (or the intake) touching the same conversations then wait instead of deadlocking.
  await db
    .selectFrom('conversations')
    .select('id')
    .where('id', 'in', [...byConversation.keys()])
    .orderBy('id')
    .forUpdate()
    .execute();
  const updated = await sql<ConversationRow>`
    UPDATE conversations SET messages_out = conversations.messages_out + bump.count, last_message_id = bump.last_id,
      last_message_at = bump.last_at, last_message_preview = bump.preview, last_message_direction = 'out',
      first_message_at = coalesce(conversations.first_message_at, bump.first_at), updated_at = now()
    FROM jsonb_to_recordset(${JSON.stringify([...byConversation.values()])}::jsonb)
      AS bump (id int, count int, last_id bigint, last_at timestamptz, preview text, first_at timestamptz)
    WHERE conversations.id = bump.id
    RETURNING conversations.*`.execute(db);
  return new Map(updated.rows.map((conversation) => [conversation.id, conversation]));
}
