import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import { createRandomToken, hashToken } from '../../platform/index.ts';
import type { CrewRole, DispatchTables } from './tables.ts';

export type CrewMember = Selectable<DispatchTables['dispatch_crew']>;
export const invitePrefix = 'dsp_';
export const isInvitePayload = (payload: string) => /^dsp_[A-Za-z0-9_-]{20,64}$/.test(payload);

export type JoinOutcome =
  { outcome: 'joined'; member: CrewMember } | { outcome: 'used' | 'expired' | 'unknown' } | { outcome: 'other_bot'; channelId: number };

export interface Joiner {
  channelId: number;
  telegramUserId: string;
  chatId: string;
  name: string;
  username: string | null;
  language: string;
}

/** The crew (Telegram users with a dispatch role) and the invite links that let them join. */
export function createCrewService(db: Kysely<DispatchTables>) {
  const active = () => db.selectFrom('dispatch_crew').selectAll().where('active', '=', true);
  return {
    async issueInvite(role: CrewRole, channelId: number, createdBy: number, ttlHours: number) {
      const token = `${invitePrefix}${createRandomToken(24)}`;
      const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
      await db
        .insertInto('dispatch_invites')
        .values({ token_hash: hashToken(token), role, channel_id: channelId, created_by: createdBy, expires_at: expiresAt })
        .execute();
      return { token, expiresAt };
    },

    /** Single-use: the UPDATE … WHERE used_at IS NULL lets one of several people opening a link at once in. */
    async join(token: string, joiner: Joiner): Promise<JoinOutcome> {
      return db.transaction().execute(async (trx) => {
        const tokenHash = hashToken(token);
        const invite = await trx
          .updateTable('dispatch_invites')
          .set({ used_at: new Date() })
          .where('token_hash', '=', tokenHash)
          .where('used_at', 'is', null)
          .where('expires_at', '>', new Date())
          .where('channel_id', '=', joiner.channelId)
          .returning(['role'])
          .executeTakeFirst();
        if (!invite) {
          const row = await trx.selectFrom('dispatch_invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
          if (!row) return { outcome: 'unknown' };
          if (row.used_at) return { outcome: 'used' };
          if (row.channel_id !== joiner.channelId) return { outcome: 'other_bot', channelId: row.channel_id };
          return { outcome: 'expired' };
        }
        const member = await trx
          .insertInto('dispatch_crew')
          .values({
            channel_id: joiner.channelId,
            telegram_user_id: joiner.telegramUserId,
            chat_id: joiner.chatId,
            name: joiner.name,
            username: joiner.username,
            language: joiner.language,
            role: invite.role,
          })
          .onConflict((conflict) =>
            conflict.columns(['channel_id', 'telegram_user_id']).doUpdateSet({
              role: invite.role,
              active: true,
              chat_id: joiner.chatId,
              name: joiner.name,
              username: joiner.username,
            }),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.updateTable('dispatch_invites').set({ used_by: member.id }).where('token_hash', '=', tokenHash).execute();
        return { outcome: 'joined', member };
      });
    },

    /** The active crew member behind a Telegram user of this bot. */
    async member(channelId: number, telegramUserId: string): Promise<CrewMember | undefined> {
      return active().where('channel_id', '=', channelId).where('telegram_user_id', '=', telegramUserId).executeTakeFirst();
    },
    find: (id: number) => db.selectFrom('dispatch_crew').selectAll().where('id', '=', id).executeTakeFirst(),
    findMany: async (ids: number[]) =>
      ids.length === 0 ? [] : db.selectFrom('dispatch_crew').selectAll().where('id', 'in', ids).execute(),
    withRole: (role: CrewRole) => active().where('role', '=', role).orderBy('name').orderBy('id').execute(),
    /** The manager whose AmoCRM user is responsible for the deal. */
    managerFor: async (responsibleUserId: number | string | null) =>
      responsibleUserId === null
        ? undefined
        : active().where('role', '=', 'manager').where('amocrm_user_id', '=', Number(responsibleUserId)).orderBy('id').executeTakeFirst(),
    /** The managers of many deals' responsible users in one query: AmoCRM user id → the first active manager with it. */
    async managersFor(responsibleUserIds: number[]) {
      const managers = new Map<number, { id: number; name: string }>();
      if (responsibleUserIds.length === 0) return managers;
      const rows = await active().where('role', '=', 'manager').where('amocrm_user_id', 'in', responsibleUserIds).orderBy('id').execute();
      for (const row of rows) {
        const userId = Number(row.amocrm_user_id);
        if (!managers.has(userId)) managers.set(userId, row);
      }
      return managers;
    },
    list: () => db.selectFrom('dispatch_crew').selectAll().orderBy('role').orderBy('name').orderBy('id').execute(),
    async update(id: number, patch: { role?: CrewRole; amocrm_user_id?: number | null; active?: boolean; name?: string }) {
      return db.updateTable('dispatch_crew').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
    },
    /** Open jobs per measurer, for /measurers. */
    async openJobCounts(): Promise<Map<number, number>> {
      const rows = await db
        .selectFrom('dispatch_jobs')
        .select(['measurer_id', sql<number>`count(*)::int`.as('count')])
        .where('status', 'in', ['assigned', 'in_progress'])
        .where('measurer_id', 'is not', null)
        .groupBy('measurer_id')
        .execute();
      return new Map(rows.map((row) => [row.measurer_id!, row.count]));
    },
  };
}

export type CrewService = ReturnType<typeof createCrewService>;
