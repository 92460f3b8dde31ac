// The AmoCRM connection set in Settings → Apps: secrets sealed at rest, masked to admins, kept when a save
// leaves them empty, tried by "test connection"; an AMOCRM_* variable that is set wins over its field (issue 18).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startFakeAmocrm, type FakeAmocrm } from '@switchboard/fake-amocrm';
import { createSecretBox, secretMask } from '../../platform/index.ts';
import { testAppSecret, testEngines } from '../../testing/harness.ts';
import { startDispatchWorld, type DispatchWorld } from '../../testing/dispatch.fixture.ts';

for (const engine of testEngines()) {
  describe(`AmoCRM connection from the app settings on ${engine}`, () => {
    let world: DispatchWorld;
    let other: FakeAmocrm;
    const stored = async () =>
      (
        await sql<{ value: unknown }>`SELECT value FROM app_settings WHERE key = 'apps.dispatch'`.execute(
          world.server.switchboard.database.db,
        )
      ).rows[0]?.value;
    const raw = async () => {
      const value = await stored();
      return (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
    };

    before(async () => {
      world = await startDispatchWorld(engine);
      other = await startFakeAmocrm({ subdomain: 'second' });
    });
    after(async () => {
      await world.stop();
      await other.stop();
    });

    test('a saved token is sealed in the row, masked in every answer, kept when saved empty; a set variable wins over its field', async () => {
      const { access_token: token } = world.amo.control.issueLongLivedToken();
      // Without settings, the environment's connection (OAuth with AMOCRM_REFRESH_TOKEN) is the one tested.
      const fromEnvironment = await world.admin.post('/api/dispatch/amocrm/test', {});
      assert.equal(fromEnvironment.status, 200, JSON.stringify(fromEnvironment.body));
      assert.equal(fromEnvironment.body.account.subdomain, 'example');

      const saved = await world.admin.put('/api/apps/dispatch/settings', { amocrm_subdomain: other.url, amocrm_access_token: token });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.body.amocrm_access_token, secretMask);
      assert.equal(saved.body.amocrm_client_secret, null, 'an unset secret shows as unset');
      const row = await raw();
      assert.ok(!JSON.stringify(row).includes(token), 'the token is not in the row as text');
      assert.match(String(row.amocrm_access_token), /^v1\./, 'the row holds the sealed token');
      const one = await world.admin.get('/api/apps/dispatch/settings');
      const all = await world.admin.get('/api/apps/settings');
      for (const body of [one.body, saved.body, all.body]) assert.ok(!JSON.stringify(body).includes(token), 'never answered');
      assert.equal(one.body.amocrm_access_token, secretMask);
      const schema = all.body.apps.find((each: any) => each.app === 'dispatch').schema;
      assert.equal(schema.properties.amocrm_access_token['x-secret'], true, 'the form learns which fields are secret');

      const tested = await world.admin.post('/api/dispatch/amocrm/test', {});
      assert.equal(tested.status, 200, JSON.stringify(tested.body));
      assert.equal(tested.body.account.subdomain, 'example', 'AMOCRM_BASE_URL is set: it wins over the field');
      assert.equal((await world.admin.get('/api/dispatch/amocrm')).body.mode, 'long_lived');

      // The form sends the mask (or nothing) back: the sealed token still opens to the same token.
      assert.equal(
        (await world.admin.put('/api/apps/dispatch/settings', { amocrm_access_token: '', time_zone: 'Asia/Almaty' })).status,
        200,
      );
      assert.equal((await world.admin.put('/api/apps/dispatch/settings', { amocrm_access_token: secretMask })).status, 200);
      assert.equal(createSecretBox(testAppSecret).decrypt(String((await raw()).amocrm_access_token)), token);
      const again = await world.admin.post('/api/dispatch/amocrm/test', {});
      assert.equal(again.status, 200, JSON.stringify(again.body));
    });

    test('without AMOCRM_* variables the settings alone connect: a wrong secret is a clear 422, an unreachable address a 502, null unconfigures', async () => {
      // A second server whose environment names no AmoCRM connection (empty values are unset).
      const bare = await startDispatchWorld(engine, {
        AMOCRM_BASE_URL: '',
        AMOCRM_CLIENT_ID: '',
        AMOCRM_CLIENT_SECRET: '',
        AMOCRM_REDIRECT_URI: '',
        AMOCRM_REFRESH_TOKEN: '',
      });
      try {
        const unconfigured = await bare.admin.post('/api/dispatch/amocrm/test', {});
        assert.equal(unconfigured.status, 409, JSON.stringify(unconfigured.body));
        assert.equal(unconfigured.body.error.code, 'amocrm_not_configured');

        const { access_token: token } = other.control.issueLongLivedToken();
        await bare.admin.put('/api/apps/dispatch/settings', { amocrm_subdomain: other.url, amocrm_access_token: token });
        const tested = await bare.admin.post('/api/dispatch/amocrm/test', {});
        assert.equal(tested.status, 200, JSON.stringify(tested.body));
        assert.equal(tested.body.account.subdomain, 'second', 'the settings name the account');

        await bare.admin.put('/api/apps/dispatch/settings', { amocrm_access_token: 'not-a-real-token' });
        const refused = await bare.admin.post('/api/dispatch/amocrm/test', {});
        assert.equal(refused.status, 422, JSON.stringify(refused.body));
        assert.equal(refused.body.error.code, 'amocrm_refused');
        assert.match(refused.body.error.message, /refused the credentials.*long-lived token/);
        assert.ok(!JSON.stringify(refused.body).includes('not-a-real-token'));

        const bad = await bare.admin.put('/api/apps/dispatch/settings', { amocrm_subdomain: 'not a subdomain!' });
        assert.equal(bad.status, 422, JSON.stringify(bad.body));
        assert.match(bad.body.error.message, /subdomain/);

        const closed = await startFakeAmocrm();
        const closedUrl = closed.url;
        await closed.stop();
        await bare.admin.put('/api/apps/dispatch/settings', { amocrm_subdomain: closedUrl });
        const unreachable = await bare.admin.post('/api/dispatch/amocrm/test', {});
        assert.equal(unreachable.status, 502, JSON.stringify(unreachable.body));
        assert.equal(unreachable.body.error.code, 'amocrm_unreachable');

        const cleared = await bare.admin.put('/api/apps/dispatch/settings', { amocrm_subdomain: null, amocrm_access_token: null });
        assert.deepEqual([cleared.body.amocrm_subdomain, cleared.body.amocrm_access_token], [null, null]);
        const back = await bare.admin.post('/api/dispatch/amocrm/test', {});
        assert.equal(back.status, 409, 'nothing configured again');
      } finally {
        await bare.stop();
      }
    });
  });
}
