import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { equalsInConstantTime } from '../crypto.ts';
import { HttpError, forbidden, unauthorized } from '../http/errors.ts';
import type { HttpApp } from '../http/app.ts';
import type { Auth, Authenticated, StaffUser } from './auth.service.ts';

/** Who may call a route. Routes under /api/ default to 'staff'; others (webhooks, the web app) to 'public'. */
export type Access = 'public' | 'staff' | 'admin' | { roles: readonly string[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: Authenticated | null;
  }
}

export const sessionCookie = 'sb_session';
export const csrfCookie = 'sb_csrf';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in staff user; only call it on routes whose access is not 'public'. */
export function currentUser(request: FastifyRequest): StaffUser {
  if (!request.auth) throw unauthorized();
  return request.auth.user;
}

/** Resolves the caller from the session cookie or an API token, then enforces the route's access. */
export async function resolveCaller(auth: Auth, request: FastifyRequest): Promise<Authenticated | null> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^(?:Token|Bearer)\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized('Use the header "Authorization: Token <token>" or "Authorization: Bearer <token>".');
    const caller = await auth.authenticateToken(match[1]!);
    if (!caller) throw unauthorized('The API token is unknown or its user is switched off; get a new one from POST /api/api-token-auth/.');
    return caller;
  }
  // A WebSocket cannot set headers from a browser; scripts may pass the API token as ?token=.
  const queryToken = request.url.startsWith('/ws/') ? (request.query as { token?: unknown }).token : undefined;
  if (typeof queryToken === 'string' && queryToken) return auth.authenticateToken(queryToken);
  const sessionToken = request.cookies[sessionCookie];
  return sessionToken ? auth.authenticateSession(sessionToken) : null;
}

export function registerAccessControl(app: HttpApp, auth: Auth): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0]!;
    const access: Access = request.routeOptions.config?.access ?? (path.startsWith('/api/') ? 'staff' : 'public');
    if (access === 'public') return;
    rejectForeignOrigin(request);
    request.auth = await resolveCaller(auth, request);
    if (!request.auth) throw unauthorized();
    if (request.auth.via === 'session' && !safeMethods.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !equalsInConstantTime(sent, request.auth.csrfToken ?? '')) {
        throw new HttpError(403, 'csrf_failed', 'Missing or wrong X-CSRF-Token header: send the value of the sb_csrf cookie.');
      }
    }
    const role = request.auth.user.role;
    if (access === 'admin' && role !== 'admin') throw forbidden('Only an admin may do this.');
    if (typeof access === 'object' && role !== 'admin' && !access.roles.includes(role)) throw forbidden();
  });
}

/** Browsers send Origin on cross-site requests; a session must never be used from another site. */
export function rejectForeignOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (!origin || request.headers.authorization || (request.query as { token?: unknown } | undefined)?.token) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw forbidden('The Origin header is malformed.');
  }
  if (originHost !== request.headers.host) throw forbidden(`Requests from ${origin} are not allowed; use the Switchboard page itself.`);
}

export function setSessionCookies(
  reply: FastifyReply,
  session: { token: string; csrfToken: string; expiresAt: Date },
  secure: boolean,
): void {
  const common = { path: '/', sameSite: 'lax' as const, secure, expires: session.expiresAt };
  reply.setCookie(sessionCookie, session.token, { ...common, httpOnly: true });
  reply.setCookie(csrfCookie, session.csrfToken, { ...common, httpOnly: false });
}

export const credentialsSchema = z
  .object({
    email: z.string().trim().min(1).max(320).optional(),
    username: z.string().trim().min(1).max(320).optional(),
    password: z.string().min(1).max(1024),
  })
  .refine((body) => body.email ?? body.username, { message: 'send "email" (or "username") and "password"' });
