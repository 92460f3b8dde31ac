// Staff invites (issue 26): an admin makes a link that expires; whoever opens it sets a name and a password,
// once, and is signed in. Only the token's hash is stored; an admin may revoke a link until it is used.
import {
  acceptInviteBody,
  idParams,
  inviteBody,
  inviteTokenParams,
  sessionResponse,
  type InviteState,
  type StaffInvite,
} from '@switchboard/contract';
import type { Kysely } from 'kysely';
import { createRandomToken, hashToken } from '../crypto.ts';
import { platformTables, type Db, type PlatformTables } from '../db/tables.ts';
import type { HttpApp } from '../http/app.ts';
import { HttpError, conflict, notFound } from '../http/errors.ts';
import type { Auth } from './auth.service.ts';
import { currentUser, rejectForeignOrigin, setSessionCookies } from './auth.plugin.ts';

type InviteRow = {
  id: number;
  email: string;
  role: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
};

function stateOf(row: InviteRow, now: Date): InviteState {
  if (row.used_at) return 'used';
  if (row.revoked_at) return 'revoked';
  return row.expires_at <= now ? 'expired' : 'pending';
}

function serialize(row: InviteRow, now: Date): StaffInvite {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    state: stateOf(row, now),
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at.toISOString(),
    used_at: row.used_at?.toISOString() ?? null,
  };
}

/** 404 for a link that never existed, 410 with the reason for one that no longer works. */
function refuse(row: InviteRow | undefined, now: Date): HttpError {
  const state = row ? stateOf(row, now) : undefined;
  if (state === 'used') return new HttpError(410, 'invite_used', 'This invite link has been used already; sign in instead.');
  if (state === 'revoked') return new HttpError(410, 'invite_revoked', 'An admin withdrew this invite link; ask them for a new one.');
  if (state === 'expired') return new HttpError(410, 'invite_expired', 'This invite link has expired; ask an admin for a new one.');
  return notFound('This invite link');
}

export function registerInviteRoutes(
  app: HttpApp,
  options: { db: Db; auth: Auth; roles: readonly string[]; secureCookies: boolean; now?: () => Date },
): void {
  const db = platformTables(options.db);
  const now = options.now ?? (() => new Date());
  const tags = ['auth'];
  const columns = ['id', 'email', 'role', 'created_at', 'expires_at', 'used_at', 'revoked_at'] as const;
  const byToken = (executor: Kysely<PlatformTables>, token: string) =>
    executor.selectFrom('staff_invites').select(columns).where('token_hash', '=', hashToken(token)).executeTakeFirst();

  app.get(
    '/api/invites',
    { config: { access: 'admin' }, schema: { tags, summary: 'Invite links, newest first, with their state' } },
    async () => {
      const rows = await db
        .selectFrom('staff_invites')
        .select(columns)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(200)
        .execute();
      return { results: rows.map((row) => serialize(row, now())), next_cursor: null };
    },
  );

  app.post(
    '/api/invites',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Make an invite link (its token is in this answer only): /invite/<token> works once, until it expires',
        body: inviteBody(options.roles),
      },
    },
    async (request, reply) => {
      const { email, role, expires_in_hours: hours } = request.body;
      const taken = await db
        .selectFrom('staff_users')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
        .executeTakeFirst();
      if (taken) throw conflict(`A user with the e-mail ${email} already exists.`, 'email_taken');
      const token = createRandomToken();
      const row = await db
        .insertInto('staff_invites')
        .values({
          token_hash: hashToken(token),
          email,
          role,
          created_by: currentUser(request).id,
          expires_at: new Date(now().getTime() + hours * 3_600_000),
        })
        .returning(columns)
        .executeTakeFirstOrThrow();
      return reply.status(201).send({ ...serialize(row, now()), token });
    },
  );

  app.delete(
    '/api/invites/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Withdraw an invite link that has not been used', params: idParams } },
    async (request, reply) => {
      const row = await db.selectFrom('staff_invites').select(columns).where('id', '=', request.params.id).executeTakeFirst();
      if (!row) throw notFound(`Invite ${request.params.id}`);
      if (row.used_at) throw conflict('This invite has been used already: switch the operator off instead.', 'invite_used');
      await db.updateTable('staff_invites').set({ revoked_at: now() }).where('id', '=', row.id).where('revoked_at', 'is', null).execute();
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/invites/accept/:token',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'What an invite link is for (the e-mail and role), or why it no longer works', params: inviteTokenParams },
    },
    async (request) => {
      const row = await byToken(db, request.params.token);
      if (!row || stateOf(row, now()) !== 'pending') throw refuse(row, now());
      return { email: row.email, role: row.role, expires_at: row.expires_at.toISOString() };
    },
  );

  app.post(
    '/api/invites/accept/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Join with the invite: set a name and a password; signs in (the link works once)',
        params: inviteTokenParams,
        body: acceptInviteBody,
        response: { 200: sessionResponse },
      },
    },
    async (request, reply) => {
      rejectForeignOrigin(request);
      const at = now();
      // Spending the link and creating the user are one transaction: two tabs racing get one account.
      const user = await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('staff_invites')
          .set({ used_at: at })
          .where('token_hash', '=', hashToken(request.params.token))
          .where('used_at', 'is', null)
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', at)
          .returning(['id', 'email', 'role'])
          .executeTakeFirst();
        if (!claimed) throw refuse(await byToken(trx, request.params.token), at);
        const created = await options.auth.createUser({ email: claimed.email, role: claimed.role, ...request.body }, trx);
        await trx.updateTable('staff_invites').set({ used_by: created.id }).where('id', '=', claimed.id).execute();
        return created;
      });
      const session = await options.auth.createSession(user.id, request.headers['user-agent']);
      setSessionCookies(reply, session, options.secureCookies);
      return { user, csrf_token: session.csrfToken };
    },
  );
}
