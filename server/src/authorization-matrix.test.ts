// The authorization matrix, generated from the route table: every route the server registers must have an
// expectation for each kind of caller, or this test fails — a new route cannot ship without deciding who may
// call it. Runs on one engine (isolation.test.ts covers both for conversations and the WebSocket).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createPortalClient, type PortalClient } from './testing/portal.fixture.ts';
import { registeredRoutes } from './platform/auth/auth.plugin.ts';
import { createApiClient, signInWithToken, type ApiClient } from './testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from './testing/harness.ts';
import { connectSocket, eventually } from './testing/ws-client.ts';
import { matrix, roles, type Fixtures, type Outcome, type Role } from './testing/authorization-matrix.fixture.ts';

const engine = testEngines()[0]!;

describe(`authorization matrix on ${engine}`, () => {
  let sim: Simulator;
  let server: TestServer;
  const callers = {} as Record<Role, ApiClient>;
  const tokens = {} as Record<'admin' | 'operator' | 'otherOperator', string>;
  let client: PortalClient;
  const fixtures = {} as Fixtures;

  before(async () => {
    sim = await startTelegramSimulator();
    const botToken = sim.createBot({ username: 'matrix_bot' }).token;
    server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: botToken, TELEGRAM_MODE: 'polling' });
    const admin = await signInWithToken(server.url, testAdmin);
    assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false })).status, 200);
    tokens.admin = (await createApiClient(server.url).post('/api/api-token-auth/', testAdmin)).body.token;
    const operatorIds: number[] = [];
    for (const [role, email] of [
      ['operator', 'a@example.com'],
      ['otherOperator', 'b@example.com'],
    ] as const) {
      const created = await admin.post('/api/operators', { name: role, email, password: 'operator-password-1' });
      assert.equal(created.status, 201);
      operatorIds.push(created.body.id);
      tokens[role] = (
        await createApiClient(server.url).post('/api/api-token-auth/', { email, password: 'operator-password-1' })
      ).body.token;
    }
    const customer = sim.createUser({ first_name: 'Matrix Customer' });
    sim.sendText(botToken, { from: customer.id, text: 'matrix hello' });
    const message = await eventually(async () =>
      (await admin.get('/api/messages/')).body.results.find((item: any) => item.text === 'matrix hello'),
    );
    const chat = (await admin.get(`/api/chats/${message.chat_id}`)).body;
    assert.equal((await admin.post(`/api/chats/${chat.id}/assign`, { operator_id: operatorIds[0] })).status, 200);
    // The operator's conversation's contact is the portal client: the client follows its conversation's visibility.
    client = await createPortalClient(server.url, admin, {
      name: 'Matrix Client',
      email: 'client@example.com',
      contact_id: chat.contact.id,
    });
    const ticket = await client.api.post('/api/tickets', { subject: 'Matrix ticket' });
    assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
    const invoice = await admin.post('/api/invoices', {
      client_id: client.id,
      lines: [{ description: 'Work', quantity: 1, unit_price: 100 }],
    });
    assert.equal(invoice.status, 201, JSON.stringify(invoice.body));
    const bot = (await admin.get('/api/accounts')).body.results[0];
    Object.assign(fixtures, {
      chatId: chat.id,
      contactId: chat.contact.id,
      messageId: message.id,
      clientId: client.id,
      ticketId: ticket.body.id,
      invoiceId: invoice.body.id,
      botId: bot.id,
      operatorId: operatorIds[0],
      botToken,
    });
    callers.admin = createApiClient(server.url, { token: tokens.admin });
    callers.operator = createApiClient(server.url, { token: tokens.operator });
    callers.otherOperator = createApiClient(server.url, { token: tokens.otherOperator });
    callers.client = client.api;
    callers.anonymous = createApiClient(server.url);
  });
  after(async () => {
    await server.stop();
    await sim.stop();
  });

  const keyOf = (route: { method: string; url: string }) => `${route.method} ${route.url}`;
  const routeKeys = () => [
    ...new Set(
      registeredRoutes(server.switchboard.app)
        .filter((route) => route.method !== 'HEAD')
        .map(keyOf),
    ),
  ];

  test('every registered route has an expectation for every caller, and every expectation a route', () => {
    const registered = routeKeys();
    const missing = registered.filter((key) => !matrix[key]);
    assert.deepEqual(
      missing,
      [],
      `add these routes to server/src/testing/authorization-matrix.fixture.ts, with who may call them: ${missing.join(', ')}`,
    );
    const stale = Object.keys(matrix).filter((key) => !registered.includes(key));
    assert.deepEqual(stale, [], `these expectations name routes that no longer exist: ${stale.join(', ')}`);
    assert.ok(registered.length > 100, `walked ${registered.length} routes`);
  });

  test('each caller gets what the matrix says on every route', async () => {
    const wrong: string[] = [];
    // Routes that end the caller's session run last, so they do not sign the callers out of the rest.
    const ordered = routeKeys().sort((a, b) => Number(Boolean(matrix[a]?.last)) - Number(Boolean(matrix[b]?.last)));
    for (const key of ordered) {
      const entry = matrix[key]!;
      const [method, pattern] = key.split(' ') as [string, string];
      const path = entry.path?.(fixtures) ?? pattern;
      for (const [index, role] of roles.entries()) {
        const expected = entry.expect[index]!;
        const body = entry.bodyOf?.(fixtures) ?? entry.body ?? {};
        const status = entry.websocket
          ? await socketStatus(role, path)
          : (await callers[role].request(method, path, method === 'GET' || method === 'DELETE' ? {} : { body })).status;
        if (!matches(expected, status)) wrong.push(`${key} as ${role}: expected ${expected}, got ${status}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('an operator cannot reach a client through a contact they cannot see, nor take over its portal account', async () => {
    const other = callers.otherOperator;
    const before = (await callers.admin.get(`/api/contacts/${fixtures.contactId}`)).body;
    const created = await other.post('/api/clients', {
      contact_id: fixtures.contactId,
      name: 'Overwritten',
      phone: '+1 555 0100',
      email: 'thief@example.com',
    });
    assert.equal(created.status, 404, 'a hidden contact answers like a missing one');
    const missingContact = await other.post('/api/clients', { contact_id: 999_999, name: 'Nobody' });
    const shape = (body: any) => `${body.error.code}: ${body.error.message.replace(/\d+/g, 'N')}`;
    assert.deepEqual(
      [missingContact.status, shape(missingContact.body)],
      [404, shape(created.body)],
      'indistinguishable from a missing contact',
    );
    assert.equal((await other.patch(`/api/clients/${fixtures.clientId}`, { email: 'thief@example.com' })).status, 404);
    assert.equal((await other.post(`/api/clients/${fixtures.clientId}/invite`)).status, 403);
    assert.equal(
      (await callers.operator.post(`/api/clients/${fixtures.clientId}/invite`)).status,
      403,
      'only admins invite, even for a visible client',
    );
    const after = (await callers.admin.get(`/api/contacts/${fixtures.contactId}`)).body;
    assert.deepEqual([after.display_name, after.phone], [before.display_name, before.phone], 'the contact is untouched');
    assert.equal((await callers.admin.get(`/api/clients/${fixtures.clientId}`)).body.email, 'client@example.com');
    assert.deepEqual((await other.get('/api/clients')).body.results, [], "the other operator's list hides the client");
    assert.deepEqual(
      (await callers.operator.get('/api/clients')).body.results.map((row: any) => row.id),
      [fixtures.clientId],
    );
    assert.equal((await other.get(`/api/telegram/client/${fixtures.clientId}/status`)).status, 404, "nor the client's Telegram id");
    // A client an operator adds from scratch (no conversation yet) is theirs to see.
    const own = await other.post('/api/clients', { name: 'Walk-in Client' });
    assert.equal(own.status, 201);
    assert.equal((await other.get(`/api/clients/${own.body.id}`)).status, 200);
    assert.equal((await callers.operator.get(`/api/clients/${own.body.id}`)).status, 404);
  });

  function matches(expected: Outcome, status: number): boolean {
    // 'ok': past authorization and visibility; the empty body may still be refused as invalid (400/409/422).
    if (expected === 'ok') return status < 500 && ![401, 403, 404].includes(status);
    if (expected === 'page') return status === 200 || status === 503;
    return expected === status;
  }

  /** 200 when the socket reaches "ready"; otherwise the status of the refused upgrade. */
  async function socketStatus(role: Role, path: string): Promise<number> {
    assert.equal(path, '/ws/messages');
    const auth = role === 'client' ? { headers: { cookie: client.cookies } } : role === 'anonymous' ? {} : { token: tokens[role] };
    try {
      const socket = await connectSocket(server.url, auth);
      await socket.waitFor((frame) => frame.type === 'ready');
      await socket.close();
      return 200;
    } catch (error) {
      const refused = /upgrade refused: (\d+)/.exec(String(error));
      if (!refused) throw error;
      return Number(refused[1]);
    }
  }
});
