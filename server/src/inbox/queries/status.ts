// Conversation status (conversation-status.ts): the snoozes that are due, and chats as the whole team sees them.
import { serializeChat, type ChatJson } from '../serializers.ts';
import type { InboxDb } from '../tables.ts';

/** Reopens the conversations whose snooze ended by `now`; returns their ids. */
export async function dueSnoozes(trx: InboxDb, now: Date): Promise<number[]> {
  const rows = await trx
    .updateTable('conversations')
    .set({ status: 'open', snoozed_until: null, updated_at: new Date() })
    .where('status', '=', 'snoozed')
    .where('snoozed_until', '<=', now)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Chats for events the whole team receives: no one's unread count. */
export async function teamChats(db: InboxDb, ids: number[]): Promise<ChatJson[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('conversations')
    .innerJoin('channels', 'channels.id', 'conversations.channel_id')
    .selectAll('conversations')
    .select(['channels.kind as channel_kind', 'channels.messenger as channel_messenger', 'channels.name as channel_name'])
    .select('channels.username as channel_username')
    .where('conversations.id', 'in', ids)
    .orderBy('conversations.id')
    .execute();
  const contactIds = rows.flatMap((row) => (row.contact_id === null ? [] : [row.contact_id]));
  const contacts = contactIds.length === 0 ? [] : await db.selectFrom('contacts').selectAll().where('id', 'in', contactIds).execute();
  const labels = await db.selectFrom('conversation_labels').selectAll().where('conversation_id', 'in', ids).orderBy('label_id').execute();
  return rows.map(({ channel_kind, channel_messenger, channel_name, channel_username, ...conversation }) =>
    serializeChat(
      conversation,
      { id: conversation.channel_id, kind: channel_kind, messenger: channel_messenger, name: channel_name, username: channel_username },
      contacts.find((contact) => contact.id === conversation.contact_id) ?? null,
      labels.filter((label) => label.conversation_id === conversation.id).map((label) => label.label_id),
    ),
  );
}
