import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { createLogger } from '../logger.ts';
import { createHttpApp, type HttpApp } from './app.ts';
import { idParam, moneyMinor, safeLink, text } from './schema.ts';

function capture() {
  const lines: Array<{ level: number; msg: string }> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line)),
      );
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('the last line of defence against hostile input', () => {
  let app: HttpApp;
  const log = capture();
  before(async () => {
    app = await createHttpApp({ logger: log.logger, version: 'test' });
    app.get('/api/items/:id', { schema: { params: z.object({ id: idParam }) } }, async (request) => ({ id: request.params.id }));
    app.post(
      '/api/echo',
      { schema: { body: z.object({ name: z.string(), price: moneyMinor.optional(), link: safeLink().optional() }) } },
      async (request) => request.body,
    );
    app.get('/api/find', { schema: { querystring: z.object({ q: text(20) }) } }, async (request) => ({ q: request.query.q }));
    // What PGlite and node-postgres throw when the database refuses a value.
    app.get('/api/refused/:sqlState', async (request) => {
      const { sqlState } = request.params as { sqlState: string };
      throw Object.assign(new Error(`invalid input syntax for type integer: "x" in SELECT secret FROM staff_users`), {
        code: sqlState,
        severity: 'ERROR',
      });
    });
    await app.ready();
  });
  after(() => app.close());

  test('a database data error is a 400 that leaks no SQL, logged as a warning', async () => {
    for (const sqlState of ['22P02', '22003', '22021', '22P05', '22007', '22008', '54000', '22001']) {
      const response = await app.inject({ method: 'GET', url: `/api/refused/${sqlState}` });
      assert.equal(response.statusCode, 400, sqlState);
      const body = response.json();
      assert.equal(body.error.code, 'invalid_value');
      assert.doesNotMatch(body.error.message, /SELECT|staff_users|syntax for type/);
    }
    assert.equal(log.lines.filter((line) => line.level >= 50).length, 0);
    // Anything else is still a 500 that says nothing.
    const other = await app.inject({ method: 'GET', url: '/api/refused/42P01' });
    assert.equal(other.statusCode, 500);
    assert.doesNotMatch(other.body, /SELECT/);
  });

  test('ids past the column range, NUL anywhere, fractional money and unsafe links are 400s naming the field', async () => {
    const cases = [
      { method: 'GET', url: '/api/items/2147483648', field: 'id' },
      { method: 'GET', url: '/api/items/1e400', field: 'id' },
      { method: 'GET', url: '/api/items/-1', field: 'id' },
      { method: 'GET', url: '/api/find?q=%00', field: 'q' },
      { method: 'GET', url: '/api/find?q=ok&%00=1', field: 'query' },
      { method: 'POST', url: '/api/echo', payload: { name: 'a\u0000b' }, field: 'name' },
      { method: 'POST', url: '/api/echo', payload: { name: 'a', nested: [{ 'k\u0000': 1 }] }, field: 'nested' },
      { method: 'POST', url: '/api/echo', payload: { name: 'a', price: 12.5 }, field: 'price' },
      { method: 'POST', url: '/api/echo', payload: { name: 'a', price: 1e300 }, field: 'price' },
      { method: 'POST', url: '/api/echo', payload: { name: 'a', link: 'javascript:alert(1)' }, field: 'link' },
      { method: 'POST', url: '/api/echo', payload: { name: 'a', link: 'data:text/html,<script>1</script>' }, field: 'link' },
    ] as const;
    for (const item of cases) {
      const response = await app.inject({ method: item.method, url: item.url, ...('payload' in item ? { payload: item.payload } : {}) });
      assert.equal(response.statusCode, 400, `${item.url} ${JSON.stringify('payload' in item ? item.payload : '')}`);
      assert.match(response.json().error.message, new RegExp(item.field));
    }
    for (const link of ['https://example.com/a.pdf', 'http://x.org', 'mailto:a@b.c', 'tg://resolve?domain=shop']) {
      assert.equal((await app.inject({ method: 'POST', url: '/api/echo', payload: { name: 'a', link } })).statusCode, 200, link);
    }
    assert.equal((await app.inject({ method: 'GET', url: '/api/items/2147483647' })).statusCode, 200);
  });
});
