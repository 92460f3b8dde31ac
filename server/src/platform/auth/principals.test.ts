import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHttpApp, type HttpApp } from '../http/app.ts';
import { createLogger } from '../logger.ts';
import { currentPrincipal, registerAccessControl, registerPrincipalResolver } from './auth.plugin.ts';
import type { Auth } from './auth.service.ts';

// Access control without a database: a fake staff session and a fake 'client' resolver.
const staffSession = 'staff-session';
const fakeAuth = {
  authenticateSession: async (token: string) =>
    token === staffSession
      ? {
          user: { id: 7, email: 'op@example.com', name: 'Op', role: 'operator', is_active: true, language: 'ru' },
          via: 'session',
          csrfToken: 'staff-csrf',
        }
      : null,
  authenticateToken: async () => null,
} as unknown as Auth;

describe('principals other than staff', () => {
  let app: HttpApp;
  before(async () => {
    app = await createHttpApp({ logger: createLogger({ level: 'silent' }), version: 'test' });
    registerAccessControl(app, fakeAuth);
    registerPrincipalResolver(app, {
      kind: 'client',
      resolve: async (request) =>
        request.cookies.sb_client === 'client-session'
          ? { id: 42, via: 'session', csrfToken: 'client-csrf', csrfCookie: 'sb_client_csrf' }
          : null,
    });
    const echo = async (request: Parameters<typeof currentPrincipal>[0]) => ({
      kind: currentPrincipal(request).kind,
      id: currentPrincipal(request).id,
      staff: request.auth?.user.id ?? null,
    });
    app.get('/api/staff', echo);
    app.post('/api/staff', echo);
    app.get('/api/admin', { config: { access: 'admin' } }, echo);
    app.get('/api/both', { config: { access: { principals: ['staff', 'client'] } } }, echo);
    app.get('/api/clients-only', { config: { access: { principals: ['client'] } } }, echo);
    app.post('/api/clients-only', { config: { access: { principals: ['client'] } } }, echo);
    app.get('/api/dispatch', { config: { access: { roles: ['dispatcher'], principals: ['client'] } } }, echo);
    await app.ready();
  });
  after(() => app.close());

  const call = async (method: 'GET' | 'POST', url: string, cookies: Record<string, string>, headers: Record<string, string> = {}) => {
    const response = await app.inject({ method, url, cookies, headers });
    return { status: response.statusCode, body: response.json() };
  };

  test('a client reaches the routes that admit clients, and gets 403 (not 401) on staff routes', async () => {
    const client = { sb_client: 'client-session' };
    assert.deepEqual((await call('GET', '/api/clients-only', client)).body, { kind: 'client', id: 42, staff: null });
    assert.deepEqual((await call('GET', '/api/both', client)).body, { kind: 'client', id: 42, staff: null });
    assert.equal((await call('GET', '/api/dispatch', client)).status, 200);
    for (const url of ['/api/staff', '/api/admin']) {
      const refused = await call('GET', url, client);
      assert.equal(refused.status, 403, url);
      assert.equal(refused.body.error.code, 'forbidden');
    }
    const noCsrf = await call('POST', '/api/clients-only', client);
    assert.deepEqual([noCsrf.status, noCsrf.body.error.code], [403, 'csrf_failed']);
    assert.match(noCsrf.body.error.message, /sb_client_csrf/);
    assert.equal((await call('POST', '/api/clients-only', client, { 'x-csrf-token': 'client-csrf' })).status, 200);
    assert.equal((await call('POST', '/api/staff', client, { 'x-csrf-token': 'client-csrf' })).status, 403);
    assert.equal((await call('GET', '/api/clients-only', { sb_client: 'forged' })).status, 401);
  });

  test('staff keep their routes, get 403 on client-only ones, and a browser holding both sessions is whoever the route admits', async () => {
    const staff = { sb_session: staffSession };
    assert.deepEqual((await call('GET', '/api/staff', staff)).body, { kind: 'staff', id: 7, staff: 7 });
    assert.equal((await call('GET', '/api/both', staff)).body.kind, 'staff');
    assert.equal((await call('GET', '/api/admin', staff)).status, 403);
    assert.equal((await call('GET', '/api/dispatch', staff)).status, 403, 'roles still apply to staff');
    assert.equal((await call('GET', '/api/clients-only', staff)).status, 403);
    const both = { ...staff, sb_client: 'client-session' };
    assert.equal((await call('GET', '/api/clients-only', both)).body.kind, 'client');
    assert.equal((await call('GET', '/api/both', both)).body.kind, 'staff');
    assert.equal((await call('GET', '/api/staff', {})).status, 401);
  });

  test("a kind is registered once, and 'staff' is taken", () => {
    assert.throws(() => registerPrincipalResolver(app, { kind: 'client', resolve: async () => null }), /taken/);
    assert.throws(() => registerPrincipalResolver(app, { kind: 'staff', resolve: async () => null }), /taken/);
  });
});
