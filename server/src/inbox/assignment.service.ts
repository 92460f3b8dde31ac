import type { ServiceLine } from '@switchboard/contract/service-lines';
import { sql, type Kysely } from 'kysely';
import { notFound, unprocessable, type AnyDb, type RealtimeHub, type StaffUser } from '../platform/index.ts';
import { recordEvents, type EventDraft } from './events.ts';
import type { InboxTables, TeamTables } from './tables.ts';
import type { Visibility } from './visibility.ts';

type Db = Kysely<InboxTables & TeamTables>;

/** The active operator holding the fewest chats under their cap, longest without a new one first (round robin). */
async function pickOperator(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('operators')
    .innerJoin('staff_users', 'staff_users.id', 'operators.user_id')
    .select('operators.user_id')
    .where('staff_users.is_active', '=', true)
    .where('staff_users.role', '=', 'operator')
    .where(
      'operators.max_chats',
      '>',
      sql<number>`(SELECT count(*) FROM conversations WHERE conversations.assigned_operator_id = operators.user_id AND conversations.status = 'open')`,
    )
    .orderBy(sql`operators.last_assigned_at NULLS FIRST`)
    .orderBy('operators.user_id')
    .limit(1)
    .forUpdate('operators')
    .skipLocked()
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/**
 * Moves a conversation to an operator (or back to the queue) in the caller's
 * transaction: keeps the history, writes a system line in the conversation,
 * and tells the new and the previous holder.
 */
export async function assignConversation(
  trx: AnyDb,
  input: { conversationId: number; operatorId: number | null; by: StaffUser | null; reason: 'manual' | 'auto' | 'transfer'; note?: string },
): Promise<EventDraft[]> {
  const db = trx as Db;
  const conversation = await db
    .selectFrom('conversations')
    .select(['id', 'assigned_operator_id'])
    .where('id', '=', input.conversationId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const previous = conversation.assigned_operator_id;
  if (previous === input.operatorId) return [];
  let operatorName = '';
  if (input.operatorId !== null) {
    const operator = await db
      .selectFrom('staff_users')
      .select(['name', 'email', 'is_active', 'role'])
      .where('id', '=', input.operatorId)
      .executeTakeFirst();
    if (!operator || !operator.is_active || !['operator', 'admin'].includes(operator.role))
      throw unprocessable(`Staff user ${input.operatorId} is not an active operator.`, 'not_an_operator');
    operatorName = operator.name || operator.email;
    await db.updateTable('operators').set({ last_assigned_at: new Date() }).where('user_id', '=', input.operatorId).execute();
  }
  await db
    .updateTable('conversations')
    .set({ assigned_operator_id: input.operatorId, updated_at: new Date() })
    .where('id', '=', input.conversationId)
    .execute();
  await db
    .insertInto('chat_assignments')
    .values({
      conversation_id: input.conversationId,
      operator_id: input.operatorId,
      previous_operator_id: previous,
      assigned_by: input.by?.id ?? null,
      reason: input.reason,
      note: input.note ?? null,
    })
    .execute();
  const byName = input.by ? input.by.name || input.by.email : null;
  const line: ServiceLine =
    input.operatorId === null
      ? { code: 'returned_to_queue', params: { by: byName } }
      : { code: 'assigned', params: { to: operatorName, by: byName } };
  await db
    .insertInto('messages')
    // The note stays out of the line: the conversation outlives this assignment, the note is for its receiver only.
    .values({
      conversation_id: input.conversationId,
      direction: 'out',
      sender_kind: 'system',
      kind: 'service',
      service: JSON.stringify(line),
      sender_staff_id: input.by?.id ?? null,
    })
    .execute();
  // The note travels only to the receiving operator (and admins): an event addressed to the queue carries none.
  const assigned = { chat_id: input.conversationId, operator_id: input.operatorId, previous_operator_id: previous };
  const drafts: EventDraft[] = [
    {
      type: 'chat_assigned',
      conversationId: input.conversationId,
      assignedOperatorId: input.operatorId,
      payload: { ...assigned, note: input.operatorId === null ? null : (input.note ?? null) },
    },
  ];
  // Operators watching the queue must see the chat leave it; the event carries no conversation content.
  if (previous === null && input.operatorId !== null)
    drafts.push({ ...drafts[0]!, assignedOperatorId: null, payload: { ...assigned, note: null } });
  // The previous holder is told who has it now, so their open conversation can say "transferred to …".
  if (previous !== null)
    drafts.push({
      type: 'chat_removed',
      userId: previous,
      payload: { chat_id: input.conversationId, operator_id: input.operatorId, operator_name: operatorName || null },
    });
  return drafts;
}

/** Auto-assignment of a conversation that has just been created, when the policy asks for it. */
export async function autoAssign(trx: AnyDb, conversationId: number): Promise<EventDraft[]> {
  const operatorId = await pickOperator(trx as Db);
  if (operatorId === null) return [];
  return assignConversation(trx, { conversationId, operatorId, by: null, reason: 'auto' });
}

/** A transfer note is for the operator who received the conversation, and for admins; everyone else gets null. */
function withNoteFor<Row extends { operator_id: number | null; note: string | null }>(user: StaffUser, row: Row): Row {
  return user.role === 'admin' || (row.operator_id !== null && row.operator_id === user.id) ? row : { ...row, note: null };
}

export function createAssignments(options: { db: AnyDb; hub: RealtimeHub; visibility: Visibility }) {
  const db = options.db as Db;
  return {
    async assign(user: StaffUser, conversationId: number, operatorId: number | null, note?: string) {
      await options.visibility.policy();
      const conversation = await db
        .selectFrom('conversations')
        .select(['id', 'assigned_operator_id'])
        .where('id', '=', conversationId)
        .executeTakeFirst();
      if (!conversation || !options.visibility.canSee(user, { assignedOperatorId: conversation.assigned_operator_id }))
        throw notFound(`Chat ${conversationId}`);
      if (user.role !== 'admin' && operatorId !== user.id && conversation.assigned_operator_id !== user.id) {
        throw unprocessable(
          'Operators may take a conversation from the queue or transfer their own; ask an admin to move others.',
          'not_allowed',
        );
      }
      const reason = conversation.assigned_operator_id !== null && operatorId !== null ? 'transfer' : 'manual';
      const events = await db
        .transaction()
        .execute(async (trx) => recordEvents(trx, await assignConversation(trx, { conversationId, operatorId, by: user, reason, note })));
      options.hub.publish(events);
      const rows = await db
        .selectFrom('chat_assignments')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('id', 'desc')
        .limit(50)
        .execute();
      return rows.map((row) => withNoteFor(user, row));
    },
    async history(user: StaffUser, conversationId: number) {
      await options.visibility.policy();
      const conversation = await db
        .selectFrom('conversations')
        .select(['assigned_operator_id'])
        .where('id', '=', conversationId)
        .executeTakeFirst();
      if (!conversation || !options.visibility.canSee(user, { assignedOperatorId: conversation.assigned_operator_id }))
        throw notFound(`Chat ${conversationId}`);
      const rows = await db
        .selectFrom('chat_assignments')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('id')
        .execute();
      return rows.map((row) => withNoteFor(user, row));
    },
  };
}
