import { z } from 'zod';
import { currentUser, idField, idParam, notFound, type HttpApp, type StaffUser } from '../../platform/index.ts';
import type { TicketsContext } from './context.ts';
import { pageQuery } from './pagination.ts';
import type { PortalAccounts } from './portal-accounts.service.ts';

const idParams = z.object({ id: idParam });
const language = z.enum(['ru', 'kk', 'en']);
const email = z.email().max(320);
const phone = z.string().trim().min(3).max(40);
const newClient = z
  .object({
    contact_id: idField.optional().describe('make an existing contact (someone who wrote to a bot) a portal client'),
    name: z.string().trim().min(1).max(200).optional(),
    email: email.optional(),
    phone: phone.optional(),
    language: language.optional(),
  })
  .refine((body) => body.contact_id !== undefined || body.name, {
    message: 'send "name" for a new client, or "contact_id" of an existing contact',
  });
/** "1,2,3": at most one page of the contacts list. */
const contactIds = z
  .string()
  .regex(/^\d{1,9}(,\d{1,9}){0,199}$/, 'a comma-separated list of up to 200 contact ids, e.g. ids=12,15')
  .transform((text) => text.split(',').map(Number));
const clientPatch = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  email: email.nullable().optional(),
  phone: phone.nullable().optional(),
  language: language.optional(),
  is_active: z.boolean().optional(),
});

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
        querystring: pageQuery.extend({
          search: z.string().trim().max(200).optional(),
          ids: contactIds
            .optional()
            .describe('only these contacts (comma-separated ids): which people on a page of the contacts list have portal access'),
        }),
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
        body: newClient,
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

  app.get('/api/clients/:id', { schema: { tags, summary: 'One portal client', params: idParams } }, async (request) =>
    visibleClient(currentUser(request), request.params.id),
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
    async (request) => {
      const { token, expiresAt, client } = await accounts.invite(request.params.id);
      const origin = (options.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
      // In the fragment, the token never reaches server logs or Referer headers.
      return { invite_url: `${origin}/portal/invite#token=${token}`, expires_at: expiresAt.toISOString(), client };
    },
  );
}
