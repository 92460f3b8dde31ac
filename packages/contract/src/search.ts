// GET /api/search: one search box over the messages and contacts the caller may see.
import { z } from 'zod';
import { text } from './primitives.ts';
import type { Contact, Message } from './inbox.ts';

/** The most results of each kind one search returns. */
export const maxSearchLimit = 100;

/** GET /api/search */
export const searchQuery = z.object({ q: text(200).trim().min(1), limit: z.coerce.number().int().min(1).max(maxSearchLimit).default(20) });
export type SearchQuery = z.infer<typeof searchQuery>;

/** A matching message, with the title of its conversation (a private chat's is its contact's name). */
export type SearchMessage = Message & { chat_title: string | null };

export interface SearchResults {
  /** Newest first; private notes are never searched. */
  messages: SearchMessage[];
  contacts: Contact[];
}
