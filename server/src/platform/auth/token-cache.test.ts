// API tokens are cached in memory (no query per request), yet switching a user
// off, changing their role or removing them takes effect at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';

// Far below the cache's 60 s lifetime: only the change notification can make these pass.
const promptlyMs = 10_000;

for (const engine of testEngines()) {
  describe(`API token cache on ${engine}`, () => {
    let server: TestServer;
    let admin: ApiClient;
    before(async () => {
      server = await startTestServer(engine);
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(() => server.stop());

    async function newOperator(email: string) {
      const created = await admin.post('/api/operators', { name: 'Cached Operator', email, password: 'operator-password-1' });
      assert.equal(created.status, 201);
      const { body } = await createApiClient(server.url).post('/api/api-token-auth/', { email, password: 'operator-password-1' });
      return { id: created.body.id as number, token: body.token as string, client: createApiClient(server.url, { token: body.token }) };
    }

    const lastUsedAt = async (userId: number) => {
      const { rows } = await sql<{ last_used_at: Date | null }>`SELECT last_used_at FROM api_tokens WHERE user_id = ${userId}`.execute(
        server.switchboard.database.db,
      );
      return rows[0]?.last_used_at?.getTime() ?? null;
    };

    test('repeated requests do not write last_used_at each time', async () => {
      const operator = await newOperator('cache-writes@example.com');
      assert.equal((await operator.client.get('/api/auth/me')).status, 200);
      assert.ok(await lastUsedAt(operator.id), 'the first use is recorded');
      // Any UPDATE makes a new row version (a new xmin), even one that writes the same time: no clock needed.
      const version = async () =>
        (
          await sql<{ version: string }>`SELECT xmin::text AS version FROM api_tokens WHERE user_id = ${operator.id}`.execute(
            server.switchboard.database.db,
          )
        ).rows[0]!.version;
      const before = await version();
      for (let request = 0; request < 5; request++) assert.equal((await operator.client.get('/api/auth/me')).status, 200);
      assert.equal(await version(), before, 'written at most once a minute: the row was not updated again');
    });

    test('switching a user off, demoting and removing them apply at once', async () => {
      const operator = await newOperator('cache-revoke@example.com');
      assert.equal((await operator.client.get('/api/auth/me')).body.user.role, 'operator');
      assert.equal((await operator.client.get('/api/operators')).status, 403);

      assert.equal((await admin.patch(`/api/operators/${operator.id}`, { role: 'admin' })).status, 200);
      await eventually(async () => (await operator.client.get('/api/operators')).status === 200, promptlyMs, 'the new role');
      assert.equal((await admin.patch(`/api/operators/${operator.id}`, { role: 'operator' })).status, 200);
      await eventually(async () => (await operator.client.get('/api/operators')).status === 403, promptlyMs, 'the old role again');

      assert.equal((await admin.patch(`/api/operators/${operator.id}`, { is_active: false })).status, 200);
      await eventually(async () => (await operator.client.get('/api/auth/me')).status === 401, promptlyMs, 'the switched-off user refused');
      // Switching a user off revokes their tokens for good (access-ends.test.ts); a new one serves the rest.
      assert.equal((await admin.patch(`/api/operators/${operator.id}`, { is_active: true })).status, 200);
      const { body } = await createApiClient(server.url).post('/api/api-token-auth/', {
        email: 'cache-revoke@example.com',
        password: 'operator-password-1',
      });
      operator.client = createApiClient(server.url, { token: body.token });
      assert.equal((await operator.client.get('/api/auth/me')).status, 200, 'the user back with a new token');

      assert.equal((await admin.delete(`/api/operators/${operator.id}`)).status, 204);
      await eventually(async () => (await operator.client.get('/api/auth/me')).status === 401, promptlyMs, 'the removed user refused');
      assert.equal((await createApiClient(server.url, { token: 'not-a-token' }).get('/api/auth/me')).status, 401);
    });
  });
}
