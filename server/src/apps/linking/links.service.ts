import { sql, type Kysely } from 'kysely';
import { conflict, createRandomToken, hashToken } from '../../platform/index.ts';
import type { AppTransaction, LinkedChat } from '../app.ts';
import type { LinkingTables, LinkRow, Subject, SubjectKind } from './tables.ts';

/** Payloads we own start with this, so other apps' /start payloads pass by. */
export const tokenPrefix = 'lk_';
const linkPayload = /^lk_[A-Za-z0-9_-]{1,61}$/;

export function isLinkPayload(payload: string): boolean {
  return linkPayload.test(payload);
}

export type RedeemOutcome =
  { outcome: 'linked'; subject: Subject } | { outcome: 'used' | 'expired' | 'unknown' } | { outcome: 'other_bot'; channelId: number };

/** Who pressed the link, as the channel's neutral flow event names them (the sender's external id, kept as text). */
export interface LinkedPerson {
  externalId: string;
  username?: string;
  language: string;
}

export type LinkService = ReturnType<typeof createLinkService>;

/** Deep-link tokens and the links they create; every query takes its handle from here, transactions included. */
export function createLinkService(db: Kysely<LinkingTables>) {
  async function explainRefusal(trx: Kysely<LinkingTables>, tokenHash: string, channelId: number): Promise<RedeemOutcome> {
    const token = await trx
      .selectFrom('telegram_link_tokens')
      .select(['channel_id', 'used_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!token) return { outcome: 'unknown' };
    if (token.used_at) return { outcome: 'used' };
    if (token.channel_id !== channelId) return { outcome: 'other_bot', channelId: token.channel_id };
    return { outcome: 'expired' };
  }

  return {
    /** A fresh single-use token for the subject; earlier unused ones stop working. */
    async issueToken(subject: Subject, channelId: number, ttlMinutes: number): Promise<{ token: string; expiresAt: Date }> {
      const token = `${tokenPrefix}${createRandomToken(32)}`;
      const expiresAt = await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('telegram_link_tokens')
          .set({ expires_at: sql<Date>`now()` })
          .where('subject_kind', '=', subject.kind)
          .where('subject_id', '=', subject.id)
          .where('used_at', 'is', null)
          .where('expires_at', '>', sql<Date>`now()`)
          .execute();
        const row = await trx
          .insertInto('telegram_link_tokens')
          .values({
            token_hash: hashToken(token),
            subject_kind: subject.kind,
            subject_id: subject.id,
            channel_id: channelId,
            expires_at: sql<Date>`now() + make_interval(mins => ${ttlMinutes})`,
          })
          .returning('expires_at')
          .executeTakeFirstOrThrow();
        return row.expires_at;
      });
      return { token, expiresAt };
    },

    /**
     * Spends a token from /start and links the chat. One atomic UPDATE claims
     * the token, so under concurrent /start exactly one caller links.
     */
    async redeem(input: { token: string; channelId: number; chatId: string; person: LinkedPerson }): Promise<RedeemOutcome> {
      const tokenHash = hashToken(input.token);
      // Stored in seed 001's telegram_user_id column: the person's id on the linked account's messenger.
      const externalUserId = input.person.externalId;
      return db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('telegram_link_tokens')
          .set({ used_at: sql<Date>`now()`, used_by: externalUserId })
          .where('token_hash', '=', tokenHash)
          .where('channel_id', '=', input.channelId)
          .where('used_at', 'is', null)
          .where('expires_at', '>', sql<Date>`now()`)
          .returning(['subject_kind', 'subject_id'])
          .executeTakeFirst();
        if (!claimed) return explainRefusal(trx, tokenHash, input.channelId);
        const values = {
          channel_id: input.channelId,
          chat_id: input.chatId,
          telegram_user_id: externalUserId,
          telegram_username: input.person.username ?? null,
          language: input.person.language,
          enabled: true,
        };
        await trx
          .insertInto('telegram_links')
          .values({ subject_kind: claimed.subject_kind, subject_id: claimed.subject_id, ...values })
          .onConflict((onConflict) =>
            onConflict
              .columns(['subject_kind', 'subject_id'])
              .doUpdateSet({ ...values, linked_at: sql<Date>`now()`, updated_at: sql<Date>`now()` }),
          )
          .execute();
        return { outcome: 'linked', subject: { kind: claimed.subject_kind, id: claimed.subject_id } };
      });
    },

    async find(subject: Subject): Promise<LinkRow | undefined> {
      return db
        .selectFrom('telegram_links')
        .selectAll()
        .where('subject_kind', '=', subject.kind)
        .where('subject_id', '=', subject.id)
        .executeTakeFirst();
    },

    /** The subject's newest token that still works, if any (a link shown in the portal and not yet opened). */
    async pendingToken(subject: Subject): Promise<{ expires_at: Date } | undefined> {
      return db
        .selectFrom('telegram_link_tokens')
        .select('expires_at')
        .where('subject_kind', '=', subject.kind)
        .where('subject_id', '=', subject.id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .orderBy('expires_at', 'desc')
        .executeTakeFirst();
    },

    async setEnabled(subject: Subject, enabled: boolean): Promise<LinkRow> {
      const row = await db
        .updateTable('telegram_links')
        .set({ enabled, updated_at: sql<Date>`now()` })
        .where('subject_kind', '=', subject.kind)
        .where('subject_id', '=', subject.id)
        .returningAll()
        .executeTakeFirst();
      if (!row)
        throw conflict('Telegram is not linked yet: create a link (POST …/generate-link) and open it in Telegram first.', 'not_linked');
      return row;
    },

    async disconnect(subject: Subject): Promise<boolean> {
      const result = await db
        .deleteFrom('telegram_links')
        .where('subject_kind', '=', subject.kind)
        .where('subject_id', '=', subject.id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** /stop in the chat: every link of this person through this account. */
    async disconnectChat(channelId: number, externalUserId: string): Promise<SubjectKind[]> {
      const rows = await db
        .deleteFrom('telegram_links')
        .where('channel_id', '=', channelId)
        .where('telegram_user_id', '=', externalUserId)
        .returning('subject_kind')
        .execute();
      return rows.map((row) => row.subject_kind);
    },

    /** What linking provides to other apps (ProvidedPorts.linking): the enabled chats of a client and of staff. */
    async linkedChats(whom: { clientId: number; staffIds: readonly number[] | 'all' }, trx?: AppTransaction): Promise<LinkedChat[]> {
      const handle = (trx ?? db) as Kysely<LinkingTables>;
      const staffIds = whom.staffIds;
      return handle
        .selectFrom('telegram_links')
        .select(['subject_kind as kind', 'subject_id as id', 'channel_id', 'chat_id', 'language'])
        .where('enabled', '=', true)
        .where((eb) =>
          eb.or([
            eb.and([eb('subject_kind', '=', 'client'), eb('subject_id', '=', whom.clientId)]),
            ...(staffIds === 'all'
              ? [eb('subject_kind', '=', 'staff')]
              : staffIds.length > 0
                ? [eb.and([eb('subject_kind', '=', 'staff'), eb('subject_id', 'in', [...staffIds])])]
                : []),
          ]),
        )
        .orderBy('subject_kind')
        .orderBy('subject_id')
        .execute();
    },

    async deleteStaleTokens(olderThanDays: number): Promise<void> {
      await db
        .deleteFrom('telegram_link_tokens')
        .where('expires_at', '<', sql<Date>`now() - make_interval(days => ${olderThanDays})`)
        .execute();
    },
  };
}
