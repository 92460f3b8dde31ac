// Instagram Login tokens last 60 days. The account's current token lives here, sealed; connecting an account
// learns when it lapses (a refresh succeeds: Meta says; Meta refuses one under a day old: it is new), and a job
// refreshes each token once fewer than `refreshWithinMs` remain. A refresh that fails marks the account 'error'
// with the date it lapses, which the accounts page and system status show to admins before it does.
import { hashToken, registerSecret, type Db, type Logger, type SecretBox } from '../../platform/index.ts';
import { ChannelError } from '../channel.ts';
import type { createInstagramApi } from './graph-api.ts';
import { tokenLifetimeMs } from './profile.ts';
import { instagramTables } from './tables.ts';

/** Refresh when fewer than 10 days are left (Meta refreshes any token older than a day). */
export const refreshWithinMs = 10 * 24 * 60 * 60 * 1000;

export type InstagramTokens = ReturnType<typeof createInstagramTokens>;

export function createInstagramTokens(options: {
  db: Db;
  secretBox: SecretBox;
  api: ReturnType<typeof createInstagramApi>;
  now: () => Date;
  logger: Logger;
  onStatus(channelId: number, status: 'active' | 'error', detail: string | null): void;
}) {
  const db = instagramTables(options.db);

  async function store(channelId: number, originLookup: string, token: string, expiresAt: Date, refreshed: boolean): Promise<void> {
    registerSecret(token);
    const values = {
      access_token_encrypted: options.secretBox.encrypt(token),
      origin_lookup: originLookup,
      expires_at: expiresAt,
      refreshed_at: refreshed ? options.now() : null,
      last_error: null,
      updated_at: options.now(),
    };
    await db
      .insertInto('instagram_tokens')
      .values({ channel_id: channelId, ...values })
      .onConflict((conflict) => conflict.column('channel_id').doUpdateSet(values))
      .execute();
  }

  async function refreshOne(channelId: number, token: string, originLookup: string): Promise<void> {
    const fresh = await options.api.refresh(token);
    await store(channelId, originLookup, fresh.accessToken, new Date(options.now().getTime() + fresh.expiresInSeconds * 1000), true);
  }

  return {
    /** The token to call Meta with: the latest refreshed one, or the one the account was connected with. */
    async current(channelId: number, connectedWith: string): Promise<string> {
      const row = await db
        .selectFrom('instagram_tokens')
        .select(['access_token_encrypted', 'origin_lookup'])
        .where('channel_id', '=', channelId)
        .executeTakeFirst();
      return row && row.origin_lookup === hashToken(connectedWith) ? options.secretBox.decrypt(row.access_token_encrypted) : connectedWith;
    },

    /** On (re)connection: learns when the given token lapses, once per token the admin gives. */
    async track(channelId: number, connectedWith: string): Promise<void> {
      const lookup = hashToken(connectedWith);
      const row = await db.selectFrom('instagram_tokens').select('origin_lookup').where('channel_id', '=', channelId).executeTakeFirst();
      if (row?.origin_lookup === lookup) return;
      try {
        await refreshOne(channelId, connectedWith, lookup);
      } catch (error) {
        if (error instanceof ChannelError && error.code === 'AUTH_REVOKED') throw error;
        // Meta refuses tokens under a day old: this one was just made, and lasts the full 60 days.
        await store(channelId, lookup, connectedWith, new Date(options.now().getTime() + tokenLifetimeMs), false);
      }
    },

    async expiresAt(channelId: number): Promise<Date | null> {
      const row = await db.selectFrom('instagram_tokens').select('expires_at').where('channel_id', '=', channelId).executeTakeFirst();
      return row ? new Date(row.expires_at) : null;
    },

    /** The job: refreshes every token with fewer than 10 days left; a failure warns the admins on the account. */
    async refreshDue(): Promise<{ refreshed: number; failed: number }> {
      const due = await db
        .selectFrom('instagram_tokens')
        .select(['channel_id', 'access_token_encrypted', 'origin_lookup', 'expires_at'])
        .where('expires_at', '<', new Date(options.now().getTime() + refreshWithinMs))
        .execute();
      let refreshed = 0;
      let failed = 0;
      for (const row of due) {
        const expiresAt = new Date(row.expires_at);
        try {
          if (expiresAt <= options.now()) throw new ChannelError('AUTH_REVOKED', 'The token has already lapsed.');
          await refreshOne(row.channel_id, options.secretBox.decrypt(row.access_token_encrypted), row.origin_lookup);
          refreshed++;
          options.onStatus(row.channel_id, 'active', null);
        } catch (error) {
          failed++;
          const lapsed = expiresAt <= options.now();
          const detail = `${lapsed ? 'The Instagram access token lapsed' : 'The Instagram access token lapses'} at ${expiresAt.toISOString()} and could not be refreshed (${(error as Error).message}): generate a new token for the account in Meta for Developers and connect it again.`;
          options.logger.warn({ channel_id: row.channel_id, expires_at: expiresAt.toISOString() }, 'instagram: refreshing a token failed');
          await db
            .updateTable('instagram_tokens')
            .set({ last_error: detail, updated_at: options.now() })
            .where('channel_id', '=', row.channel_id)
            .execute();
          options.onStatus(row.channel_id, 'error', detail);
        }
      }
      return { refreshed, failed };
    },
  };
}
