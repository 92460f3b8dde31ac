import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchCannedResponses } from '../api/composer.api.ts';

/** Saved answers whose /shortcut starts with `query`; nothing is asked while `query` is null. */
export function useCannedResponses(query: string | null) {
  return useQuery({
    queryKey: ['canned-responses', query ?? ''],
    queryFn: ({ signal }) => fetchCannedResponses(query ?? '', signal),
    enabled: query !== null,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}
