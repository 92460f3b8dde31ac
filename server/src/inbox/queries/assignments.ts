// Who holds a conversation: picking an operator, moving the conversation, and its assignment history.
import { sql } from 'kysely';
import type { InboxDb } from '../tables.ts';

/**
 * The active, online operator holding the fewest chats under their cap, longest without a new one first (round robin); locked.
 * With a team, only its members (admins in it too: they joined it to answer its queue).
 */
export async function pickOperator(trx: InboxDb, teamId?: number): Promise<number | null> {
  let query = trx
    .selectFrom('operators')
    .innerJoin('staff_users', 'staff_users.id', 'operators.user_id')
    .select('operators.user_id')
    .where('staff_users.is_active', '=', true)
    .where((eb) => (teamId === undefined ? eb('staff_users.role', '=', 'operator') : eb('staff_users.role', 'in', ['operator', 'admin'])))
    .where('operators.availability', '=', 'online')
    .where(
      'operators.max_chats',
      '>',
      sql<number>`(SELECT count(*) FROM conversations WHERE conversations.assigned_operator_id = operators.user_id AND conversations.status = 'open')`,
    )
    .orderBy(sql`operators.last_assigned_at NULLS FIRST`)
    .orderBy('operators.user_id')
    .limit(1)
    .forUpdate('operators')
    .skipLocked();
  if (teamId !== undefined)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('team_members')
          .select('team_members.user_id')
          .whereRef('team_members.user_id', '=', 'operators.user_id')
          .where('team_members.team_id', '=', teamId),
      ),
    );
  const row = await query.executeTakeFirst();
  return row?.user_id ?? null;
}

/** The conversation's holder, locked until the caller's transaction ends. */
export function lockConversationHolder(trx: InboxDb, conversationId: number) {
  return trx
    .selectFrom('conversations')
    .select(['id', 'assigned_operator_id', 'team_id'])
    .where('id', '=', conversationId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export function conversationHolder(db: InboxDb, conversationId: number) {
  return db
    .selectFrom('conversations')
    .select(['id', 'assigned_operator_id', 'team_id'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
}

export function staffMember(db: InboxDb, userId: number) {
  return db.selectFrom('staff_users').select(['name', 'email', 'is_active', 'role']).where('id', '=', userId).executeTakeFirst();
}

/** Moves the conversation to `operatorId` (null: the queue), marks the operator's turn, and keeps the history. */
export async function recordAssignment(
  trx: InboxDb,
  assignment: {
    conversationId: number;
    operatorId: number | null;
    previousOperatorId: number | null;
    assignedBy: number | null;
    reason: 'manual' | 'auto' | 'transfer';
    note: string | null;
    /** The conversation's team; undefined: it stays. */
    teamId?: number | null;
  },
): Promise<void> {
  if (assignment.operatorId !== null)
    await trx.updateTable('operators').set({ last_assigned_at: new Date() }).where('user_id', '=', assignment.operatorId).execute();
  await trx
    .updateTable('conversations')
    .set({
      assigned_operator_id: assignment.operatorId,
      ...(assignment.teamId === undefined ? {} : { team_id: assignment.teamId }),
      updated_at: new Date(),
    })
    .where('id', '=', assignment.conversationId)
    .execute();
  await trx
    .insertInto('chat_assignments')
    .values({
      conversation_id: assignment.conversationId,
      operator_id: assignment.operatorId,
      previous_operator_id: assignment.previousOperatorId,
      assigned_by: assignment.assignedBy,
      reason: assignment.reason,
      note: assignment.note,
    })
    .execute();
}

/** The conversation's assignments: oldest first, or the latest `limit` newest first. */
export function assignmentHistory(db: InboxDb, conversationId: number, order: { newestFirst: boolean; limit?: number }) {
  let query = db
    .selectFrom('chat_assignments')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .orderBy('id', order.newestFirst ? 'desc' : 'asc');
  if (order.limit !== undefined) query = query.limit(order.limit);
  return query.execute();
}
