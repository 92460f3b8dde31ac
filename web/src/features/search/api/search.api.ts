// GET /api/search (server/src/inbox/search.routes.ts): messages and contacts the caller may see.
import { api, withQuery } from '../../../lib/api.ts';
import type { Message } from '../../conversations/index.ts';
import type { ContactProfile } from '../../contacts/index.ts';

export interface SearchMessage extends Message {
  chat_title: string;
}

export interface SearchResults {
  messages: SearchMessage[];
  contacts: ContactProfile[];
}

export const searchLimit = 30;

export function search(q: string, signal?: AbortSignal): Promise<SearchResults> {
  return api.get<SearchResults>(withQuery('/api/search', { q: q.trim(), limit: searchLimit }), { signal });
}
