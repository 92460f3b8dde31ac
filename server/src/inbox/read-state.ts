import { sql, type Kysely } from 'kysely';
import type { StaffUser } from '../platform/index.ts';
import { inboxTables, type InboxPartTables } from './tables.ts';
import type { Visibility } from './visibility.ts';

/**
 * Unread is per staff member. `conversation_reads` keeps, per person and conversation, how many
 * incoming messages (`conversations.messages_in`) they had when they last read it; whoever has no
 * marker counts from `conversations.read_baseline` (what the team had read before markers existed).
 * Counting needs no scan of messages: one lookup by primary key per conversation.
 */
export function unreadFor(userId: number) {
  return sql<number>`GREATEST(conversations.messages_in - coalesce((SELECT conversation_reads.messages_in_read FROM conversation_reads WHERE conversation_reads.conversation_id = conversations.id AND conversation_reads.staff_id = ${userId}), conversations.read_baseline), 0)`;
}

/** Moves the person's marker to every incoming message the conversation has now; the number it had unread before. */
export async function markReadFor<DB extends InboxPartTables>(handle: Kysely<DB>, userId: number, conversationId: number): Promise<number> {
  const db = inboxTables(handle);
  const before = await db
    .selectFrom('conversations')
    .select(unreadFor(userId).as('unread'))
    .where('conversations.id', '=', conversationId)
    .executeTakeFirst();
  await db
    .insertInto('conversation_reads')
    .columns(['conversation_id', 'staff_id', 'messages_in_read'])
    .expression(
      db
        .selectFrom('conversations')
        .select([sql<number>`conversations.id`.as('conversation_id'), sql<number>`${userId}::int`.as('staff_id'), 'messages_in'])
        .where('conversations.id', '=', conversationId),
    )
    .onConflict((conflict) =>
      conflict.columns(['conversation_id', 'staff_id']).doUpdateSet((eb) => ({
        messages_in_read: eb.ref('excluded.messages_in_read'),
        read_at: new Date(),
      })),
    )
    .execute();
  return Number(before?.unread ?? 0);
}

/** What the tab title shows: how many visible conversations have unread messages for this person, and how many messages. */
export async function unreadSummary<DB extends InboxPartTables>(handle: Kysely<DB>, visibility: Visibility, user: StaffUser) {
  const db = inboxTables(handle);
  const visible = await visibility.filter(user);
  const row = await db
    .selectFrom('conversations')
    .leftJoin('conversation_reads', (join) =>
      join.onRef('conversation_reads.conversation_id', '=', 'conversations.id').on('conversation_reads.staff_id', '=', user.id),
    )
    .select([
      sql<number>`count(*)`.as('chats'),
      sql<number>`coalesce(sum(conversations.messages_in - coalesce(conversation_reads.messages_in_read, conversations.read_baseline)), 0)`.as(
        'messages',
      ),
    ])
    .where(visible)
    .where(sql<boolean>`conversations.messages_in > coalesce(conversation_reads.messages_in_read, conversations.read_baseline)`)
    .executeTakeFirstOrThrow();
  return { unread_chats: Number(row.chats), unread_messages: Number(row.messages) };
}
