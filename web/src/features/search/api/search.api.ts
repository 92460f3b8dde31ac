// GET /api/search (server/src/inbox/search.routes.ts): messages and contacts the caller may see.
import type { SearchQuery, SearchResults } from '@switchboard/contract';
import { api, withQuery } from '../../../lib/api.ts';

export type { SearchMessage, SearchResults } from '@switchboard/contract';

export const searchLimit = 30;

export function search(q: string, signal?: AbortSignal): Promise<SearchResults> {
  const query: SearchQuery = { q: q.trim(), limit: searchLimit };
  return api.get<SearchResults>(withQuery('/api/search', query), { signal });
}
