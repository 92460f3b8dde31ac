import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../logger.ts';
import { createHttpApp, type HttpApp } from './app.ts';
import { registerWebApp } from './web-app.ts';

const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
const indexHtml =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>';
const bigScript = `console.log(${JSON.stringify('x'.repeat(4000))});`;

async function appWith(distDir: string): Promise<HttpApp> {
  const app = await createHttpApp({ logger: quiet, version: 'test' });
  app.get('/api/ping', async () => ({ ok: true }));
  registerWebApp(app, { distDir });
  await app.ready();
  return app;
}

describe('web app serving', () => {
  let dist: string;
  let app: HttpApp;
  before(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-web-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.mkdirSync(path.join(dist, '.vite'));
    fs.writeFileSync(path.join(dist, 'index.html'), indexHtml);
    fs.writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    fs.writeFileSync(path.join(dist, '.vite', 'manifest.json'), '{}');
    fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), bigScript);
    fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.js.gz'), zlib.gzipSync(bigScript));
    fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.js.br'), zlib.brotliCompressSync(bigScript));
    app = await appWith(dist);
  });
  after(async () => {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  test('the page at / is index.html, revalidated every time, with a content security policy', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, indexHtml);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.equal(response.headers['cache-control'], 'no-cache');
    assert.match(String(response.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
  });

  test('client routes fall back to index.html so a reload keeps the page', async () => {
    for (const url of ['/inbox', '/inbox/42?filter=unread', '/settings/messengers', '/login']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.body, indexHtml, url);
    }
  });

  test('hashed assets are cached for a year; public files are revalidated', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    assert.equal(asset.statusCode, 200);
    assert.equal(asset.body, bigScript);
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(asset.headers['content-type']), /^text\/javascript/);
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    assert.equal(icon.statusCode, 200);
    assert.equal(icon.headers['content-type'], 'image/svg+xml');
    assert.equal(icon.headers['cache-control'], 'no-cache');
  });

  test('precompressed copies are sent to browsers that accept them', async () => {
    const brotli = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(brotli.headers['content-encoding'], 'br');
    assert.equal(zlib.brotliDecompressSync(brotli.rawPayload).toString(), bigScript);
    const gzip = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(zlib.gunzipSync(gzip.rawPayload).toString(), bigScript);
    const refused = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'br;q=0, identity' } });
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.equal(refused.body, bigScript);
  });

  test('an unchanged file answers 304 to its ETag, and HEAD sends no body', async () => {
    const first = await app.inject({ method: 'GET', url: '/' });
    const again = await app.inject({ method: 'GET', url: '/', headers: { 'if-none-match': String(first.headers.etag) } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    const head = await app.inject({ method: 'HEAD', url: '/assets/index-abc123.js' });
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
    assert.equal(head.headers['content-length'], String(bigScript.length));
  });

  test('server paths are never shadowed: unknown ones stay JSON 404s', async () => {
    assert.deepEqual((await app.inject({ method: 'GET', url: '/api/ping' })).json(), { ok: true });
    for (const url of ['/api', '/api/nope', '/ws/messages', '/webhooks/telegram/1', '/metrics', '/docs/nope.js']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().error.code, 'not_found', url);
    }
    const docs = await app.inject({ method: 'GET', url: '/docs/json' });
    assert.equal(docs.statusCode, 200);
    assert.ok(docs.json().openapi);
  });

  test('missing assets and dotfiles are 404s, never the page', async () => {
    for (const url of ['/assets/gone-123.js', '/robots.txt', '/.vite/manifest.json', '/assets/.hidden', '/a%00b']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      assert.notEqual(response.body, indexHtml, url);
    }
  });

  test('no path reaches a file outside the build', async () => {
    const secret = path.join(path.dirname(dist), `${path.basename(dist)}-secret.txt`);
    fs.writeFileSync(secret, 'top secret');
    try {
      const name = path.basename(secret);
      for (const url of [`/../${name}`, `/%2e%2e/${name}`, `/..%2f${name}`, `/assets/..%2f..%2f${name}`, `/assets/%5c..%5c..%5c${name}`]) {
        const response = await app.inject({ method: 'GET', url });
        assert.ok(!response.body.includes('top secret'), url);
      }
    } finally {
      fs.rmSync(secret, { force: true });
    }
  });

  test('without a build the page says how to build it, with 503', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-web-empty-'));
    const bare = await appWith(empty);
    try {
      const response = await bare.inject({ method: 'GET', url: '/inbox' });
      assert.equal(response.statusCode, 503);
      assert.match(response.body, /npm run build:web/);
      assert.equal((await bare.inject({ method: 'GET', url: '/api/ping' })).statusCode, 200);
    } finally {
      await bare.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
