import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { sanitizeDeep, sanitizeText } from './sanitize.ts';

test('NUL characters are dropped and lone surrogates become U+FFFD; valid text, emoji included, is unchanged', () => {
  assert.equal(sanitizeText('a\u0000b'), 'ab');
  assert.equal(sanitizeText('x\ud800y\udc00z'), 'x\ufffdy\ufffdz');
  assert.equal(sanitizeText('Привет 👋🏽 Қазақ'), 'Привет 👋🏽 Қазақ');
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (value) => {
      const clean = sanitizeText(value);
      assert.ok(!clean.includes('\u0000'));
      assert.ok(clean.isWellFormed());
      // Encodable as UTF-8 without loss: what PostgreSQL text and jsonb columns store.
      assert.equal(Buffer.from(clean, 'utf8').toString('utf8'), clean);
    }),
    { numRuns: 2_000 },
  );
});

test('every string in nested objects and arrays is cleaned; dates and numbers are kept as they are', () => {
  const date = new Date(0);
  const cleaned = sanitizeDeep({ text: 'a\u0000', list: [{ name: '\udfff' }, 3], date, flag: true });
  assert.deepEqual(cleaned, { text: 'a', list: [{ name: '\ufffd' }, 3], date, flag: true });
  assert.equal(cleaned.date, date);
});

test('what needs no cleaning comes back as it is (no copy); what does is a copy, the input untouched', () => {
  const clean = { text: 'Привет 👋🏽', list: [{ name: 'a' }, 3, Number.NaN], nested: { deep: ['x'] } };
  assert.equal(sanitizeDeep(clean), clean);
  const dirty = { keep: { name: 'a' }, list: ['ok', 'b\u0000'] };
  const cleaned = sanitizeDeep(dirty);
  assert.deepEqual(cleaned, { keep: { name: 'a' }, list: ['ok', 'b'] });
  assert.equal(dirty.list[1], 'b\u0000');
  fc.assert(
    fc.property(fc.json({ depthSize: 'small' }), (text) => {
      const value: unknown = JSON.parse(text);
      assert.equal(sanitizeDeep(value), value);
    }),
    { numRuns: 300 },
  );
});
