import {
  acceptInvitationBody,
  invitationPreview,
  invitationTokenBody,
  portalLoginBody,
  portalSession,
  type PortalMe,
} from '@switchboard/contract';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { currentPrincipal, registerPrincipalResolver, rejectForeignOrigin, type HttpApp } from '../../platform/index.ts';
import type { PortalAccounts } from './portal-accounts.service.ts';
import type { TicketsContext } from './context.ts';

export const portalCookie = 'sb_portal';
export const portalCsrfCookie = 'sb_portal_csrf';
/** The principal kind of a signed-in portal client; routes admit it with `access: { principals: ['client'] }`. */
export const clientPrincipal = 'client';

const errorResponse = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** The portal's own sign-in: invitation, password, session cookie with CSRF like staff's. */
export function registerPortalRoutes(
  app: HttpApp,
  options: { accounts: PortalAccounts; settings: TicketsContext['settings']; secureCookies: boolean },
): void {
  const { accounts } = options;
  const tags = ['portal'];
  registerPrincipalResolver(app, {
    kind: clientPrincipal,
    async resolve(request) {
      const token = request.cookies[portalCookie];
      const session = token ? await accounts.authenticateSession(token) : null;
      return session ? { id: session.contactId, via: 'session', csrfToken: session.csrfToken, csrfCookie: portalCsrfCookie } : null;
    },
  });

  async function startSession(reply: FastifyReply, contactId: number, userAgent: string | undefined) {
    const session = await accounts.createSession(contactId, userAgent);
    const common = { path: '/', sameSite: 'lax' as const, secure: options.secureCookies, expires: session.expiresAt };
    reply.setCookie(portalCookie, session.token, { ...common, httpOnly: true });
    reply.setCookie(portalCsrfCookie, session.csrfToken, { ...common, httpOnly: false });
    return session.csrfToken;
  }

  app.post(
    '/api/portal/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign in to the client portal (sets sb_portal and sb_portal_csrf)',
        body: portalLoginBody,
        response: { 200: portalSession, 401: errorResponse, 429: errorResponse },
      },
    },
    async (request, reply) => {
      rejectForeignOrigin(request);
      const client = await accounts.verifyCredentials(request.body.email, request.body.password, request.ip);
      return { client, csrf_token: await startSession(reply, client.id, request.headers['user-agent']) };
    },
  );

  app.post(
    '/api/portal/logout',
    { config: { access: { principals: [clientPrincipal] } }, schema: { tags, summary: 'Sign out of the portal' } },
    async (request, reply) => {
      const token = request.cookies[portalCookie];
      if (token) await accounts.deleteSession(token);
      reply.clearCookie(portalCookie, { path: '/' }).clearCookie(portalCsrfCookie, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/api/portal/me',
    { config: { access: { principals: [clientPrincipal] } }, schema: { tags, summary: 'The signed-in portal client' } },
    async (request): Promise<PortalMe> => ({
      // The portal's header names the business the client deals with (the invoices' issuer).
      client: {
        ...(await accounts.getClient(currentPrincipal(request).id)),
        business_name: (await options.settings.read()).business_name,
      },
      csrf_token: currentPrincipal(request).csrfToken,
    }),
  );

  app.post(
    '/api/portal/invitation',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Who an invitation is for (the page shows it before asking for a password)',
        body: invitationTokenBody,
        response: { 200: invitationPreview, 404: errorResponse },
      },
    },
    async (request) => {
      const client = await accounts.invitation(request.body.token);
      return { client: { display_name: client.display_name, email: client.email }, expires_at: client.invitation_expires_at };
    },
  );

  app.post(
    '/api/portal/invitation/accept',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Set the password from an invitation and sign in',
        body: acceptInvitationBody,
        response: { 200: portalSession, 404: errorResponse },
      },
    },
    async (request, reply) => {
      rejectForeignOrigin(request);
      const client = await accounts.acceptInvitation(request.body.token, request.body.password);
      return { client, csrf_token: await startSession(reply, client.id, request.headers['user-agent']) };
    },
  );
}
