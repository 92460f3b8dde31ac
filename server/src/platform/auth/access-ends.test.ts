// Access ends when it should: sign-out, revocation, switch-off, a password change and a new role close
// the WebSockets that were opened with the credential, and API tokens can be listed, expire and be revoked.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createApiClient, signInWithCookies, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { connectSocket, eventually, type TestSocket } from '../../testing/ws-client.ts';

// Far below the hub's 60 s sweep: only the change notification can close these sockets in time.
const promptlyMs = 5_000;
const dayMs = 24 * 3600 * 1000;

for (const engine of testEngines()) {
  describe(`access ends on ${engine}`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let serial = 0;
    before(async () => {
      server = await startTestServer(engine);
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(() => server.stop());

    async function newUser(role = 'operator') {
      serial += 1;
      const email = `access-${serial}@example.com`;
      const password = `password-${serial}-long`;
      const created = await admin.post('/api/operators', { name: `User ${serial}`, email, password, role });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const issued = await createApiClient(server.url).post('/api/api-token-auth/', { email, password });
      assert.equal(issued.status, 200);
      return {
        id: created.body.id as number,
        email,
        password,
        token: issued.body.token as string,
        client: createApiClient(server.url, { token: issued.body.token }),
      };
    }

    async function openSocket(auth: { token?: string; cookies?: string }): Promise<TestSocket> {
      const socket = await connectSocket(server.url, { token: auth.token, headers: auth.cookies ? { cookie: auth.cookies } : undefined });
      await socket.waitFor((frame) => frame.type === 'ready');
      return socket;
    }

    const closedWithin = (socket: TestSocket) =>
      Promise.race([
        socket.closed,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the socket stayed open')), promptlyMs).unref()),
      ]);

    test('signing out closes the WebSockets of that session', async () => {
      const user = await newUser();
      const session = await signInWithCookies(server.url, user);
      const socket = await openSocket({ cookies: session.cookies });
      assert.equal((await session.client.post('/api/auth/logout')).status, 200);
      assert.equal((await closedWithin(socket)).code, 4401);
      assert.equal((await session.client.get('/api/auth/me')).status, 401);
    });

    test('tokens are listed without their value, and revoking one closes its sockets at once', async () => {
      const user = await newUser();
      const created = await user.client.post('/api/tokens', {
        name: 'ci script',
        expires_at: new Date(Date.now() + 30 * dayMs).toISOString(),
      });
      assert.equal(created.status, 201);
      assert.ok(created.body.token && created.body.id);
      const listed = (await user.client.get('/api/tokens')).body.results;
      assert.deepEqual(listed.map((token: any) => token.name).sort(), ['api-token-auth', 'ci script']);
      assert.ok(!JSON.stringify(listed).includes(created.body.token), 'the value is shown once only');
      const legacy = listed.find((token: any) => token.name === 'api-token-auth');
      const legacyDays = (Date.parse(legacy.expires_at) - Date.now()) / dayMs;
      assert.ok(legacyDays > 89 && legacyDays <= 90, `api-token-auth expires in 90 days, not ${legacyDays}`);
      assert.ok(legacy.last_used_at, 'last use recorded');

      const socket = await openSocket({ token: created.body.token });
      const other = await openSocket({ token: user.token });
      assert.equal((await user.client.delete(`/api/tokens/${created.body.id}`)).status, 204);
      assert.equal((await closedWithin(socket)).code, 4401);
      assert.equal((await createApiClient(server.url, { token: created.body.token }).get('/api/auth/me')).status, 401);
      assert.equal((await admin.delete(`/api/tokens/${created.body.id}`)).status, 404, "nobody revokes another user's token");
      other.send({ type: 'ping' });
      await other.waitFor((frame) => frame.type === 'pong');
      await other.close();
    });

    test('bad token requests get precise 4xx answers', async () => {
      const user = await newUser();
      const past = await user.client.post('/api/tokens', { name: 'old', expires_at: '2001-01-01T00:00:00Z' });
      assert.equal(past.status, 422);
      assert.equal(past.body.error.code, 'expiry_in_past');
      assert.equal((await user.client.post('/api/tokens', { name: '' })).status, 400);
      assert.equal((await user.client.post('/api/tokens', { name: 'x', expires_at: 'tomorrow' })).status, 400);
      assert.equal((await user.client.delete('/api/tokens/999999')).status, 404);
    });

    test('an expired token is refused', async () => {
      const user = await newUser();
      assert.equal((await user.client.get('/api/auth/me')).status, 200, 'cached now');
      await sql`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE user_id = ${user.id}`.execute(
        server.switchboard.database.db,
      );
      await eventually(async () => (await user.client.get('/api/auth/me')).status === 401, promptlyMs, 'the expired token refused');
    });

    test('switching a user off closes their sockets and revokes their tokens for good', async () => {
      const user = await newUser();
      const socket = await openSocket({ token: user.token });
      assert.equal((await admin.patch(`/api/operators/${user.id}`, { is_active: false })).status, 200);
      assert.equal((await closedWithin(socket)).code, 4401);
      assert.equal((await admin.patch(`/api/operators/${user.id}`, { is_active: true })).status, 200);
      assert.equal((await user.client.get('/api/auth/me')).status, 401, 'switching back on does not revive the old token');
    });

    test('a new role closes the sockets, which reconnect with the new rights', async () => {
      const user = await newUser('admin');
      const socket = await openSocket({ token: user.token });
      assert.equal((await admin.patch(`/api/operators/${user.id}`, { role: 'operator' })).status, 200);
      assert.equal((await closedWithin(socket)).code, 4403);
      assert.equal((await user.client.get('/api/operators')).status, 403);
    });

    test('a password change ends the other sessions; tokens go unless the user keeps them', async () => {
      const user = await newUser();
      const here = await signInWithCookies(server.url, user);
      const elsewhere = await signInWithCookies(server.url, user);
      const elsewhereSocket = await openSocket({ cookies: elsewhere.cookies });
      const tokenSocket = await openSocket({ token: user.token });
      const wrong = await here.client.post('/api/auth/password', { current_password: 'not it', new_password: 'another-password-1' });
      assert.equal(wrong.status, 403);
      assert.equal(wrong.body.error.code, 'wrong_password');
      const kept = await here.client.post('/api/auth/password', {
        current_password: user.password,
        new_password: 'another-password-1',
        keep_tokens: true,
      });
      assert.equal(kept.status, 200);
      assert.equal((await closedWithin(elsewhereSocket)).code, 4401);
      assert.equal((await elsewhere.client.get('/api/auth/me')).status, 401);
      assert.equal((await here.client.get('/api/auth/me')).status, 200, 'the session that changed it stays');
      assert.equal((await user.client.get('/api/auth/me')).status, 200, 'kept tokens still work');
      tokenSocket.send({ type: 'ping' });
      await tokenSocket.waitFor((frame) => frame.type === 'pong');

      const changed = await here.client.post('/api/auth/password', {
        current_password: 'another-password-1',
        new_password: 'third-password-1',
      });
      assert.equal(changed.status, 200);
      assert.equal((await closedWithin(tokenSocket)).code, 4401);
      assert.equal((await user.client.get('/api/auth/me')).status, 401);
    });
  });
}
