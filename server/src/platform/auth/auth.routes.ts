import { credentialsBody, errorResponse, sessionResponse, setupBody } from '@switchboard/contract';
import { z } from 'zod';
import type { HttpApp } from '../http/app.ts';
import { defaultTokenLifetimeMs } from './api-tokens.ts';
import type { Auth } from './auth.service.ts';
import { registerTokenRoutes } from './tokens.routes.ts';
import { csrfCookie, currentUser, rejectForeignOrigin, sessionCookie, setSessionCookies } from './auth.plugin.ts';

export function registerAuthRoutes(
  app: HttpApp,
  auth: Auth,
  options: { secureCookies: boolean; businessDetailsSaved(): Promise<boolean> },
): void {
  const tags = ['auth'];
  registerTokenRoutes(app, auth);

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign in to the web app (sets the session and CSRF cookies)',
        body: credentialsBody,
        response: { 200: sessionResponse, 401: errorResponse, 429: errorResponse },
      },
    },
    async (request, reply) => {
      rejectForeignOrigin(request);
      const { email, username, password } = request.body;
      const user = await auth.verifyCredentials((email ?? username)!, password, request.ip);
      const session = await auth.createSession(user.id, request.headers['user-agent']);
      setSessionCookies(reply, session, options.secureCookies);
      return { user, csrf_token: session.csrfToken };
    },
  );

  app.post('/api/auth/logout', { config: { access: 'staff' }, schema: { tags, summary: 'Sign out' } }, async (request, reply) => {
    const token = request.cookies[sessionCookie];
    if (token) await auth.deleteSession(token);
    reply.clearCookie(sessionCookie, { path: '/' }).clearCookie(csrfCookie, { path: '/' });
    return { ok: true };
  });

  app.get(
    '/api/auth/me',
    { schema: { tags, summary: 'The signed-in user', response: { 200: sessionResponse.partial({ csrf_token: true }) } } },
    async (request) => ({
      user: currentUser(request),
      csrf_token: request.auth?.csrfToken,
    }),
  );

  app.post(
    '/api/api-token-auth/',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'Exchange e-mail (or username) and password for an API token named "api-token-auth" that expires in 90 days (manage it under /api/tokens)',
        body: credentialsBody,
        response: { 200: z.object({ token: z.string() }), 401: errorResponse, 429: errorResponse },
      },
    },
    async (request) => {
      const { email, username, password } = request.body;
      const user = await auth.verifyCredentials((email ?? username)!, password, request.ip);
      const issued = await auth.apiTokens.create(user.id, {
        name: 'api-token-auth',
        expiresAt: new Date(Date.now() + defaultTokenLifetimeMs),
      });
      return { token: issued.token };
    },
  );

  app.get(
    '/api/setup/status',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "Whether the first admin still has to be created, and then whether setup's business details step is still to do",
        response: { 200: z.object({ needs_setup: z.boolean(), needs_business_details: z.boolean() }) },
      },
    },
    async () => {
      const needsSetup = !(await auth.hasActiveAdmin());
      // The second step survives a reload: it is done once the details are saved or put off ("Later" saves them empty).
      return { needs_setup: needsSetup, needs_business_details: !needsSetup && !(await options.businessDetailsSaved()) };
    },
  );

  app.post(
    '/api/setup',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Create the first admin with the one-time setup code printed in the server log',
        body: setupBody,
        response: { 200: sessionResponse, 403: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      rejectForeignOrigin(request);
      const { setup_code: code, ...input } = request.body;
      const user = await auth.completeSetup(code, input);
      const session = await auth.createSession(user.id, request.headers['user-agent']);
      setSessionCookies(reply, session, options.secureCookies);
      return { user, csrf_token: session.csrfToken };
    },
  );
}
