import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';

for (const engine of testEngines()) {
  describe(`APPS=linking (tickets off) on ${engine}`, () => {
    let server: TestServer;
    let admin: ApiClient;
    before(async () => {
      server = await startTestServer(engine, { APPS: 'linking' });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(() => server.stop());

    test('its routes and jobs are gone, and no portal client can sign in; staff linking remains', async () => {
      for (const [method, path] of [
        ['GET', '/api/tickets'],
        ['GET', '/api/invoices'],
        ['GET', '/api/clients'],
        ['POST', '/api/portal/login'],
        ['GET', '/api/notifications/queue'],
        ['GET', '/api/notifications/preferences'],
      ] as const) {
        const response = await admin.request(method, path, { body: method === 'POST' ? {} : undefined });
        assert.equal(response.status, 404, `${method} ${path}`);
      }
      assert.ok(!server.switchboard.jobs.queueNames().includes('tickets-portal-sessions'));
      assert.ok(server.switchboard.jobs.queueNames().includes('linking-cleanup'));
      assert.equal((await admin.get('/api/telegram/user/status')).status, 200);
      const clientOnly = await admin.get('/api/telegram/client/status');
      assert.equal(clientOnly.status, 403, 'no resolver admits clients, and staff are not clients');
    });
  });
}
