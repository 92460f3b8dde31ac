import { sql, type Kysely } from 'kysely';
import { createRandomToken, equalsInConstantTime, hashToken } from '../crypto.ts';
import type { Database } from '../db/database.ts';
import { platformTables, type PlatformTables } from '../db/tables.ts';
import { HttpError, conflict, unauthorized } from '../http/errors.ts';
import type { Logger } from '../logger.ts';
import { deleteSetting } from '../settings.ts';
import { createApiTokens } from './api-tokens.ts';
import { createSharedLoginBackoff } from './attempt-limiter.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.ts';

export const coreRoles = ['admin', 'operator'] as const;

export interface StaffUser {
  id: number;
  email: string;
  name: string;
  role: string;
  is_active: boolean;
  language: string;
}

export interface Authenticated {
  user: StaffUser;
  via: 'session' | 'token';
  /** The session's CSRF token; state-changing cookie requests must echo it. */
  csrfToken?: string;
  /** Looks the same credential up again, past every cache: null once it was revoked or its user switched off. */
  recheck?: () => Promise<Authenticated | null>;
}

const sessionLifetimeMs = 14 * 24 * 3600 * 1000;
const setupCodeKey = 'setup_code';
const maxSetupCodes = 8;
const userColumns = ['id', 'email', 'name', 'role', 'is_active', 'language'] as const;

export type Auth = ReturnType<typeof createAuth>;

// A token's user is kept this long at most; a change that revokes access clears it at once (notification).
const tokenCacheMs = 60_000;
const lastUsedWriteEveryMs = 60_000;
const tokenCacheLimit = 10_000;
const authChangeChannel = 'switchboard_auth';

export function createAuth<DB extends PlatformTables>(options: { db: Kysely<DB>; logger: Logger; listen?: Database<DB>['listen'] }) {
  const db = platformTables(options.db);
  const { logger } = options;
  // Token hash → its user, so an API request costs no query; last_used_at is written at most once a minute.
  const tokens = new Map<string, { user: StaffUser; at: number; lastUsedWrittenAt: number; expiresAt: number | null }>();
  const accessListeners = new Set<() => void>();
  // Bumped by every change notification: a lookup that raced with one is not cached.
  let generation = 0;
  let unlisten: (() => Promise<void>) | undefined;
  const forgetTokens = () => {
    generation += 1;
    tokens.clear();
  };
  // Delays grow per (account, address): guessing slows down, and nobody elsewhere can lock the owner out.
  const backoff = createSharedLoginBackoff(db);

  async function insertUser(
    executor: Kysely<PlatformTables>,
    input: { email: string; name?: string; role: string },
    passwordHash: string,
  ): Promise<StaffUser> {
    const existing = await executor
      .selectFrom('staff_users')
      .select('id')
      .where(sql<string>`lower(email)`, '=', input.email.toLowerCase())
      .executeTakeFirst();
    if (existing) throw conflict(`A user with the e-mail ${input.email} already exists.`, 'email_taken');
    return executor
      .insertInto('staff_users')
      .values({ email: input.email, name: input.name ?? '', password_hash: passwordHash, role: input.role })
      .returning(userColumns)
      .executeTakeFirstOrThrow();
  }

  /**
   * Each instance that starts without an admin prints its own setup code; all of them work, so
   * whichever instance's log the installer reads is right. The newest few are kept.
   */
  async function addSetupCode(hash: string): Promise<void> {
    const fresh = sql`jsonb_build_object('hashes', jsonb_build_array(${hash}::text), 'created_at', now())`;
    await db
      .insertInto('app_settings')
      .values({ key: setupCodeKey, value: fresh })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({
          value: sql`jsonb_build_object('hashes', (SELECT COALESCE(jsonb_agg(kept ORDER BY position), '[]'::jsonb) FROM (SELECT kept, position FROM jsonb_array_elements(COALESCE(app_settings.value->'hashes', '[]'::jsonb)) WITH ORDINALITY AS element(kept, position) ORDER BY position DESC LIMIT ${maxSetupCodes - 1}) AS newest) || jsonb_build_array(${hash}::text), 'created_at', now())`,
          updated_at: new Date(),
        }),
      )
      .execute();
  }

  async function findActiveUser(userId: number): Promise<StaffUser | undefined> {
    return db.selectFrom('staff_users').select(userColumns).where('id', '=', userId).where('is_active', '=', true).executeTakeFirst();
  }

  /** The token's row, unless it expired; records the use. */
  async function lookUpToken(tokenHash: string, now: number) {
    const row = await db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date(now) })
      .where('token_hash', '=', tokenHash)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date(now))]))
      .returning(['user_id', 'expires_at'])
      .executeTakeFirst();
    const user = row && (await findActiveUser(row.user_id));
    return user ? { user, expiresAt: row.expires_at?.getTime() ?? null } : undefined;
  }

  function onChange(table: string): void {
    // Ended sessions do not touch the token cache; everything else may have revoked a token or changed its user.
    if (table !== 'staff_sessions') forgetTokens();
    for (const listener of accessListeners) listener();
  }

  return {
    async authenticateSession(sessionToken: string): Promise<Authenticated | null> {
      const session = await db
        .selectFrom('staff_sessions')
        .select(['user_id', 'csrf_token', 'expires_at'])
        .where('id_hash', '=', hashToken(sessionToken))
        .executeTakeFirst();
      if (!session || session.expires_at.getTime() < Date.now()) return null;
      const user = await findActiveUser(session.user_id);
      return user ? { user, via: 'session', csrfToken: session.csrf_token, recheck: () => this.authenticateSession(sessionToken) } : null;
    },

    /** Called after any change that may end someone's access (sign-out, revocation, switch-off, new role), on every instance. */
    onAccessChange(listener: () => void): () => void {
      accessListeners.add(listener);
      return () => accessListeners.delete(listener);
    },

    /** Listens for changes that revoke access (see migration 0003_auth_changes); without it tokens are not cached. */
    async start(): Promise<void> {
      if (options.listen) unlisten = await options.listen(authChangeChannel, onChange);
    },

    async stop(): Promise<void> {
      await unlisten?.();
      unlisten = undefined;
      forgetTokens();
    },

    async authenticateToken(apiToken: string): Promise<Authenticated | null> {
      const tokenHash = hashToken(apiToken);
      const now = Date.now();
      const recheck = async (): Promise<Authenticated | null> => {
        const found = await lookUpToken(tokenHash, Date.now());
        return found ? { user: found.user, via: 'token', recheck } : null;
      };
      const cached = unlisten ? tokens.get(tokenHash) : undefined;
      if (cached && now - cached.at < tokenCacheMs && (cached.expiresAt === null || now < cached.expiresAt)) {
        if (now - cached.lastUsedWrittenAt >= lastUsedWriteEveryMs) {
          cached.lastUsedWrittenAt = now;
          void db
            .updateTable('api_tokens')
            .set({ last_used_at: new Date(now) })
            .where('token_hash', '=', tokenHash)
            .execute()
            .catch((error: unknown) => logger.warn({ err: error }, 'recording a token use failed'));
        }
        return { user: cached.user, via: 'token', recheck };
      }
      const seenGeneration = generation;
      const found = await lookUpToken(tokenHash, now);
      if (!found) {
        tokens.delete(tokenHash);
        return null;
      }
      if (unlisten && generation === seenGeneration) {
        if (tokens.size >= tokenCacheLimit) tokens.delete(tokens.keys().next().value!);
        tokens.set(tokenHash, { user: found.user, at: now, lastUsedWrittenAt: now, expiresAt: found.expiresAt });
      }
      return { user: found.user, via: 'token', recheck };
    },

    /** Checks a password with a per-address and per-account limit on failures. */
    async verifyCredentials(identifier: string, password: string, address: string): Promise<StaffUser> {
      await backoff.check(identifier, address);
      const row = await db
        .selectFrom('staff_users')
        .select([...userColumns, 'password_hash'])
        .where(sql<string>`lower(email)`, '=', identifier.toLowerCase())
        .executeTakeFirst();
      const valid = row ? await verifyPassword(row.password_hash, password) : (await burnPasswordCheck(password), false);
      if (!row || !valid || !row.is_active) {
        await backoff.recordFailure(identifier, address);
        throw unauthorized('The e-mail or password is wrong, or the account is switched off.');
      }
      await backoff.recordSuccess(identifier, address);
      await db.updateTable('staff_users').set({ last_login_at: new Date() }).where('id', '=', row.id).execute();
      const { password_hash: _, ...user } = row;
      return user;
    },

    async createSession(userId: number, userAgent: string | undefined) {
      const token = createRandomToken();
      const csrfToken = createRandomToken(24);
      const expiresAt = new Date(Date.now() + sessionLifetimeMs);
      await db
        .insertInto('staff_sessions')
        .values({
          id_hash: hashToken(token),
          user_id: userId,
          csrf_token: csrfToken,
          expires_at: expiresAt,
          user_agent: userAgent?.slice(0, 300) ?? null,
        })
        .execute();
      await db.deleteFrom('staff_sessions').where('expires_at', '<', new Date()).execute();
      return { token, csrfToken, expiresAt };
    },

    async deleteSession(sessionToken: string): Promise<void> {
      await db.deleteFrom('staff_sessions').where('id_hash', '=', hashToken(sessionToken)).execute();
    },

    apiTokens: createApiTokens(db),

    /**
     * Sets a new password after checking the current one. Every other session ends; API tokens are
     * revoked too unless the user chose to keep them (scripts keep running).
     */
    async changePassword(
      userId: number,
      input: { current: string; next: string; keepTokens: boolean; currentSessionToken?: string },
    ): Promise<void> {
      const row = await db.selectFrom('staff_users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
      if (!(await verifyPassword(row.password_hash, input.current))) {
        throw new HttpError(403, 'wrong_password', 'The current password is wrong: type the password you signed in with.');
      }
      const passwordHash = await hashPassword(input.next);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('staff_users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
        let sessions = trx.deleteFrom('staff_sessions').where('user_id', '=', userId);
        if (input.currentSessionToken) sessions = sessions.where('id_hash', '<>', hashToken(input.currentSessionToken));
        await sessions.execute();
        if (!input.keepTokens) await trx.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
      });
    },

    /** `executor`: a transaction the new user joins (an invite is spent in the same one). */
    async createUser(
      input: { email: string; password: string; name?: string; role: string },
      executor: Kysely<PlatformTables> = db,
    ): Promise<StaffUser> {
      return insertUser(executor, input, await hashPassword(input.password));
    },

    async hasActiveAdmin(): Promise<boolean> {
      const row = await db
        .selectFrom('staff_users')
        .select('id')
        .where('role', '=', 'admin')
        .where('is_active', '=', true)
        .executeTakeFirst();
      return Boolean(row);
    },

    /**
     * Makes sure an admin can exist: creates the one from ADMIN_EMAIL/ADMIN_PASSWORD,
     * or, when there is none, issues a one-time setup code for the first-run page
     * so that a stranger who finds a fresh install cannot claim it.
     */
    async ensureFirstAdmin(admin: { email?: string; password?: string }): Promise<{ setupCode?: string }> {
      if (admin.email && admin.password) {
        const exists = await db
          .selectFrom('staff_users')
          .select('id')
          .where(sql<string>`lower(email)`, '=', admin.email.toLowerCase())
          .executeTakeFirst();
        if (!exists) {
          // Several instances may start at once on an empty database: the first insert wins, the others do nothing.
          const created = await db
            .insertInto('staff_users')
            .values({ email: admin.email, name: 'Admin', password_hash: await hashPassword(admin.password), role: 'admin' })
            .onConflict((conflict) => conflict.expression(sql`lower(email)`).doNothing())
            .returning('id')
            .executeTakeFirst();
          if (created) logger.info({ email: admin.email }, 'created the admin from ADMIN_EMAIL');
        }
      }
      if (await this.hasActiveAdmin()) {
        await deleteSetting(db, setupCodeKey);
        return {};
      }
      const setupCode = createRandomToken(9).replace(/[-_]/g, 'x').slice(0, 12).toUpperCase();
      await addSetupCode(hashToken(setupCode));
      return { setupCode };
    },

    /**
     * Creates the first admin with a setup code. Safe to race (two browsers, two
     * instances): the code is taken out of the settings in the transaction that
     * creates the admin, so a second setup waits for the first and then finds it
     * done; a wrong code rolls back and leaves the code in place.
     */
    async completeSetup(code: string, input: { email: string; password: string; name?: string }): Promise<StaffUser> {
      const passwordHash = await hashPassword(input.password);
      const given = hashToken(code.trim().toUpperCase());
      return db.transaction().execute(async (trx) => {
        const taken = await trx.deleteFrom('app_settings').where('key', '=', setupCodeKey).returning('value').executeTakeFirst();
        const stored = taken?.value as { hash?: string; hashes?: string[] } | undefined;
        const admin = await trx
          .selectFrom('staff_users')
          .select('id')
          .where('role', '=', 'admin')
          .where('is_active', '=', true)
          .executeTakeFirst();
        if (!stored || admin) throw conflict('This installation already has an admin; sign in instead.', 'setup_done');
        const issued = stored.hashes ?? (stored.hash ? [stored.hash] : []);
        if (!issued.map((hash) => equalsInConstantTime(hash, given)).includes(true)) {
          throw new HttpError(
            403,
            'wrong_setup_code',
            'The setup code is wrong: copy it from the server log line "first run: setup code …".',
          );
        }
        return insertUser(trx, { ...input, role: 'admin' }, passwordHash);
      });
    },
  };
}
