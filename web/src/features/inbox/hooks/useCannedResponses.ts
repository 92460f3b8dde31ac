import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchCannedResponses } from '../api/composer.api.ts';
import type { Chat } from '../../conversations/index.ts';

/** Saved answers whose /shortcut starts with `query`, filled for `chatId`; nothing is asked while `query` is null. */
export function useCannedResponses(query: string | null, chatId?: Chat['id']) {
  return useQuery({
    queryKey: ['canned-responses', query ?? '', chatId ?? null],
    queryFn: ({ signal }) => fetchCannedResponses(query ?? '', chatId, signal),
    enabled: query !== null,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}
