import { clientListQuery, clientPatch, idParams, newClientBody, type ClientInvitation, type PortalClient } from '@switchboard/contract';
import { currentUser, notFound, type HttpApp, type StaffUser } from '../../platform/index.ts';
import type { TicketsContext } from './context.ts';
import type { PortalAccounts } from './portal-accounts.service.ts';

/**
 * Staff manage portal clients and invite them; the invitation is a link staff pass on (no e-mail leaves the server).
 * Clients obey the inbox's visibility: an operator works with the clients whose conversations they may see, and
 * only admins invite (an invitation sets the password of the client's portal account).
 */
export function registerClientRoutes(
  app: HttpApp,
  options: { accounts: PortalAccounts; publicUrl?: string; contacts: TicketsContext['contacts'] },
): void {
  const { accounts, contacts } = options;
  const tags = ['clients'];

  const scopeOf = (user: StaffUser) => accounts.scopeOf(user);
  const visibleClient = async (user: StaffUser, id: number) => accounts.getVisibleClient(id, await scopeOf(user));

  app.get(
    '/api/clients',
    {
      schema: {
        tags,
        summary: 'Portal clients you may see',
        querystring: clientListQuery,
      },
    },
    async (request) => accounts.listClients(request.query, await scopeOf(currentUser(request))),
  );

  app.post(
    '/api/clients',
    {
      schema: {
        tags,
        summary: 'Add a portal client (a contact plus a portal account); an existing contact must be one you may see',
        body: newClientBody,
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const contactId = request.body.contact_id;
      // A hidden contact answers like a missing one: isolation never confirms that it exists.
      if (contactId !== undefined && !(await contacts.canSee(user, contactId))) throw notFound(`Contact ${contactId}`);
      return reply.status(201).send(await accounts.createClient(user.id, request.body));
    },
  );

  app.get(
    '/api/clients/:id',
    { schema: { tags, summary: 'One portal client', params: idParams } },
    async (request): Promise<PortalClient> => visibleClient(currentUser(request), request.params.id),
  );

  app.patch(
    '/api/clients/:id',
    {
      schema: {
        tags,
        summary: "Change a client's name, e-mail, phone, language, or switch their portal access off",
        params: idParams,
        body: clientPatch,
      },
    },
    async (request) => {
      await visibleClient(currentUser(request), request.params.id);
      return accounts.updateClient(request.params.id, request.body);
    },
  );

  app.post(
    '/api/clients/:id/invite',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'An invitation link (valid 7 days) where the client sets a password; also resets a forgotten one (admins)',
        params: idParams,
      },
    },
    async (request): Promise<ClientInvitation> => {
      const { token, expiresAt, client } = await accounts.invite(request.params.id);
      const origin = (options.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
      // In the fragment, the token never reaches server logs or Referer headers.
      return { invite_url: `${origin}/portal/invite#token=${token}`, expires_at: expiresAt.toISOString(), client };
    },
  );
}
