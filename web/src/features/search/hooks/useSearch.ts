import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { search } from '../api/search.api.ts';

/**
 * One query per search text. The signal is passed on, so when the text changes the request for the
 * old text is aborted (TanStack cancels a query nobody observes any more) and cannot arrive late.
 */
export function useSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: ['search', text],
    queryFn: ({ signal }) => search(text, signal),
    enabled: text.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
