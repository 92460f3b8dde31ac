import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';

for (const engine of testEngines()) {
  describe(`GET /api/apps on ${engine}`, () => {
    let everything: TestServer;
    let linkingOnly: TestServer;
    before(async () => {
      [everything, linkingOnly] = await Promise.all([startTestServer(engine), startTestServer(engine, { APPS: 'linking' })]);
    });
    after(() => Promise.all([everything?.stop(), linkingOnly?.stop()]));

    test('lists the apps switched on, to any staff user, and to nobody else', async () => {
      const admin = await signInWithToken(everything.url, testAdmin);
      assert.deepEqual((await admin.get('/api/apps')).body, { apps: ['linking', 'tickets', 'dispatch', 'clinic', 'broadcasts'] });

      const created = await admin.post('/api/operators', {
        name: 'Olga',
        email: 'olga@example.com',
        password: 'operator-password-1',
        role: 'operator',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const operator: ApiClient = await signInWithToken(everything.url, { email: 'olga@example.com', password: 'operator-password-1' });
      const seen = await operator.get('/api/apps');
      assert.deepEqual([seen.status, seen.body], [200, { apps: ['linking', 'tickets', 'dispatch', 'clinic', 'broadcasts'] }]);

      assert.equal((await createApiClient(everything.url).get('/api/apps')).status, 401);
    });

    test('an app switched off with APPS is not listed', async () => {
      const admin = await signInWithToken(linkingOnly.url, testAdmin);
      assert.deepEqual((await admin.get('/api/apps')).body, { apps: ['linking'] });
    });
  });
}
