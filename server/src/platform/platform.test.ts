import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiClient, signInWithCookies, signInWithToken } from '../testing/api-client.ts';
import { createTestDatabase, startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';
import { WrongAppSecretError } from './secret-check.ts';

for (const engine of testEngines()) {
  describe(`platform on ${engine}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine);
    });
    after(() => server.stop());

    test('health is public and says healthy', async () => {
      const response = await createApiClient(server.url).get('/api/health');
      assert.equal(response.status, 200);
      assert.equal(response.body.status, 'healthy');
      assert.equal(response.body.database, engine);
      assert.ok(Date.parse(response.body.timestamp));
    });

    test('staff routes need a caller: 401 without, 403 for an operator on an admin route', async () => {
      const anonymous = createApiClient(server.url);
      const status = await anonymous.get('/api/system/status');
      assert.equal(status.status, 401);
      assert.equal(status.body.error.code, 'not_authenticated');
      assert.equal((await anonymous.get('/api/auth/me')).status, 401);
      assert.equal((await createApiClient(server.url, { token: 'made-up' }).get('/api/auth/me')).status, 401);

      const admin = await signInWithToken(server.url, testAdmin);
      const adminStatus = await admin.get('/api/system/status');
      assert.equal(adminStatus.status, 200);
      assert.equal(adminStatus.body.database.engine, engine);
      assert.ok(adminStatus.body.database.size_bytes > 0);

      await server.switchboard.auth.createUser({ email: 'op@example.com', password: 'operator-pass', role: 'operator' });
      const operator = await signInWithToken(server.url, { email: 'op@example.com', password: 'operator-pass' });
      assert.equal((await operator.get('/api/auth/me')).body.user.role, 'operator');
      const refused = await operator.get('/api/system/status');
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'forbidden');
      assert.equal((await operator.get('/metrics')).status, 403);
      const metrics = await admin.request('GET', '/metrics');
      assert.equal(metrics.status, 200);
      assert.match(String(metrics.body), /process_resident_memory_bytes/);
    });

    test('tokens work as "Token" and "Bearer"; usernames are e-mails', async () => {
      const response = await createApiClient(server.url).post('/api/api-token-auth/', {
        username: testAdmin.email.toUpperCase(),
        password: testAdmin.password,
      });
      assert.equal(response.status, 200);
      const bearer = await createApiClient(server.url).request('GET', '/api/auth/me', {
        headers: { authorization: `Bearer ${response.body.token}` },
      });
      assert.equal(bearer.status, 200);
      assert.equal(bearer.body.user.email, testAdmin.email);
    });

    test('a wrong password is refused without saying which part was wrong, then rate-limited', async () => {
      const anonymous = createApiClient(server.url);
      const wrong = await anonymous.post('/api/auth/login', { email: 'limit@example.com', password: 'nope' });
      assert.equal(wrong.status, 401);
      assert.match(wrong.body.error.message, /e-mail or password is wrong/);
      for (let attempt = 0; attempt < 9; attempt++)
        await anonymous.post('/api/auth/login', { email: 'limit@example.com', password: 'nope' });
      const limited = await anonymous.post('/api/auth/login', { email: 'limit@example.com', password: 'nope' });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error.code, 'too_many_attempts');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      const missing = await anonymous.post('/api/auth/login', { password: 'x' });
      assert.equal(missing.status, 400);
      assert.match(missing.body.error.message, /email/);
    });

    test('cookie sessions need the CSRF header on state-changing requests, and refuse foreign origins', async () => {
      const { cookies, csrf } = await signInWithCookies(server.url, testAdmin);
      const withoutCsrf = createApiClient(server.url, { cookies });
      assert.equal((await withoutCsrf.get('/api/auth/me')).status, 200, 'reads need no CSRF token');
      const refused = await withoutCsrf.post('/api/auth/logout');
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'csrf_failed');
      const wrong = createApiClient(server.url, { cookies, csrf: `${csrf}x` });
      assert.equal((await wrong.post('/api/auth/logout')).status, 403);
      const foreign = await createApiClient(server.url, { cookies, csrf }).request('POST', '/api/auth/logout', {
        body: {},
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(foreign.status, 403);
      const me = await createApiClient(server.url, { cookies, csrf }).get('/api/auth/me');
      assert.equal(me.status, 200);
      const logout = await createApiClient(server.url, { cookies, csrf }).post('/api/auth/logout');
      assert.equal(logout.status, 200);
      assert.equal((await withoutCsrf.get('/api/auth/me')).status, 401, 'the session is gone after sign-out');
    });

    test('malformed JSON is a 400 that says so', async () => {
      const response = await createApiClient(server.url).request('POST', '/api/auth/login', { raw: '{"email":' });
      assert.equal(response.status, 400);
      assert.equal(response.body.error.code, 'malformed_json');
    });

    test('the OpenAPI document is served', async () => {
      const response = await createApiClient(server.url).get('/docs/json');
      assert.equal(response.status, 200);
      assert.ok(response.body.paths['/api/health']);
      assert.ok(response.body.paths['/api/api-token-auth/']);
    });
  });

  describe(`first run on ${engine}`, () => {
    test('without ADMIN_EMAIL the first admin needs the setup code from the log', async () => {
      const server = await startTestServer(engine, { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
      try {
        const line = server.logs().find((entry) => entry.includes('setup code'));
        assert.ok(line, 'the setup code is logged');
        const code = /setup code (\w+)/.exec(JSON.parse(line).msg)![1]!;
        const anonymous = createApiClient(server.url);
        assert.deepEqual((await anonymous.get('/api/setup/status')).body, { needs_setup: true, needs_business_details: false });
        const wrong = await anonymous.post('/api/setup', { setup_code: 'WRONGCODE', email: 'boss@example.com', password: 'boss-password' });
        assert.equal(wrong.status, 403);
        const created = await anonymous.post('/api/setup', {
          setup_code: code.toLowerCase(),
          email: 'boss@example.com',
          password: 'boss-password',
        });
        assert.equal(created.status, 200);
        assert.equal(created.body.user.role, 'admin');
        const again = await anonymous.post('/api/setup', { setup_code: code, email: 'thief@example.com', password: 'thief-password' });
        assert.equal(again.status, 409);
        assert.deepEqual((await anonymous.get('/api/setup/status')).body, { needs_setup: false, needs_business_details: true });
        // "Later" on the business step saves the details empty: setup is then done, also after a reload.
        const admin = createApiClient(server.url, {
          token: (await anonymous.post('/api/api-token-auth/', { email: 'boss@example.com', password: 'boss-password' })).body.token,
        });
        assert.equal((await admin.put('/api/settings/business', {})).status, 200);
        assert.deepEqual((await anonymous.get('/api/setup/status')).body, { needs_setup: false, needs_business_details: false });
      } finally {
        await server.stop();
      }
    });
  });

  describe(`failures on ${engine}`, () => {
    test('health turns 503 when the database is gone', async () => {
      const server = await startTestServer(engine);
      try {
        if (engine === 'postgres') {
          const pg = (await import('pg')).default;
          const url = new URL(server.databaseUrl!);
          const name = url.pathname.slice(1);
          url.pathname = '/postgres';
          const admin = new pg.Client(url.toString());
          await admin.connect();
          await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
          await admin.end();
        } else {
          await server.switchboard.database.pglite!.close();
        }
        const response = await createApiClient(server.url).get('/api/health');
        assert.equal(response.status, 503);
        assert.equal(response.body.status, 'unhealthy');
        assert.match(response.body.problems.join(' '), /database/);
      } finally {
        await server.stop().catch(() => undefined);
      }
    });

    if (engine === 'postgres') {
      test('a process with another APP_SECRET refuses to start', async () => {
        const database = await createTestDatabase(engine);
        const first = await startTestServer(engine, {}, database);
        await first.stop({ keepData: true });
        await assert.rejects(
          startTestServer(engine, { APP_SECRET: 'another-secret-another-secret-another-1' }, database),
          (error: unknown) => {
            assert.ok(error instanceof WrongAppSecretError);
            assert.match(error.message, /APP_SECRET does not match/);
            return true;
          },
        );
        await database.drop();
      });
    }
  });
}
