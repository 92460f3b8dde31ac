import { badRequest } from '../../platform/index.ts';
import { z } from 'zod';

/** `?cursor=&limit=` of every list (DESIGN "API conventions"); the cursor is the last id seen. */
export const pageQuery = z.object({
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (!cursor) return undefined;
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(id) || id <= 0) throw badRequest('The cursor is not one this API gave out: pass next_cursor from the previous page unchanged.', 'invalid_cursor');
  return id;
}

export function encodeCursor(id: number): string {
  return Buffer.from(String(id), 'utf8').toString('base64url');
}

/** Items fetched with limit + 1: the extra one only tells whether there is a next page. */
export function pageOf<T extends { id: number }>(items: T[], limit: number): { results: T[]; next_cursor: string | null } {
  const results = items.slice(0, limit);
  return { results, next_cursor: items.length > limit ? encodeCursor(results[results.length - 1]!.id) : null };
}
