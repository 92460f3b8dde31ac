import type { DeliveryOutcome, OutboxRow } from '../delivery/index.ts';
import type { EventDraft } from './events.ts';
import { bumpConversation, recordEdit } from './record.service.ts';
import { serializeChat, serializeMessage, type ChannelSummary } from './serializers.ts';
import { inboxTables, type InboxDb } from './tables.ts';

/**
 * A message an app sent through the outbox on its own (a ticket or invoice notification: no inbox
 * message behind it) joins that chat's conversation as a bot message once the messenger has it, so
 * operators see everything the customer was told. Chats the inbox has never seen are left alone. A row that
 * edited such a message (`edit_of`) changes it there as well.
 */
export async function recordSentNotification(trx: InboxDb, row: OutboxRow, outcome: DeliveryOutcome): Promise<EventDraft[]> {
  if (outcome.state !== 'sent' || row.message_id !== null) return [];
  const text = row.payload.text ?? '';
  if (!text) return [];
  const db = inboxTables(trx);
  const conversation = await db
    .selectFrom('conversations')
    .selectAll()
    .where('channel_id', '=', row.channel_id)
    .where('external_chat_id', '=', row.external_chat_id)
    .where('topic_id', '=', row.topic_id)
    .executeTakeFirst();
  if (!conversation) return [];
  const externalId = outcome.externalIds?.[0];
  if (row.edit_of !== null) {
    if (!externalId) return [];
    const chat = { externalId: row.external_chat_id, type: 'private' as const, title: '', topicId: row.topic_id };
    const message = { externalId, date: new Date(), editDate: new Date(), kind: 'text' as const, text, attachments: [] };
    return recordEdit(db, conversation, { type: 'edit', chat, sender: null, message });
  }
  const inserted = await db
    .insertInto('messages')
    .values({
      conversation_id: conversation.id,
      direction: 'out',
      sender_kind: 'bot',
      sender_name: '',
      kind: 'text',
      text,
      external_message_id: externalId ?? null,
      status: 'sent',
      sent_at: new Date(),
    })
    .onConflict((conflict) =>
      conflict.columns(['conversation_id', 'external_message_id']).where('external_message_id', 'is not', null).doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
  if (!inserted) return [];
  const updated = await bumpConversation(db, conversation.id, inserted);
  const channel: ChannelSummary = await db
    .selectFrom('channels')
    .select(['id', 'kind', 'messenger', 'name', 'username'])
    .where('id', '=', updated.channel_id)
    .executeTakeFirstOrThrow();
  const contact =
    updated.contact_id === null
      ? null
      : ((await db.selectFrom('contacts').selectAll().where('id', '=', updated.contact_id).executeTakeFirst()) ?? null);
  return [
    {
      type: 'new_message',
      conversationId: updated.id,
      assignedOperatorId: updated.assigned_operator_id,
      payload: { message: serializeMessage(inserted), chat: serializeChat(updated, channel, contact) },
    },
  ];
}
