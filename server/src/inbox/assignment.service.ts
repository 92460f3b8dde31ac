import type { ServiceLine } from '@switchboard/contract/service-lines';
import type { Assignment } from '@switchboard/contract';
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
import { isTeamMember, teamName } from './teams.routes.ts';
import type { Visibility } from './visibility.ts';

/**
 * Moves a conversation to an operator (or back to the queue) in the caller's
 * transaction: keeps the history, writes a system line in the conversation,
 * and tells the new and the previous holder.
 */
export async function assignConversation(
  trx: InboxDb,
  input: {
    conversationId: number;
    operatorId: number | null;
    by: StaffUser | null;
    reason: 'manual' | 'auto' | 'transfer';
    note?: string;
    /** A team's queue to move it to (null: out of any team); undefined: the team stays. */
    teamId?: number | null;
  },
): Promise<EventDraft[]> {
  const db = trx;
  const conversation = await lockConversationHolder(db, input.conversationId);
  const previous = conversation.assigned_operator_id;
  const previousTeam = conversation.team_id;
  const teamChanges = input.teamId !== undefined && input.teamId !== previousTeam;
  if (previous === input.operatorId && !teamChanges) return [];
  const byName = input.by ? input.by.name || input.by.email : null;
  const drafts: EventDraft[] = [];
  if (teamChanges) {
    const name = input.teamId === null ? null : await teamName(db, input.teamId!);
    if (input.teamId !== null && name === null) throw unprocessable(`There is no team ${input.teamId}.`, 'unknown_team');
    await insertServiceLine(db, input.conversationId, { code: 'team_assigned', params: { team: name, by: byName } }, input.by?.id ?? null);
  }
  if (input.operatorId !== null && input.teamId != null && !(await isTeamMember(db, input.teamId, input.operatorId)))
    throw unprocessable(`Staff user ${input.operatorId} is not in team ${input.teamId}.`, 'not_in_team');
  if (previous === input.operatorId) {
    await db
      .updateTable('conversations')
      .set({ team_id: input.teamId!, updated_at: new Date() })
      .where('id', '=', input.conversationId)
      .execute();
    return teamMoveDrafts(input.conversationId, previous, previousTeam, input.teamId!);
  }
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
    teamId: input.teamId,
  });
  const line: ServiceLine =
    input.operatorId === null
      ? { code: 'returned_to_queue', params: { by: byName } }
      : { code: 'assigned', params: { to: operatorName, by: byName } };
  // The note stays out of the line: the conversation outlives this assignment, the note is for its receiver only.
  await insertServiceLine(db, input.conversationId, line, input.by?.id ?? null);
  // The note travels only to the receiving operator (and admins): an event addressed to the queue carries none.
  const team = input.teamId === undefined ? previousTeam : input.teamId;
  const assigned = { chat_id: input.conversationId, operator_id: input.operatorId, previous_operator_id: previous, team_id: team };
  drafts.push({
    type: 'chat_assigned',
    conversationId: input.conversationId,
    assignedOperatorId: input.operatorId,
    teamId: team,
    payload: { ...assigned, note: input.operatorId === null ? null : (input.note ?? null) },
  });
  // Operators watching the queue (the team's it was in) must see the chat leave it; the event carries no conversation content.
  if (previous === null && (input.operatorId !== null || team !== previousTeam))
    drafts.push({ ...drafts[0]!, assignedOperatorId: null, teamId: previousTeam, payload: { ...assigned, note: null } });
  // The previous holder is told who has it now, so their open conversation can say "transferred to …".
  if (previous !== null)
    drafts.push({
      type: 'chat_removed',
      userId: previous,
      payload: { chat_id: input.conversationId, operator_id: input.operatorId, operator_name: operatorName || null },
    });
  return drafts;
}

/** Only the team changed, nobody's holding did: tell the old and the new queue (or the holder). */
function teamMoveDrafts(conversationId: number, holder: number | null, from: number | null, to: number | null): EventDraft[] {
  const payload = { chat_id: conversationId, operator_id: holder, previous_operator_id: holder, team_id: to, note: null };
  const moved: EventDraft = { type: 'chat_assigned', conversationId, assignedOperatorId: holder, teamId: to, payload };
  return holder === null ? [moved, { ...moved, teamId: from }] : [moved];
}

/** Auto-assignment of a conversation that has just been created, when the policy asks for it. */
export async function autoAssign(trx: InboxDb, conversationId: number): Promise<EventDraft[]> {
  const operatorId = await pickOperator(trx);
  if (operatorId === null) return [];
  return assignConversation(trx, { conversationId, operatorId, by: null, reason: 'auto' });
}

/** A transfer note is for the operator who received the conversation, and for admins; everyone else gets null. */
function withNoteFor(user: StaffUser, row: Awaited<ReturnType<typeof assignmentHistory>>[number]): Assignment {
  const note = user.role === 'admin' || (row.operator_id !== null && row.operator_id === user.id) ? row.note : null;
  return { ...row, note, created_at: row.created_at.toISOString() };
}

export function createAssignments(options: { db: InboxDb; hub: RealtimeHub; visibility: Visibility }) {
  const { db } = options;
  return {
    async assign(user: StaffUser, conversationId: number, operatorId: number | null, note?: string, teamId?: number | null) {
      const policy = await options.visibility.policy();
      const conversation = await conversationHolder(db, conversationId);
      if (
        !conversation ||
        !options.visibility.canSee(user, { assignedOperatorId: conversation.assigned_operator_id, teamId: conversation.team_id })
      )
        throw notFound(`Chat ${conversationId}`);
      if (user.role !== 'admin' && operatorId !== user.id && conversation.assigned_operator_id !== user.id) {
        throw unprocessable(
          'Operators may take a conversation from the queue or transfer their own; ask an admin to move others.',
          'not_allowed',
        );
      }
      const reason = conversation.assigned_operator_id !== null && operatorId !== null ? 'transfer' : 'manual';
      const events = await db.transaction().execute(async (trx) => {
        // Into a team's queue with nobody named: an online member under their cap takes it, when auto-assignment is on.
        const picked = operatorId === null && teamId != null && policy.auto_assign ? await pickOperator(trx, teamId) : null;
        const drafts = await assignConversation(trx, { conversationId, operatorId, by: user, reason, note, teamId });
        if (picked !== null)
          drafts.push(...(await assignConversation(trx, { conversationId, operatorId: picked, by: null, reason: 'auto' })));
        return recordEvents(trx, drafts);
      });
      options.hub.publish(events);
      const rows = await assignmentHistory(db, conversationId, { newestFirst: true, limit: 50 });
      return rows.map((row) => withNoteFor(user, row));
    },
    async history(user: StaffUser, conversationId: number) {
      await options.visibility.policy();
      const conversation = await conversationHolder(db, conversationId);
      if (
        !conversation ||
        !options.visibility.canSee(user, { assignedOperatorId: conversation.assigned_operator_id, teamId: conversation.team_id })
      )
        throw notFound(`Chat ${conversationId}`);
      const rows = await assignmentHistory(db, conversationId, { newestFirst: false });
      return rows.map((row) => withNoteFor(user, row));
    },
  };
}
