// Issue 26: admins invite staff by a link that expires. The link works once, an admin may withdraw it, an
// expired, used or withdrawn one says so (410), and the person who opens it sets a name and a password.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';

for (const engine of testEngines()) {
  describe(`staff invites on ${engine}`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let clockMs = Date.parse('2030-01-10T09:00:00Z');

    before(async () => {
      server = await startTestServer(engine, {}, undefined, { clock: () => new Date(clockMs) });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => server.stop());

    const accept = (token: string, body: unknown) => createApiClient(server.url).post(`/api/invites/accept/${token}`, body);

    test('an invite makes one account: the person sets a name and password and is signed in; the link is then spent', async () => {
      const made = await admin.post('/api/invites', { email: 'new.operator@example.com', expires_in_hours: 24 });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.role, 'operator');
      assert.equal(made.body.state, 'pending');
      assert.equal(made.body.expires_at, '2030-01-11T09:00:00.000Z');
      const { token } = made.body;
      assert.ok(token.length >= 40);

      const info = await createApiClient(server.url).get(`/api/invites/accept/${token}`);
      assert.equal(info.status, 200);
      assert.deepEqual(info.body, { email: 'new.operator@example.com', role: 'operator', expires_at: '2030-01-11T09:00:00.000Z' });
      assert.equal((await accept(token, { name: 'Nurlan', password: 'short' })).status, 400, 'the password rule holds');
      assert.equal(
        (await accept(token, { name: 'Nurlan', password: 'long-enough-1', role: 'admin' })).status,
        400,
        'no role from the link',
      );

      const joined = await accept(token, { name: 'Nurlan', password: 'long-enough-1' });
      assert.equal(joined.status, 200, JSON.stringify(joined.body));
      assert.equal(joined.body.user.email, 'new.operator@example.com');
      assert.equal(joined.body.user.role, 'operator');
      assert.match(joined.headers.get('set-cookie') ?? '', /sb_session=/);
      const signedIn = await signInWithToken(server.url, { email: 'new.operator@example.com', password: 'long-enough-1' });
      assert.equal((await signedIn.get('/api/auth/me')).body.user.name, 'Nurlan');

      const again = await accept(token, { name: 'Someone', password: 'long-enough-2' });
      assert.equal(again.status, 410);
      assert.equal(again.body.error.code, 'invite_used');
      assert.equal((await createApiClient(server.url).get(`/api/invites/accept/${token}`)).body.error.code, 'invite_used');
      const listed = (await admin.get('/api/invites')).body.results.find((row: any) => row.id === made.body.id);
      assert.equal(listed.state, 'used');
      assert.equal(listed.token, undefined, 'the token is never shown again');
      assert.equal((await admin.delete(`/api/invites/${made.body.id}`)).body.error.code, 'invite_used');
      // Someone on the staff cannot be invited again.
      assert.equal((await admin.post('/api/invites', { email: 'NEW.operator@example.com' })).body.error.code, 'email_taken');
      assert.equal((await signedIn.post('/api/invites', { email: 'x@example.com' })).status, 403, 'admins only');
      assert.equal((await signedIn.get('/api/invites')).status, 403);
    });

    test('an expired link and a withdrawn one say why; an unknown one is 404', async () => {
      const expiring = (await admin.post('/api/invites', { email: 'late@example.com', role: 'admin', expires_in_hours: 1 })).body;
      const withdrawn = (await admin.post('/api/invites', { email: 'withdrawn@example.com' })).body;
      assert.equal(expiring.role, 'admin');
      clockMs += 60 * 60_000;
      const expired = await accept(expiring.token, { name: 'Late', password: 'long-enough-1' });
      assert.equal(expired.status, 410);
      assert.equal(expired.body.error.code, 'invite_expired');
      assert.equal((await createApiClient(server.url).get(`/api/invites/accept/${expiring.token}`)).body.error.code, 'invite_expired');

      assert.equal((await admin.delete(`/api/invites/${withdrawn.id}`)).status, 204);
      const refused = await accept(withdrawn.token, { name: 'W', password: 'long-enough-1' });
      assert.equal(refused.status, 410);
      assert.equal(refused.body.error.code, 'invite_revoked');
      const states = Object.fromEntries((await admin.get('/api/invites')).body.results.map((row: any) => [row.email, row.state]));
      assert.equal(states['late@example.com'], 'expired');
      assert.equal(states['withdrawn@example.com'], 'revoked');
      // Neither made an account.
      const emails = (await admin.get('/api/operators')).body.results.map((row: any) => row.email);
      assert.ok(!emails.includes('late@example.com') && !emails.includes('withdrawn@example.com'));

      assert.equal((await createApiClient(server.url).get(`/api/invites/accept/${'x'.repeat(43)}`)).status, 404);
      assert.equal((await admin.delete('/api/invites/999999')).status, 404);
      for (const body of [
        { email: 'not-an-email' },
        { email: 'a@example.com', expires_in_hours: 0 },
        { email: 'a@example.com', role: 'owner' },
      ])
        assert.equal((await admin.post('/api/invites', body)).status, 400, JSON.stringify(body));
    });
  });
}
