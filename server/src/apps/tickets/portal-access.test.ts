import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { createPortalClient, linkTelegram, type PortalClient } from '../../testing/portal.fixture.ts';

/** Routes a portal client's session may call; every other non-public route must answer it 403. */
const portalRoutes = new Set([
  'POST /api/portal/logout',
  'GET /api/portal/me',
  'POST /api/telegram/client/generate-link',
  'GET /api/telegram/client/status',
  'PATCH /api/telegram/client/status',
  'POST /api/telegram/client/disconnect',
  'GET /api/tickets',
  'POST /api/tickets',
  'GET /api/tickets/{id}',
  'PATCH /api/tickets/{id}',
  'POST /api/tickets/{id}/comments',
  'GET /api/invoices',
  'GET /api/invoices/{id}',
  'GET /api/invoices/{id}/pdf',
  'GET /api/notifications/preferences',
  'PUT /api/notifications/preferences',
]);

for (const engine of testEngines()) {
  describe(`portal access on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    let owner: PortalClient;
    let intruder: PortalClient;
    let ticketId: number;
    let invoiceId: number;

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'access_bot' }).token;
      server = await startTestServer(engine, {
        TELEGRAM_API_ROOT: sim.apiRoot,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_MODE: 'polling',
        PUBLIC_URL: 'http://127.0.0.1:3000',
      });
      admin = await signInWithToken(server.url, testAdmin);
      owner = await createPortalClient(server.url, admin, { name: 'Owner', email: 'owner@example.com' });
      intruder = await createPortalClient(server.url, admin, { name: 'Intruder', email: 'intruder@example.com' });
      ticketId = (await owner.api.post('/api/tickets', { subject: 'Private matter' })).body.id;
      invoiceId = (
        await admin.post('/api/invoices', { client_id: owner.id, lines: [{ description: 'Work', quantity: 1, unit_price: 100 }] })
      ).body.id;
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('a client session gets 403 on every staff route, walked from the OpenAPI document', async (context) => {
      const spec = (await createApiClient(server.url).get('/docs/json')).body;
      const routes = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
        Object.keys(methods)
          .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method) && /^\/(api|ws)\//.test(path))
          .map((method) => ({ method: method.toUpperCase(), path })),
      );
      const walked: string[] = [];
      for (const route of routes) {
        const key = `${route.method} ${route.path}`;
        const url = route.path.replace(/\{[^}]+\}/g, String(ticketId));
        const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
        const anonymous = await createApiClient(server.url).request(route.method, url, { body });
        if (anonymous.status !== 401 || anonymous.body?.error?.code !== 'not_authenticated') continue;
        if (portalRoutes.has(key)) continue;
        const response = await owner.api.request(route.method, url, { body });
        assert.equal(response.status, 403, `${key} answered a client ${response.status}: ${JSON.stringify(response.body)}`);
        assert.equal(response.body.error.code, 'forbidden', key);
        walked.push(key);
      }
      for (const expected of [
        'GET /api/clients',
        'POST /api/invoices',
        'PATCH /api/invoices/{id}',
        'GET /api/notifications/queue',
        'POST /api/telegram/client/{clientId}/send-message',
        'GET /api/telegram/user/status',
        'GET /api/auth/me',
        'GET /api/chats',
      ]) {
        assert.ok(walked.includes(expected), `${expected} was walked (walked ${walked.length})`);
      }
      context.diagnostic(`${walked.length} staff routes refused a client`);
      const staffOnClientRoute = await admin.get('/api/telegram/client/status');
      assert.equal(staffOnClientRoute.status, 403);
      assert.equal((await createApiClient(server.url).get('/api/tickets')).status, 401);
    });

    test("another client gets 404 for a client's ticket, invoice and PDF, and sees only their own", async () => {
      const routes: Array<[string, string, unknown?]> = [
        ['GET', `/api/tickets/${ticketId}`],
        ['PATCH', `/api/tickets/${ticketId}`, { status: 'closed' }],
        ['POST', `/api/tickets/${ticketId}/comments`, { body: 'sneaky' }],
        ['GET', `/api/invoices/${invoiceId}`],
        ['GET', `/api/invoices/${invoiceId}/pdf`],
      ];
      for (const [method, path, body] of routes) {
        const response = await intruder.api.request(method, path, { body });
        assert.equal(response.status, 404, `${method} ${path} answered ${response.status}`);
        assert.equal(response.body.error.code, 'not_found');
        assert.ok(
          (await owner.api.request(method, path, { body: method === 'PATCH' ? { status: 'open' } : body })).status < 300,
          `${method} ${path} as the owner`,
        );
      }
      assert.deepEqual((await intruder.api.get('/api/tickets')).body.results, []);
      assert.deepEqual((await intruder.api.get('/api/invoices')).body.results, []);
      assert.equal((await owner.api.get('/api/tickets')).body.results.length, 1);
      assert.equal((await intruder.api.post('/api/tickets', { subject: 'For someone else', client_id: owner.id })).status, 403);
      assert.equal(
        (
          await intruder.api.patch(`/api/tickets/${(await intruder.api.post('/api/tickets', { subject: 'Mine' })).body.id}`, {
            assignee_id: 1,
          })
        ).status,
        403,
      );
      const ownerUser = sim.createUser({ first_name: 'Owner' });
      await linkTelegram(sim, token, owner.api, '/api/telegram/client', ownerUser);
      assert.equal(
        (await intruder.api.get('/api/telegram/client/status')).body.connected,
        false,
        "another client's link status stays theirs",
      );
      assert.equal((await intruder.api.get('/api/notifications/preferences')).status, 200);
    });

    test('state changes need the portal CSRF token; a switched-off client is signed out', async () => {
      const withoutCsrf = createApiClient(server.url, { cookies: owner.cookies });
      const refused = await withoutCsrf.post(`/api/tickets/${ticketId}/comments`, { body: 'no csrf' });
      assert.equal(refused.status, 403);
      assert.match(refused.body.error.message, /sb_portal_csrf/);
      const foreign = await owner.api.request('POST', '/api/tickets', {
        body: { subject: 'x' },
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(foreign.status, 403);
      const me = await owner.api.get('/api/portal/me');
      assert.deepEqual([me.status, me.body.client.email], [200, 'owner@example.com']);
      assert.equal((await admin.patch(`/api/clients/${intruder.id}`, { is_active: false })).status, 200);
      assert.equal((await intruder.api.get('/api/tickets')).status, 401);
      const wrong = await createApiClient(server.url).post('/api/portal/login', { email: 'owner@example.com', password: 'wrong-password' });
      assert.equal(wrong.status, 401);
      const right = await createApiClient(server.url).post('/api/portal/login', {
        email: 'OWNER@example.com',
        password: 'client-password-1',
      });
      assert.equal(right.status, 200);
      assert.ok(right.headers.getSetCookie().some((cookie) => cookie.startsWith('sb_portal=') && /HttpOnly/i.test(cookie)));
    });

    test('without a public PUBLIC_URL the notification carries the link in its text instead of a button', async () => {
      const ownerUser = sim.createUser({ first_name: 'Owner again' });
      await linkTelegram(sim, token, owner.api, '/api/telegram/client', ownerUser);
      const ticket = await admin.post('/api/tickets', { client_id: owner.id, subject: 'Link in text' });
      const message = await sim.waitForSent(token, ownerUser.id, (sent) => (sent.text ?? '').includes(`#${ticket.body.id}`), 10_000);
      assert.ok(message.text!.endsWith(`\nhttp://127.0.0.1:3000/portal/tickets/${ticket.body.id}`), message.text);
      assert.equal(message.reply_markup, undefined);
    });
  });
}
