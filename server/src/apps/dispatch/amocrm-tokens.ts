import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger, SecretBox } from '../../platform/index.ts';
import type { DispatchTables } from './tables.ts';
import type { AmocrmConnection } from './amocrm-connection.ts';

/** AmoCRM refused our refresh token (used, expired, revoked): an admin must authorise the integration again. */
export class NeedsReauthorization extends Error {
  override name = 'NeedsReauthorization';
}

/** Refresh this long before the access token's 24 hours run out. */
const refreshAheadMs = 10 * 60_000;
const oauthTimeoutMs = 10_000;

const fingerprint = (token: string) => createHash('sha256').update(token).digest('base64url');

interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

/**
 * The OAuth pair by AmoCRM's rules: refresh tokens are single-use, so refreshing is serialised — in
 * this process by one shared promise, across instances by a row lock on the one auth row — and the new
 * pair is stored (sealed) in that transaction before anyone uses it.
 */
export function createTokenStore(options: {
  db: Kysely<DispatchTables>;
  secretBox: SecretBox;
  logger: Logger;
  connection: AmocrmConnection;
}) {
  const { db, secretBox, logger, connection } = options;
  let refreshing: Promise<string> | undefined;

  async function postToken(body: Record<string, string>): Promise<TokenAnswer> {
    const response = await fetch(`${connection.baseUrl}/oauth2/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: connection.clientId,
        client_secret: connection.clientSecret,
        redirect_uri: connection.redirectUri,
        ...body,
      }),
      signal: AbortSignal.timeout(oauthTimeoutMs),
    });
    const answer = (await response.json().catch(() => ({}))) as Partial<TokenAnswer> & { hint?: string; detail?: string };
    if (response.status === 400 || response.status === 401)
      throw new NeedsReauthorization(
        `AmoCRM refused the token request (${response.status}): ${answer.hint ?? answer.detail ?? 'no reason given'}`,
      );
    if (!response.ok || !answer.access_token || !answer.refresh_token)
      throw new Error(`AmoCRM's token endpoint answered ${response.status}; will try again`);
    return answer as TokenAnswer;
  }

  const sealed = (answer: TokenAnswer) => ({
    access_token: secretBox.encrypt(answer.access_token),
    refresh_token: secretBox.encrypt(answer.refresh_token),
    expires_at: new Date(Date.now() + answer.expires_in * 1000),
    state: 'ok' as const,
    last_error: null,
    updated_at: new Date(),
  });

  /** Under the row lock: another instance may have refreshed while we waited for it. */
  async function refreshLocked(staleAccessToken: string | undefined): Promise<string> {
    // A refusal is recorded in the transaction and thrown after it commits (a throw inside would roll the record back).
    const result = await db.transaction().execute(async (trx): Promise<{ token: string } | { refused: NeedsReauthorization }> => {
      const row = await trx.selectFrom('dispatch_amocrm_auth').selectAll().where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
      const current = row.access_token ? secretBox.decrypt(row.access_token) : undefined;
      const fresh = row.expires_at !== null && row.expires_at.getTime() - Date.now() > refreshAheadMs;
      if (current && current !== staleAccessToken && row.state === 'ok' && fresh) return { token: current };
      const fromEnvironment =
        connection.refreshToken && row.seeded_from !== fingerprint(connection.refreshToken) ? connection.refreshToken : undefined;
      const seeded = fromEnvironment ? { seeded_from: fingerprint(fromEnvironment) } : {};
      const refreshToken = fromEnvironment ?? (row.refresh_token ? secretBox.decrypt(row.refresh_token) : undefined);
      try {
        if (!refreshToken)
          throw new NeedsReauthorization(
            'No AmoCRM refresh token yet: authorise the integration (AMOCRM_REFRESH_TOKEN or the OAuth link).',
          );
        const answer = await postToken({ grant_type: 'refresh_token', refresh_token: refreshToken });
        await trx
          .updateTable('dispatch_amocrm_auth')
          .set({ ...sealed(answer), ...seeded })
          .where('id', '=', 1)
          .execute();
        return { token: answer.access_token };
      } catch (error) {
        if (!(error instanceof NeedsReauthorization)) throw error;
        await trx
          .updateTable('dispatch_amocrm_auth')
          .set({ state: 'needs_reauthorization', last_error: error.message, updated_at: new Date(), ...seeded })
          .where('id', '=', 1)
          .execute();
        return { refused: error };
      }
    });
    if ('refused' in result) {
      logger.warn({ reason: result.refused.message }, 'AmoCRM refused the refresh token; the integration needs re-authorisation');
      throw result.refused;
    }
    return result.token;
  }

  return {
    /** A usable access token: the long-lived one, the stored one while fresh, or a new one. */
    async accessToken(): Promise<string> {
      if (connection.longLivedToken) return connection.longLivedToken;
      const row = await db.selectFrom('dispatch_amocrm_auth').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
      const environmentIsNew = connection.refreshToken && row.seeded_from !== fingerprint(connection.refreshToken);
      if (
        !environmentIsNew &&
        row.state === 'ok' &&
        row.access_token &&
        row.expires_at &&
        row.expires_at.getTime() - Date.now() > refreshAheadMs
      )
        return secretBox.decrypt(row.access_token);
      if (!environmentIsNew && row.state === 'needs_reauthorization')
        throw new NeedsReauthorization(row.last_error ?? 'AmoCRM needs re-authorisation');
      return this.refresh(undefined);
    },
    /** After a 401 on `staleAccessToken`, or ahead of expiry; concurrent callers share one refresh. */
    refresh(staleAccessToken: string | undefined): Promise<string> {
      if (connection.longLivedToken)
        return Promise.reject(
          new NeedsReauthorization('AmoCRM refused the long-lived token: issue a new one and save it in the settings.'),
        );
      refreshing ??= refreshLocked(staleAccessToken).finally(() => (refreshing = undefined));
      return refreshing;
    },
    /** The redirect endpoint: an authorisation code (20 minutes, single-use) for a new pair. */
    async exchangeCode(code: string): Promise<void> {
      const answer = await postToken({ grant_type: 'authorization_code', code });
      await db.updateTable('dispatch_amocrm_auth').set(sealed(answer)).where('id', '=', 1).execute();
      logger.info('AmoCRM authorised through the OAuth redirect');
    },
    async status() {
      if (connection.longLivedToken) return { state: 'ok' as const, mode: 'long_lived' as const, expires_at: null, last_error: null };
      const row = await db
        .selectFrom('dispatch_amocrm_auth')
        .select(['state', 'expires_at', 'last_error'])
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      return { state: row.state, mode: 'oauth' as const, expires_at: row.expires_at, last_error: row.last_error };
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
