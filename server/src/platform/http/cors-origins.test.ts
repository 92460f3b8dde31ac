// CORS_ALLOWED_ORIGINS against the real access rules: listed sites may use tokens; cookie sessions stay same-origin.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signInWithCookies, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';

const partner = 'https://partner.example.org';
const engine = testEngines()[0];

describe(`CORS and origins on ${engine}`, { skip: engine ? false : 'no engine selected' }, () => {
  let server: TestServer;
  let admin: ApiClient;
  before(async () => {
    server = await startTestServer(engine!, { CORS_ALLOWED_ORIGINS: `${partner}, https://second.example.com` });
    admin = await signInWithToken(server.url, testAdmin);
  });
  after(() => server?.stop());

  test('a listed origin gets its preflight answered and may call the API with a token', async () => {
    const preflight = await fetch(`${server.url}/api/chats`, {
      method: 'OPTIONS',
      headers: { origin: partner, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), partner);
    assert.equal(preflight.headers.get('access-control-allow-credentials'), null);
    const response = await admin.request('GET', '/api/chats', { headers: { origin: partner } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), partner);
  });

  test('a cookie session from a listed origin is still refused, and unlisted origins get no CORS headers', async () => {
    const { client } = await signInWithCookies(server.url, testAdmin);
    const fromPartner = await client.request('POST', '/api/labels', { body: { name: 'cross-site' }, headers: { origin: partner } });
    assert.equal(fromPartner.status, 403);
    const stranger = await admin.request('GET', '/api/chats', { headers: { origin: 'https://evil.example.com' } });
    assert.equal(stranger.headers.get('access-control-allow-origin'), null);
  });

  test('every kind of answer carries the security headers', async () => {
    for (const path of ['/api/health', '/docs', '/docs/json', '/', '/api/nope']) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
      assert.equal(response.headers.get('referrer-policy'), 'same-origin', path);
    }
  });
});
