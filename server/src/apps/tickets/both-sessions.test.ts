// One browser signed in to the staff app and to the client portal at once sends both session cookies; the
// portal's requests say which session they speak for and must act as the client, never as staff.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signInWithCookies, signInWithToken } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { createPortalClient } from '../../testing/portal.fixture.ts';

for (const engine of testEngines()) {
  describe(`staff and portal sessions in one browser on ${engine}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine);
    });
    after(async () => server.stop());

    test('X-Switchboard-As: client makes a request with both cookies act as the client; without it staff wins', async () => {
      const staffToken = await signInWithToken(server.url, testAdmin);
      const client = await createPortalClient(server.url, staffToken, { name: 'Both Cookies', email: 'both@example.com' });
      assert.equal((await staffToken.put('/api/apps/tickets/settings', { business_name: 'ТОО «Окна»' })).status, 200);
      assert.equal(
        (await client.api.get('/api/portal/me')).body.client.business_name,
        'ТОО «Окна»',
        'the portal header names the business',
      );
      const staff = await signInWithCookies(server.url, testAdmin);
      const cookies = `${staff.cookies}; ${client.cookies}`;
      const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
        fetch(`${server.url}${path}`, {
          method,
          headers: { cookie: cookies, 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });

      const asClient = await send(
        'POST',
        '/api/tickets',
        { 'x-switchboard-as': 'client', 'x-csrf-token': client.csrf },
        { subject: 'From the portal' },
      );
      assert.equal(asClient.status, 201, await asClient.clone().text());
      const ticket = (await asClient.json()) as { id: number; client_id: number };
      assert.equal(ticket.client_id, client.id, 'the ticket belongs to the client who opened it');

      // The staff CSRF token does not pass for the client's session.
      const wrongCsrf = await send(
        'POST',
        '/api/tickets',
        { 'x-switchboard-as': 'client', 'x-csrf-token': staff.csrf },
        { subject: 'Forged' },
      );
      assert.equal(wrongCsrf.status, 403);

      // Without the header, staff wins: a staff ticket needs a client_id.
      const asStaff = await send('POST', '/api/tickets', { 'x-csrf-token': staff.csrf }, { subject: 'No client', client_id: client.id });
      assert.equal(asStaff.status, 201, await asStaff.clone().text());

      // Asking to be a client on a staff-only route, or with no client session, gives no client powers.
      const staffOnly = await send('GET', '/api/operators', { 'x-switchboard-as': 'client' });
      assert.equal(staffOnly.status, 200, 'a staff-only route ignores the header and answers the staff session');
      const noClient = await fetch(`${server.url}/api/tickets`, { headers: { cookie: staff.cookies, 'x-switchboard-as': 'client' } });
      assert.equal(noClient.status, 200, 'with no client session the staff session answers');
    });
  });
}
