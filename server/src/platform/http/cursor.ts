import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { badRequest } from './errors.ts';

/**
 * The one cursor codec of every paged route: the position as JSON, signed with
 * an HMAC whose key is derived from APP_SECRET, so a crafted or truncated
 * cursor is a 400 `invalid_cursor` before it reaches a query. Until
 * useCursorSecret is called (main.ts does at start) a random key is used,
 * which is enough for one process but not for several behind one balancer.
 */
let key: Buffer = randomBytes(32);
const signatureBytes = 16;

export function useCursorSecret(appSecret: string): void {
  key = Buffer.from(hkdfSync('sha256', appSecret, 'switchboard', 'cursor-v1', 32));
}

const sign = (body: string) => createHmac('sha256', key).update(body).digest().subarray(0, signatureBytes);

export function encodeCursor(position: unknown): string {
  const body = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
  return `${body}.${sign(body).toString('base64url')}`;
}

const invalidCursor = () =>
  badRequest(
    'The cursor is not one this API gave out (or the server key changed): pass next_cursor from the previous page unchanged, or start again without it.',
    'invalid_cursor',
  );

/** The position a cursor carries, checked against `schema`; undefined when there is no cursor. */
export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (!cursor) return undefined;
  const [body, signature, extra] = cursor.split('.');
  if (!body || !signature || extra !== undefined) throw invalidCursor();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== signatureBytes || !timingSafeEqual(given, sign(body))) throw invalidCursor();
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = schema.safeParse(position);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

/**
 * One page of rows fetched with `limit + 1` (the extra row only says there is more), with the
 * signed cursor to the next page: `positionOf` names what the cursor carries (an id, or a sort key and id).
 */
export function pageOf<Row, Position>(
  rows: Row[],
  limit: number,
  positionOf: (last: Row) => Position,
): { results: Row[]; next_cursor: string | null } {
  const results = rows.slice(0, limit);
  const last = results.at(-1);
  return { results, next_cursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null };
}
