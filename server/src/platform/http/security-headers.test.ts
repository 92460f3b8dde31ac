import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../logger.ts';
import { createHttpApp, type HttpApp } from './app.ts';

const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

async function appWith(options: { publicUrl?: string; frameAncestors?: string; corsAllowedOrigins?: string[] } = {}): Promise<HttpApp> {
  const app = await createHttpApp({ logger: quiet, version: 'test', ...options });
  app.get('/api/ping', async () => ({ ok: true }));
  app.post('/api/ping', async () => ({ ok: true }));
  app.get('/page', async (_request, reply) => reply.type('text/html').send('<!doctype html><p>hi</p>'));
  await app.ready();
  return app;
}

describe('security headers', () => {
  let app: HttpApp;
  before(async () => (app = await appWith()));
  after(() => app.close());

  test('API answers, errors and 404s: a locked-down CSP, nosniff, no framing, no caching', async () => {
    for (const url of ['/api/ping', '/api/nope', '/api/ping?x=%00']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
      assert.match(String(response.headers['content-security-policy']), /default-src 'none'.*frame-ancestors 'none'/, url);
      assert.equal(response.headers['cache-control'], 'no-store', url);
      assert.equal(response.headers['referrer-policy'], 'same-origin', url);
      assert.equal(response.headers['x-frame-options'], 'DENY', url);
      assert.equal(response.headers['strict-transport-security'], undefined, 'no HSTS without an https PUBLIC_URL');
    }
  });

  test('the web app and the API docs each get their own policy', async () => {
    const page = await app.inject({ method: 'GET', url: '/page' });
    const pagePolicy = String(page.headers['content-security-policy']);
    assert.match(pagePolicy, /script-src 'self'(;|$)/);
    assert.match(pagePolicy, /frame-ancestors 'none'/);
    assert.match(pagePolicy, /object-src 'none'/);
    const docs = await app.inject({ method: 'GET', url: '/docs' });
    assert.equal(docs.statusCode, 200);
    const docsPolicy = String(docs.headers['content-security-policy']);
    assert.match(docsPolicy, /script-src 'self'/);
    assert.doesNotMatch(docsPolicy, /unsafe-eval/);
    assert.notEqual(docsPolicy, pagePolicy);
    assert.equal(docs.headers['x-content-type-options'], 'nosniff');
    const json = await app.inject({ method: 'GET', url: '/docs/json' });
    assert.equal(json.headers['x-content-type-options'], 'nosniff');
  });

  test('HSTS with an https PUBLIC_URL; framing as FRAME_ANCESTORS says', async () => {
    const configured = await appWith({ publicUrl: 'https://crm.example.com', frameAncestors: "'self' https://intranet.example.com" });
    try {
      const page = await configured.inject({ method: 'GET', url: '/page' });
      assert.match(String(page.headers['strict-transport-security']), /max-age=31536000/);
      assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'self' https:\/\/intranet\.example\.com/);
      assert.equal(page.headers['x-frame-options'], undefined);
    } finally {
      await configured.close();
    }
  });
});

describe('CORS_ALLOWED_ORIGINS', () => {
  let app: HttpApp;
  before(async () => (app = await appWith({ corsAllowedOrigins: ['https://partner.example.org'] })));
  after(() => app.close());

  test('a listed origin gets a preflight answer and CORS headers, never with credentials', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/ping',
      headers: {
        origin: 'https://partner.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://partner.example.org');
    assert.match(String(preflight.headers['access-control-allow-headers']), /Authorization/);
    assert.equal(preflight.headers['access-control-allow-credentials'], undefined);
    const actual = await app.inject({ method: 'GET', url: '/api/ping', headers: { origin: 'https://partner.example.org' } });
    assert.equal(actual.headers['access-control-allow-origin'], 'https://partner.example.org');
  });

  test('an unlisted origin gets no CORS headers', async () => {
    for (const origin of ['https://evil.example.com', 'https://partner.example.org.evil.com', 'http://partner.example.org']) {
      const response = await app.inject({ method: 'GET', url: '/api/ping', headers: { origin } });
      assert.equal(response.headers['access-control-allow-origin'], undefined, origin);
    }
  });
});
