// GET /api/search: one search box over the messages and contacts the caller may see.
import { z } from 'zod';
import { cursorParam, text } from './primitives.ts';
import type { Contact, Message } from './inbox.ts';

/** The most results of each kind one search returns. */
export const maxSearchLimit = 100;

/** How many of the newest matching messages `order=relevance` ranks for its one page. */
export const relevanceCandidates = 300;

/**
 * GET /api/search. Messages match by word (Russian and English stems), by the beginning of a word as typed, by a
 * "quoted phrase", every word of the query; newest first (`next_cursor` pages back), or with `order=relevance` one
 * page of the newest matches ranked by relevance.
 */
export const searchQuery = z.object({
  q: text(200).trim().min(1),
  limit: z.coerce.number().int().min(1).max(maxSearchLimit).default(20),
  order: z.enum(['newest', 'relevance']).default('newest'),
  cursor: cursorParam.optional(),
});
type ParsedSearchQuery = z.infer<typeof searchQuery>;
/** What a caller sends (order may be left out: newest first). */
export type SearchQuery = Omit<ParsedSearchQuery, 'order'> & Partial<Pick<ParsedSearchQuery, 'order'>>;

/** A matching message, with the title of its conversation (a private chat's is its contact's name). */
export type SearchMessage = Message & { chat_title: string | null };

export interface SearchResults {
  /** Newest first (or by relevance when asked); private notes are never searched. */
  messages: SearchMessage[];
  /** The next page of older messages (newest-first order only); null when there is none. */
  next_cursor: string | null;
  contacts: Contact[];
}
