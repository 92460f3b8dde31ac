// Walks every route and the WebSocket as admin, operator A, operator B and anonymous.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { connectSocket, eventually } from '../testing/ws-client.ts';

const publicRoutes = new Set([
  'GET /api/health',
  'POST /api/auth/login',
  'POST /api/api-token-auth/',
  'GET /api/setup/status',
  'POST /api/setup',
  'POST /api/webhook/bot/',
  'POST /api/webhook/bot/{token}',
  'POST /api/portal/login',
  'POST /api/portal/invitation',
  'POST /api/portal/invitation/accept',
  // A staff invite link: its secret token is the credential (only its hash is stored; it expires, works once).
  'GET /api/invites/accept/{token}',
  'POST /api/invites/accept/{token}',
  // A signed download link: its signature and expiry are the credential (platform/app-files.ts).
  'GET /api/app-files/{app}/{id}',
  // AmoCRM's OAuth redirect carries no session: the state this server sealed is the credential (400 without it).
  'GET /api/dispatch/amocrm/oauth',
  // A measurer's calendar feed and a patient's document link: the secret token in the path is the credential
  // (only its hash is stored; revocable); an unknown one is 404.
  'GET /api/dispatch/calendar/{file}',
  'GET /api/clinic/document-links/{token}',
  // A payment provider's callback: the signature over the raw body is the credential (409 while none is set up).
  'POST /api/bot/payments/callback/',
]);

for (const engine of testEngines()) {
  describe(`isolation on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let operatorA: ApiClient;
    let operatorB: ApiClient;
    let tokenA: string;
    let token: string;
    const chats: Record<'a' | 'b', { id: number; contactId: number; messageId: number }> = {} as never;

    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'team_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
      assert.equal((await admin.put('/api/inbox/policy', { auto_assign: false, operators_see_unassigned: false })).status, 200);
      const ids: number[] = [];
      for (const name of ['a', 'b']) {
        const created = await admin.post('/api/operators', {
          name: `Operator ${name.toUpperCase()}`,
          email: `${name}@example.com`,
          password: `password-${name}-1`,
          max_chats: 5,
        });
        assert.equal(created.status, 201);
        ids.push(created.body.id);
      }
      operatorA = await signInWithToken(server.url, { email: 'a@example.com', password: 'password-a-1' });
      operatorB = await signInWithToken(server.url, { email: 'b@example.com', password: 'password-b-1' });
      tokenA = (await createApiClient(server.url).post('/api/api-token-auth/', { email: 'a@example.com', password: 'password-a-1' })).body
        .token;
      for (const [index, name] of (['a', 'b'] as const).entries()) {
        const user = sim.createUser({ first_name: `Customer ${name}` });
        sim.sendText(token, { from: user.id, text: `hello from ${name}` });
        const message = await eventually(async () =>
          (await admin.get('/api/messages/')).body.results.find((item: any) => item.text === `hello from ${name}`),
        );
        const chat = (await admin.get(`/api/chats/${message.chat_id}`)).body;
        chats[name] = { id: chat.id, contactId: chat.contact.id, messageId: message.id };
        assert.equal((await admin.post(`/api/chats/${chat.id}/assign`, { operator_id: ids[index], note: 'yours' })).status, 200);
      }
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('every /api route refuses anonymous callers unless it is public', async () => {
      const spec = (await createApiClient(server.url).get('/docs/json')).body;
      const anonymous = createApiClient(server.url);
      let checked = 0;
      for (const [path, methods] of Object.entries<Record<string, unknown>>(spec.paths)) {
        if (!path.startsWith('/api/')) continue;
        for (const method of Object.keys(methods).map((item) => item.toUpperCase())) {
          if (publicRoutes.has(`${method} ${path}`)) continue;
          const concrete = path.replace(/\{[^}]+\}/g, '1');
          const response = await anonymous.request(method, concrete, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
          assert.equal(response.status, 401, `${method} ${path} answered ${response.status} to an anonymous caller`);
          checked += 1;
        }
      }
      assert.ok(checked > 25, `walked ${checked} routes`);
    });

    test("an operator sees, reads, answers and assigns only their own conversations; the other's are 404", async () => {
      const listA = (await operatorA.get('/api/chats')).body.results.map((chat: any) => chat.id);
      assert.deepEqual(listA, [chats.a.id]);
      assert.deepEqual(
        (await operatorB.get('/api/chats')).body.results.map((chat: any) => chat.id),
        [chats.b.id],
      );
      assert.equal((await admin.get('/api/chats')).body.results.length, 2);
      assert.deepEqual(
        (await operatorA.get('/api/chats?q=Customer')).body.results.map((chat: any) => chat.id),
        [chats.a.id],
        'search goes through visibility',
      );
      const other = chats.b;
      const hidden = [
        ['GET', `/api/chats/${other.id}`],
        ['GET', `/api/messages/by_chat?chat_id=${other.id}`],
        ['POST', `/api/chats/${other.id}/read`],
        ['POST', `/api/chats/${other.id}/messages`],
        ['POST', `/api/messages/${other.messageId}/reply`],
        ['POST', `/api/messages/${other.messageId}/retry`],
        ['POST', `/api/chats/${other.id}/assign`],
        ['GET', `/api/chats/${other.id}/assignments`],
        ['POST', '/api/messengers/telegram/messages'],
        ['PATCH', `/api/chats/${other.id}/attributes`],
        ['PATCH', `/api/contacts/${other.contactId}/attributes`],
      ] as const;
      for (const [method, path] of hidden) {
        const body = path.endsWith('/assign')
          ? { operator_id: null }
          : path.startsWith('/api/messengers')
            ? { client_id: other.contactId, text: 'x' }
            : path.endsWith('/attributes')
              ? { values: {} }
              : { text: 'x' };
        const response = await operatorA.request(method, path, method === 'GET' ? {} : { body });
        assert.equal(response.status, 404, `${method} ${path} answered ${response.status}`);
      }
      assert.deepEqual((await operatorA.get(`/api/messengers/telegram/messages?client_id=${other.contactId}`)).body.results, []);
      assert.ok((await operatorA.get('/api/messages/')).body.results.every((message: any) => message.chat_id === chats.a.id));
      assert.equal((await operatorA.post(`/api/chats/${chats.a.id}/messages`, { text: 'from A' })).status, 201);
      for (const path of [
        '/api/operators',
        '/api/accounts',
        '/api/messengers/settings',
        '/api/system/status',
        '/api/inbox/policy',
        '/metrics',
      ]) {
        assert.equal((await operatorA.get(path)).status, 403, path);
      }
      const historyA = (await operatorA.get(`/api/messages/by_chat?chat_id=${chats.a.id}`)).body.results;
      assert.ok(
        historyA.some(
          (message: any) =>
            message.sender_type === 'system' && message.service?.code === 'assigned' && /Operator A/.test(message.service.params.to),
        ),
        'the assignment shows in the conversation',
      );
    });

    test('the WebSocket tells each operator only about their conversations', async () => {
      const socketA = await connectSocket(server.url, { token: tokenA });
      const ready = await socketA.waitFor((frame) => frame.type === 'ready');
      const initial = socketA.frames
        .filter((frame) => frame.type === 'initial_chats')
        .flatMap((frame) => frame.chats.map((chat: any) => chat.id));
      assert.deepEqual(initial, [chats.a.id]);
      const customerB = (await admin.get(`/api/chats/${chats.b.id}`)).body.contact;
      const adminToken = (await createApiClient(server.url).post('/api/api-token-auth/', testAdmin)).body.token;
      const socketAdmin = await connectSocket(server.url, { token: adminToken });
      await socketAdmin.waitFor((frame) => frame.type === 'ready');
      await admin.post(`/api/chats/${chats.b.id}/messages`, { text: 'secret for B' });
      await socketAdmin.waitFor((frame) => frame.type === 'new_message' && frame.message.text === 'secret for B');
      await admin.post(`/api/chats/${chats.a.id}/messages`, { text: 'visible to A' });
      await socketA.waitFor((frame) => frame.type === 'new_message' && frame.message.text === 'visible to A');
      assert.ok(!socketA.frames.some((frame) => JSON.stringify(frame).includes('secret for B')), 'A never hears of B');
      assert.ok(customerB);
      const replay = await connectSocket(server.url, { token: tokenA, since: ready.seq });
      await replay.waitFor((frame) => frame.type === 'ready');
      assert.ok(!replay.frames.some((frame) => JSON.stringify(frame).includes('secret for B')), 'nor on replay');
      socketA.send({ type: 'get_chat_messages', chat_id: chats.b.id });
      await socketA.waitFor((frame) => frame.type === 'error');
      await Promise.all([socketA.close(), socketAdmin.close(), replay.close()]);
    });

    test('transfer moves a conversation with its note; the previous holder is told and loses it', async () => {
      const ids = (await admin.get('/api/operators')).body.results;
      const b = ids.find((item: any) => item.email === 'b@example.com');
      const socketA = await connectSocket(server.url, { token: tokenA });
      await socketA.waitFor((frame) => frame.type === 'ready');
      const moved = await operatorA.post(`/api/chats/${chats.a.id}/assign`, { operator_id: b.id, note: 'B knows this client' });
      assert.equal(moved.status, 200);
      assert.equal(moved.body.results[0].reason, 'transfer');
      const removed = await socketA.waitFor((frame) => frame.type === 'chat_removed' && frame.chat_id === chats.a.id);
      assert.equal(removed.operator_id, b.id, 'the previous holder learns who has it now');
      assert.equal(removed.operator_name, b.name);
      assert.equal((await operatorA.get(`/api/chats/${chats.a.id}`)).status, 404);
      assert.equal((await operatorB.get(`/api/chats/${chats.a.id}`)).status, 200);
      assert.equal((await operatorB.get('/api/operators')).status, 403);
      const load = (await admin.get('/api/operators')).body.results.find((item: any) => item.id === b.id);
      assert.equal(load.current_chats, 2);
      await socketA.close();
    });
  });
}
