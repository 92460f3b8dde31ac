import { z } from 'zod';
import { decodeCursor as decodeSignedCursor, encodeCursor, maxBigintId } from '../../platform/index.ts';

// `?cursor=&limit=` of every list is the contract's (pageQueryFields); the cursor carries the last id seen, signed.

const lastId = z.number().int().positive().max(maxBigintId);

export function decodeCursor(cursor: string | undefined): number | undefined {
  return decodeSignedCursor(cursor, lastId);
}

/** Items fetched with limit + 1: the extra one only tells whether there is a next page. */
export function pageOf<T extends { id: number }>(items: T[], limit: number): { results: T[]; next_cursor: string | null } {
  const results = items.slice(0, limit);
  return { results, next_cursor: items.length > limit ? encodeCursor(results[results.length - 1]!.id) : null };
}
