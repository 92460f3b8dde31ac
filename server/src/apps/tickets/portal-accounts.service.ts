import type { PortalClient } from '@switchboard/contract';
import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import {
  burnPasswordCheck,
  conflict,
  createLoginBackoff,
  createRandomToken,
  hashPassword,
  hashToken,
  HttpError,
  notFound,
  type StaffUser,
  unauthorized,
  verifyPassword,
} from '../../platform/index.ts';
import type { ContactProfile, IdSubquery } from '../app.ts';
import type { TicketsContext } from './context.ts';
import { decodeCursor, pageOf } from './pagination.ts';
import type { PortalAccountRow, TicketsTables } from './tables.ts';

const sessionLifetimeMs = 14 * 24 * 3600 * 1000;
const invitationLifetimeMs = 7 * 24 * 3600 * 1000;

export interface NewClient {
  contact_id?: number;
  name?: string;
  email?: string;
  phone?: string;
  language?: string;
}

export type ClientJson = PortalClient;

/**
 * Which clients a staff user may see, the inbox's rule for contacts: those with a conversation they may see
 * (a subquery of contact ids), plus the ones they added themselves that have no conversation yet. Admins: undefined.
 */
export interface ClientScope {
  staffId: number;
  visibleContactIds: IdSubquery;
}

/** The ids of the clients a scope lets its holder see, as a subquery for a `where(client_id, 'in', …)`. */
export type ClientIds = SelectQueryBuilder<TicketsTables, 'portal_accounts', { contact_id: number }>;

export function serializeClient(row: {
  contact_id: number;
  display_name: string;
  email: string | null;
  phone: string | null;
  language: string;
  is_active: boolean;
  password_hash: string | null;
  invite_expires_at: Date | null;
  created_at: Date;
  last_login_at: Date | null;
}): PortalClient {
  const invited = row.invite_expires_at !== null && row.invite_expires_at.getTime() > Date.now();
  return {
    id: row.contact_id,
    display_name: row.display_name,
    email: row.email,
    phone: row.phone,
    language: row.language,
    is_active: row.is_active,
    portal_status: !row.is_active ? 'disabled' : row.password_hash ? 'active' : invited ? 'invited' : 'not_invited',
    invitation_expires_at: invited ? row.invite_expires_at!.toISOString() : null,
    created_at: row.created_at.toISOString(),
    last_login_at: row.last_login_at?.toISOString() ?? null,
  };
}

export type PortalAccounts = ReturnType<typeof createPortalAccounts>;

/** Portal clients: accounts, invitations, password sign-in and sessions. A client's name and phone are its contact's. */
export function createPortalAccounts(context: Pick<TicketsContext, 'ownTables' | 'contacts'>) {
  const { ownTables: db, contacts } = context;
  const backoff = createLoginBackoff();

  const clients = () => db.selectFrom('portal_accounts').selectAll('portal_accounts');

  /** The accounts with their contacts' name and phone, in the order given. */
  async function withProfiles(rows: PortalAccountRow[], trx?: Kysely<TicketsTables>) {
    const profiles = await contacts.findMany(
      rows.map((row) => row.contact_id),
      trx,
    );
    return rows.map((row) => joinProfile(row, profiles.get(row.contact_id)));
  }
  const withProfile = async (row: PortalAccountRow | undefined) => (row ? (await withProfiles([row]))[0] : undefined);

  async function assertEmailFree(email: string | undefined, exceptId?: number): Promise<void> {
    if (!email) return;
    let query = db
      .selectFrom('portal_accounts')
      .select('contact_id')
      .where(sql<string>`lower(email)`, '=', email.toLowerCase());
    if (exceptId !== undefined) query = query.where('contact_id', '<>', exceptId);
    if (await query.executeTakeFirst())
      throw conflict(`Another portal client already uses ${email}; each client needs an e-mail of their own.`, 'email_taken');
  }

  const inScope = (scope: ClientScope) => (eb: ExpressionBuilder<TicketsTables, 'portal_accounts'>) =>
    eb.or([
      eb('portal_accounts.contact_id', 'in', scope.visibleContactIds),
      eb.and([
        eb('portal_accounts.created_by', '=', scope.staffId),
        eb('portal_accounts.contact_id', 'not in', contacts.withConversation()),
      ]),
    ]);

  const service = {
    /** The clients a staff user may see: undefined for admins (all), else the inbox's rule for contacts. */
    async scopeOf(user: StaffUser): Promise<ClientScope | undefined> {
      const visibleContactIds = await contacts.visibleTo(user);
      return visibleContactIds ? { staffId: user.id, visibleContactIds } : undefined;
    },

    clientIdsIn: (scope: ClientScope): ClientIds =>
      db.selectFrom('portal_accounts').select('portal_accounts.contact_id').where(inScope(scope)),

    findClient: async (id: number) => withProfile(await clients().where('portal_accounts.contact_id', '=', id).executeTakeFirst()),

    /** The client, when it exists and the scope (undefined: everything) lets its holder see it; otherwise 404. */
    async getVisibleClient(id: number, scope: ClientScope | undefined): Promise<ClientJson> {
      let query = clients().where('portal_accounts.contact_id', '=', id);
      if (scope) query = query.where(inScope(scope));
      const row = await withProfile(await query.executeTakeFirst());
      if (!row) throw notFound(`Client ${id}`);
      return serializeClient(row);
    },

    async getClient(id: number): Promise<ClientJson> {
      const row = await service.findClient(id);
      if (!row) throw notFound(`Client ${id}`);
      return serializeClient(row);
    },

    async listClients(options: { cursor?: string; limit: number; search?: string; ids?: number[] }, scope?: ClientScope) {
      let query = clients()
        .orderBy('portal_accounts.contact_id', 'desc')
        .limit(options.limit + 1);
      if (scope) query = query.where(inScope(scope));
      const after = decodeCursor(options.cursor);
      if (after !== undefined) query = query.where('portal_accounts.contact_id', '<', after);
      if (options.ids) query = query.where('portal_accounts.contact_id', 'in', options.ids);
      if (options.search) {
        const pattern = `%${options.search.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
        const search = options.search;
        query = query.where((eb) =>
          eb.or([eb('portal_accounts.contact_id', 'in', contacts.matching(search)), eb('portal_accounts.email', 'ilike', pattern)]),
        );
      }
      return pageOf((await withProfiles(await query.execute())).map(serializeClient), options.limit);
    },

    /** A new client: an existing contact (someone who already wrote to a bot) or a new one. */
    async createClient(staffId: number, input: NewClient): Promise<ClientJson> {
      await assertEmailFree(input.email);
      const id = await db.transaction().execute(async (trx) => {
        let contactId = input.contact_id;
        if (contactId !== undefined) {
          if (!(await contacts.find(contactId, trx))) throw notFound(`Contact ${contactId}`);
          if (await trx.selectFrom('portal_accounts').select('contact_id').where('contact_id', '=', contactId).executeTakeFirst()) {
            throw conflict(`Contact ${contactId} is a portal client already (client ${contactId}).`, 'already_client');
          }
          if (input.name || input.phone)
            await contacts.updateProfile(
              contactId,
              { ...(input.name ? { display_name: input.name } : {}), ...(input.phone ? { phone: input.phone } : {}) },
              trx,
            );
        } else {
          contactId = await contacts.create(
            { display_name: input.name!, phone: input.phone ?? null, language_code: input.language ?? null },
            trx,
          );
        }
        await trx
          .insertInto('portal_accounts')
          .values({ contact_id: contactId, email: input.email ?? null, language: input.language ?? 'ru', created_by: staffId })
          .execute();
        return contactId;
      });
      return service.getClient(id);
    },

    async updateClient(
      id: number,
      patch: { name?: string; email?: string | null; phone?: string | null; language?: string; is_active?: boolean },
    ): Promise<ClientJson> {
      await service.getClient(id);
      await assertEmailFree(patch.email ?? undefined, id);
      await db.transaction().execute(async (trx) => {
        const account = { email: patch.email, language: patch.language, is_active: patch.is_active };
        await trx
          .updateTable('portal_accounts')
          .set({ ...stripUndefined(account), updated_at: sql<Date>`now()` })
          .where('contact_id', '=', id)
          .execute();
        await contacts.updateProfile(id, stripUndefined({ display_name: patch.name, phone: patch.phone }), trx);
        if (patch.is_active === false) await trx.deleteFrom('portal_sessions').where('contact_id', '=', id).execute();
      });
      return service.getClient(id);
    },

    /** A new invitation token (the old one stops working); it also serves to reset a forgotten password. */
    async invite(id: number): Promise<{ token: string; expiresAt: Date; client: ClientJson }> {
      const client = await service.getClient(id);
      if (!client.email)
        throw conflict(`Client ${id} has no e-mail, which they sign in with: set it first (PATCH /api/clients/${id}).`, 'email_missing');
      if (!client.is_active)
        throw conflict(`Client ${id}'s portal access is switched off: switch it on first (PATCH /api/clients/${id}).`, 'client_disabled');
      const token = createRandomToken(32);
      const expiresAt = new Date(Date.now() + invitationLifetimeMs);
      await db
        .updateTable('portal_accounts')
        .set({ invite_hash: hashToken(token), invite_expires_at: expiresAt, updated_at: sql<Date>`now()` })
        .where('contact_id', '=', id)
        .execute();
      return { token, expiresAt, client: await service.getClient(id) };
    },

    async invitation(token: string) {
      const row = await clients()
        .where('portal_accounts.invite_hash', '=', hashToken(token))
        .where('portal_accounts.invite_expires_at', '>', sql<Date>`now()`)
        .where('portal_accounts.is_active', '=', true)
        .executeTakeFirst()
        .then(withProfile);
      if (!row) throw new HttpError(404, 'invitation_invalid', 'This invitation link is unknown, used or expired: ask us for a new one.');
      return serializeClient(row);
    },

    /** Sets the password from an invitation; the invitation is spent in the same statement, so it works once. */
    async acceptInvitation(token: string, password: string): Promise<ClientJson> {
      await service.invitation(token);
      const passwordHash = await hashPassword(password);
      const row = await db
        .updateTable('portal_accounts')
        .set({ password_hash: passwordHash, invite_hash: null, invite_expires_at: null, updated_at: sql<Date>`now()` })
        .where('invite_hash', '=', hashToken(token))
        .where('invite_expires_at', '>', sql<Date>`now()`)
        .where('is_active', '=', true)
        .returning('contact_id')
        .executeTakeFirst();
      if (!row) throw new HttpError(404, 'invitation_invalid', 'This invitation link is unknown, used or expired: ask us for a new one.');
      await db.deleteFrom('portal_sessions').where('contact_id', '=', row.contact_id).execute();
      return service.getClient(row.contact_id);
    },

    async verifyCredentials(email: string, password: string, address: string): Promise<ClientJson> {
      backoff.check(email, address);
      const row = await clients()
        .where(sql<string>`lower(portal_accounts.email)`, '=', email.toLowerCase())
        .executeTakeFirst()
        .then(withProfile);
      const valid = row?.password_hash ? await verifyPassword(row.password_hash, password) : (await burnPasswordCheck(password), false);
      if (!row || !valid || !row.is_active) {
        backoff.recordFailure(email, address);
        throw unauthorized(
          'The e-mail or password is wrong, or portal access is switched off. Forgot the password? Ask us for a new invitation link.',
        );
      }
      backoff.recordSuccess(email, address);
      await db
        .updateTable('portal_accounts')
        .set({ last_login_at: sql<Date>`now()` })
        .where('contact_id', '=', row.contact_id)
        .execute();
      return serializeClient(row);
    },

    async createSession(contactId: number, userAgent: string | undefined) {
      const token = createRandomToken();
      const csrfToken = createRandomToken(24);
      const expiresAt = new Date(Date.now() + sessionLifetimeMs);
      await db
        .insertInto('portal_sessions')
        .values({
          id_hash: hashToken(token),
          contact_id: contactId,
          csrf_token: csrfToken,
          expires_at: expiresAt,
          user_agent: userAgent?.slice(0, 300) ?? null,
        })
        .execute();
      return { token, csrfToken, expiresAt };
    },

    async authenticateSession(token: string): Promise<{ contactId: number; csrfToken: string } | null> {
      const row = await db
        .selectFrom('portal_sessions')
        .innerJoin('portal_accounts', 'portal_accounts.contact_id', 'portal_sessions.contact_id')
        .select(['portal_sessions.contact_id', 'portal_sessions.csrf_token'])
        .where('portal_sessions.id_hash', '=', hashToken(token))
        .where('portal_sessions.expires_at', '>', sql<Date>`now()`)
        .where('portal_accounts.is_active', '=', true)
        .executeTakeFirst();
      return row ? { contactId: row.contact_id, csrfToken: row.csrf_token } : null;
    },

    async deleteSession(token: string): Promise<void> {
      await db.deleteFrom('portal_sessions').where('id_hash', '=', hashToken(token)).execute();
    },

    async deleteExpiredSessions(): Promise<void> {
      await db
        .deleteFrom('portal_sessions')
        .where('expires_at', '<', sql<Date>`now()`)
        .execute();
    },
  };
  return service;
}

function joinProfile(row: PortalAccountRow, profile: ContactProfile | undefined) {
  // The contact is removed with its account (ON DELETE CASCADE): a missing one is a row read mid-deletion.
  return { ...row, display_name: profile?.display_name ?? '', phone: profile?.phone ?? null };
}

function stripUndefined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
