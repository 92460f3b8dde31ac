import type { ServiceLine } from '@switchboard/contract/service-lines';
import { notFound, unprocessable, type RealtimeHub, type StaffUser } from '../platform/index.ts';
import { recordEvents, type EventDraft } from './events.ts';
import {
  assignmentHistory,
  conversationHolder,
  lockConversationHolder,
  pickOperator,
  recordAssignment,
  staffMember,
} from './queries/assignments.ts';
import { insertServiceLine } from './queries/conversations.ts';
import type { InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

/**
 * Moves a conversation to an operator (or back to the queue) in the caller's
 * transaction: keeps the history, writes a system line in the conversation,
 * and tells the new and the previous holder.
 */
export async function assignConversation(
  trx: InboxDb,
  input: { conversationId: number; operatorId: number | null; by: StaffUser | null; reason: 'manual' | 'auto' | 'transfer'; note?: string },
): Promise<EventDraft[]> {
  const db = trx;
  const conversation = await lockConversationHolder(db, input.conversationId);
  const previous = conversation.assigned_operator_id;
  if (previous === input.operatorId) return [];
  let operatorName = '';
  if (input.operatorId !== null) {
    const operator = await staffMember(db, input.operatorId);
    if (!operator || !operator.is_active || !['operator', 'admin'].includes(operator.role))
      throw unprocessable(`Staff user ${input.operatorId} is not an active operator.`, 'not_an_operator');
    operatorName = operator.name || operator.email;
  }
  await recordAssignment(db, {
    conversationId: input.conversationId,
    operatorId: input.operatorId,
    previousOperatorId: previous,
    assignedBy: input.by?.id ?? null,
    reason: input.reason,
    note: input.note ?? null,
  });
  const byName = input.by ? input.by.name || input.by.email : null;
  const line: ServiceLine =
    input.operatorId === null
      ? { code: 'returned_to_queue', params: { by: byName } }
      : { code: 'assigned', params: { to: operatorName, by: byName } };
  // The note stays out of the line: the conversation outlives this assignment, the note is for its receiver only.
  await insertServiceLine(db, input.conversationId, line, input.by?.id ?? null);
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
export async function autoAssign(trx: InboxDb, conversationId: number): Promise<EventDraft[]> {
  const operatorId = await pickOperator(trx);
  if (operatorId === null) return [];
  return assignConversation(trx, { conversationId, operatorId, by: null, reason: 'auto' });
}

/** A transfer note is for the operator who received the conversation, and for admins; everyone else gets null. */
function withNoteFor<Row extends { operator_id: number | null; note: string | null }>(user: StaffUser, row: Row): Row {
  return user.role === 'admin' || (row.operator_id !== null && row.operator_id === user.id) ? row : { ...row, note: null };
}

export function createAssignments(options: { db: InboxDb; hub: RealtimeHub; visibility: Visibility }) {
  const { db } = options;
  return {
    async assign(user: StaffUser, conversationId: number, operatorId: number | null, note?: string) {
      await options.visibility.policy();
      const conversation = await conversationHolder(db, conversationId);
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
      const rows = await assignmentHistory(db, conversationId, { newestFirst: true, limit: 50 });
      return rows.map((row) => withNoteFor(user, row));
    },
    async history(user: StaffUser, conversationId: number) {
      await options.visibility.policy();
      const conversation = await conversationHolder(db, conversationId);
      if (!conversation || !options.visibility.canSee(user, { assignedOperatorId: conversation.assigned_operator_id }))
        throw notFound(`Chat ${conversationId}`);
      const rows = await assignmentHistory(db, conversationId, { newestFirst: false });
      return rows.map((row) => withNoteFor(user, row));
    },
  };
}
