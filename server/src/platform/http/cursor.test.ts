import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { HttpError } from './errors.ts';
import { decodeCursor, encodeCursor, useCursorSecret } from './cursor.ts';

const position = z.object({ at: z.iso.datetime(), id: z.number().int().positive() });
const rejects = (cursor: string) =>
  assert.throws(
    () => decodeCursor(cursor, position),
    (error: unknown) => error instanceof HttpError && error.statusCode === 400 && error.code === 'invalid_cursor',
  );

test('a cursor carries its position back unchanged', () => {
  useCursorSecret('cursor-test-secret-cursor-test-secret-0001');
  const value = { at: '2026-01-31T12:00:00.000Z', id: 42 };
  assert.deepEqual(decodeCursor(encodeCursor(value), position), value);
  assert.equal(decodeCursor(undefined, position), undefined);
  assert.equal(decodeCursor('', position), undefined);
});

test('a truncated, tampered, forged or foreign cursor is a 400 invalid_cursor', () => {
  useCursorSecret('cursor-test-secret-cursor-test-secret-0001');
  const cursor = encodeCursor({ at: '2026-01-31T12:00:00.000Z', id: 42 });
  rejects(cursor.slice(0, -1));
  rejects(cursor.slice(0, cursor.indexOf('.')));
  rejects(`${cursor}.x`);
  const [, signature] = cursor.split('.');
  rejects(`${Buffer.from(JSON.stringify({ at: '2026-01-31T12:00:00.000Z', id: 1 })).toString('base64url')}.${signature}`);
  // The unsigned codecs this replaced: a bare base64 id or JSON.
  rejects(Buffer.from('1').toString('base64url'));
  rejects('%00');
  // Signed, but not the shape this list pages by.
  rejects(encodeCursor({ at: 'yesterday', id: -1 }));
  rejects(encodeCursor(7));
  // Signed with another APP_SECRET.
  useCursorSecret('cursor-test-secret-cursor-test-secret-0002');
  rejects(cursor);
});
