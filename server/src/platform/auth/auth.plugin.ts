import { credentialsBody } from '@switchboard/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { equalsInConstantTime } from '../crypto.ts';
import { HttpError, forbidden, unauthorized } from '../http/errors.ts';
import type { HttpApp } from '../http/app.ts';
import type { Auth, Authenticated, StaffUser } from './auth.service.ts';

/**
 * Who may call a route. Routes under /api/ default to 'staff'; others (webhooks, the web app) to 'public'.
 * `principals` lists the kinds of caller allowed besides or instead of staff: 'staff' for any staff user,
 * or a kind an app registered with `registerPrincipalResolver` (e.g. 'client'). Any other caller gets 403.
 */
export type Access =
  'public' | 'staff' | 'admin' | { roles: readonly string[]; principals?: readonly string[] } | { principals: readonly string[] };

/** The caller of a non-public route: a staff user (kind 'staff') or a principal an app resolved. */
export interface Principal {
  kind: string;
  id: number;
  via: 'session' | 'token';
  /** The session's CSRF token; state-changing cookie requests must echo it in X-CSRF-Token. */
  csrfToken?: string;
  /** The cookie the browser reads csrfToken from, named in the error when it is missing. */
  csrfCookie?: string;
}

/** Resolves callers who are not staff (portal clients …), usually from a cookie of their own. */
export interface PrincipalResolver {
  kind: string;
  resolve(request: FastifyRequest): Promise<Omit<Principal, 'kind'> | null>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The staff caller; null for public routes and for other principals. */
    auth: Authenticated | null;
    /** Whoever called a non-public route. */
    principal: Principal | null;
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

const resolversOf = new WeakMap<object, PrincipalResolver[]>();

/** A route as registered, with the access it declared (undefined: the default for its path). */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access | undefined;
  websocket: boolean;
}
const routesOf = new WeakMap<object, RegisteredRoute[]>();
const authOf = new WeakMap<object, Auth>();

/** The staff caller of a public route, if the request carries valid credentials; public routes skip access control. */
export async function optionalStaffCaller(request: FastifyRequest): Promise<Authenticated | null> {
  const auth = authOf.get(request.server.server);
  return auth ? resolveCaller(auth, request).catch(() => null) : null;
}

/** Every route registered after access control, so a test can require an authorization expectation for each. */
export function registeredRoutes(app: HttpApp): readonly RegisteredRoute[] {
  return routesOf.get(app.server) ?? [];
}

/** Lets an app's kind of caller sign in; routes admit it with `access: { principals: [kind] }`. */
export function registerPrincipalResolver(app: HttpApp, resolver: PrincipalResolver): void {
  const resolvers = resolversOf.get(app.server);
  if (!resolvers) throw new Error('Call registerAccessControl before registering principal resolvers.');
  if (resolver.kind === 'staff' || resolvers.some((item) => item.kind === resolver.kind))
    throw new Error(`The principal kind "${resolver.kind}" is taken.`);
  resolvers.push(resolver);
}

/** Whoever called; only call it on routes whose access is not 'public'. */
export function currentPrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

function admittedKinds(access: Exclude<Access, 'public'>): readonly string[] {
  if (typeof access === 'string' || 'roles' in access) return ['staff', ...(typeof access === 'object' ? (access.principals ?? []) : [])];
  return access.principals;
}

/** Staff first when the route admits staff; otherwise (or without staff credentials) the admitted kinds, then any, so a stranger to the route gets 403 rather than 401. */
async function resolvePrincipal(
  auth: Auth,
  resolvers: PrincipalResolver[],
  request: FastifyRequest,
  kinds: readonly string[],
): Promise<Principal | null> {
  // One browser can hold a staff session and another kind's (the client portal's); on a route open to both, the
  // page says which it speaks for with X-Switchboard-As, otherwise staff wins.
  const asked = request.headers['x-switchboard-as'];
  if (typeof asked === 'string' && asked !== 'staff' && kinds.includes(asked)) {
    const found = await resolvers.find((resolver) => resolver.kind === asked)?.resolve(request);
    if (found) return { ...found, kind: asked };
  }
  // A route only other kinds may call (integrations with a Bearer secret of their own) asks them first: their
  // header is not a staff token, and the staff lookup would refuse it before they were asked.
  if (!kinds.includes('staff'))
    for (const resolver of resolvers.filter((each) => kinds.includes(each.kind))) {
      const found = await resolver.resolve(request);
      if (found) return { ...found, kind: resolver.kind };
    }
  const staff = await resolveCaller(auth, request);
  request.auth = staff;
  const asStaff: Principal | null = staff
    ? { kind: 'staff', id: staff.user.id, via: staff.via, csrfToken: staff.csrfToken, csrfCookie }
    : null;
  if (asStaff && kinds.includes('staff')) return asStaff;
  const ordered = [...resolvers].sort((a, b) => Number(kinds.includes(b.kind)) - Number(kinds.includes(a.kind)));
  for (const resolver of ordered) {
    if (asStaff && !kinds.includes(resolver.kind)) break;
    const found = await resolver.resolve(request);
    if (found) {
      request.auth = null;
      return { ...found, kind: resolver.kind };
    }
  }
  return asStaff;
}

export function registerAccessControl(app: HttpApp, auth: Auth): void {
  const resolvers: PrincipalResolver[] = [];
  resolversOf.set(app.server, resolvers);
  const routes: RegisteredRoute[] = [];
  routesOf.set(app.server, routes);
  authOf.set(app.server, auth);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods)
      routes.push({
        method,
        url: route.url,
        access: route.config?.access,
        websocket: Boolean((route as { websocket?: boolean }).websocket),
      });
  });
  app.decorateRequest('auth', null);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0]!;
    // A path no route matches is a 404 for everyone, as the web app's catch-all answers it (a worker has no catch-all).
    if (request.routeOptions.url === undefined) return;
    const access: Access = request.routeOptions.config?.access ?? (path.startsWith('/api/') ? 'staff' : 'public');
    if (access === 'public') return;
    rejectForeignOrigin(request);
    const kinds = admittedKinds(access);
    const principal = await resolvePrincipal(auth, resolvers, request, kinds);
    if (!principal) throw unauthorized();
    request.principal = principal;
    if (!kinds.includes(principal.kind)) {
      throw forbidden(
        principal.kind === 'staff'
          ? 'This route is not for staff accounts; sign in with the account it is meant for.'
          : `A ${principal.kind} account cannot use this route; it is for ${kinds.join(' or ')} accounts.`,
      );
    }
    if (principal.via === 'session' && !safeMethods.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !equalsInConstantTime(sent, principal.csrfToken ?? '')) {
        throw new HttpError(
          403,
          'csrf_failed',
          `Missing or wrong X-CSRF-Token header: send the value of the ${principal.csrfCookie ?? csrfCookie} cookie.`,
        );
      }
    }
    if (principal.kind !== 'staff') return;
    const role = request.auth!.user.role;
    if (access === 'admin' && role !== 'admin') throw forbidden('Only an admin may do this.');
    if (typeof access === 'object' && 'roles' in access && role !== 'admin' && !access.roles.includes(role)) throw forbidden();
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

/** Seed 002's credentials body; the contract's (packages/contract/src/auth.ts). */
export const credentialsSchema = credentialsBody;
