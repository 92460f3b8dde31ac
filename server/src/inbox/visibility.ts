import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type { StaffUser } from '../platform/index.ts';
import type { InboxTables } from './tables.ts';

/**
 * The one place that decides which conversations a staff user may see. Every
 * read path (lists, history, search, realtime fan-out) asks it. Admins see
 * everything; operators, for now, too (the team-inbox work narrows this to
 * their assignments); roles apps add see no conversations.
 */
export function canSeeConversation(user: StaffUser, _conversation: { assignedOperatorId?: number | null }): boolean {
  return user.role === 'admin' || user.role === 'operator';
}

/** The same rule as a SQL condition on `conversations`. */
export function visibleConversations(user: StaffUser) {
  return (eb: ExpressionBuilder<InboxTables, 'conversations'>): Expression<SqlBool> => {
    if (user.role === 'admin' || user.role === 'operator') return eb.lit(true);
    return eb.lit(false);
  };
}
