import { type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { InboxPolicy } from '@switchboard/contract';
import { readSetting, writeSetting, type StaffUser, platformTables } from '../platform/index.ts';
import { type InboxDb, type InboxTables, type TeamTables } from './tables.ts';

export const defaultPolicy: InboxPolicy = { auto_assign: true, operators_see_unassigned: true };
const policyKey = 'inbox_policy';
const cacheMs = 3_000;

/**
 * The one place that decides which conversations a staff user may see. Every
 * read path (lists, history, search, sending, realtime fan-out) asks it.
 * Admins see everything; an operator sees the conversations assigned to them,
 * their teams' queues, and the general queue (no team) when the policy allows;
 * other roles see none.
 */
export function createVisibility(handle: InboxDb) {
  const db = handle;
  let cached: { policy: InboxPolicy; at: number } = { policy: defaultPolicy, at: 0 };
  // Who is in which team, for the synchronous check (the realtime fan-out); SQL checks read team_members itself.
  let teamsOf = new Map<number, Set<number>>();

  async function refreshTeams(): Promise<void> {
    const rows = await db.selectFrom('team_members').select(['team_id', 'user_id']).execute();
    const next = new Map<number, Set<number>>();
    for (const row of rows) next.set(row.user_id, (next.get(row.user_id) ?? new Set()).add(row.team_id));
    teamsOf = next;
  }

  async function refresh(): Promise<InboxPolicy> {
    const stored = await readSetting<Partial<InboxPolicy>>(platformTables(db), policyKey);
    await refreshTeams();
    cached = { policy: { ...defaultPolicy, ...stored }, at: Date.now() };
    return cached.policy;
  }

  // The realtime fan-out checks synchronously against this cache; keep it fresh.
  void refresh().catch(() => undefined);
  const timer = setInterval(() => void refresh().catch(() => undefined), cacheMs);
  timer.unref();

  return {
    stop: () => clearInterval(timer),
    /** The cached policy, without a query: safe inside another transaction (PGlite has one connection). */
    cachedPolicy: (): InboxPolicy => cached.policy,
    /** The current policy, re-read every few seconds so other instances' changes apply. */
    async policy(): Promise<InboxPolicy> {
      return Date.now() - cached.at < cacheMs ? cached.policy : refresh();
    },
    async setPolicy(patch: Partial<InboxPolicy>): Promise<InboxPolicy> {
      const next = { ...(await refresh()), ...patch };
      await writeSetting(platformTables(db), policyKey, next);
      cached = { policy: next, at: Date.now() };
      return next;
    },
    /** Re-reads team membership now (after this instance changed it; others catch up within seconds). */
    refreshTeams,
    /**
     * In-memory check for the realtime fan-out; uses the cached policy and membership. A conversation nobody holds
     * is in a team's queue (its members see it) or in the general queue (everyone, when the policy allows).
     */
    canSee(user: StaffUser, conversation: { assignedOperatorId?: number | null; teamId: number | null }): boolean {
      if (user.role === 'admin') return true;
      if (user.role !== 'operator') return false;
      const assigned = conversation.assignedOperatorId ?? null;
      if (assigned !== null) return assigned === user.id;
      if (conversation.teamId !== null) return teamsOf.get(user.id)?.has(conversation.teamId) ?? false;
      return cached.policy.operators_see_unassigned;
    },
    /**
     * Contacts follow their conversations: a staff user may see a contact when they may see one of its
     * conversations (admins see all). A subquery of contact ids, for `where(column, 'in', …)`.
     */
    async visibleContactIds(user: StaffUser) {
      const visible = await this.filter(user);
      return db
        .selectFrom('conversations')
        .select('conversations.contact_id')
        .where(visible)
        .where('conversations.contact_id', 'is not', null);
    },
    async canSeeContact(user: StaffUser, contactId: number): Promise<boolean> {
      if (user.role === 'admin') return true;
      const row = await (await this.visibleContactIds(user)).where('conversations.contact_id', '=', contactId).executeTakeFirst();
      return row !== undefined;
    },
    /** The same rule as a SQL condition on `conversations`. */
    async filter(user: StaffUser) {
      const policy = await this.policy();
      return (eb: ExpressionBuilder<InboxTables & TeamTables, 'conversations'>): Expression<SqlBool> => {
        if (user.role === 'admin') return eb.lit(true);
        if (user.role !== 'operator') return eb.lit(false);
        const mine = eb('conversations.assigned_operator_id', '=', user.id);
        const myTeams = eb.selectFrom('team_members').select('team_members.team_id').where('team_members.user_id', '=', user.id);
        const queues = [eb('conversations.team_id', 'in', myTeams)];
        if (policy.operators_see_unassigned) queues.push(eb('conversations.team_id', 'is', null));
        return eb.or([mine, eb.and([eb('conversations.assigned_operator_id', 'is', null), eb.or(queues)])]);
      };
    },
  };
}

export type Visibility = ReturnType<typeof createVisibility>;
