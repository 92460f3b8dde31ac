import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchCannedResponses } from '../api/composer.api.ts';

/** "/gre" at the start of an empty message: the shortcut typed so far, or null when no suggestion list should open. */
export function shortcutQuery(text: string): string | null {
  const match = /^\/([\p{L}\p{N}_-]{0,40})$/u.exec(text);
  return match ? match[1]! : null;
}

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
