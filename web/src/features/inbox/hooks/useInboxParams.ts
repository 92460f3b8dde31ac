import { useCallback, useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { ChatFilter, ChatListParams, Messenger } from '../../conversations/index.ts';

// A messenger family as the server names them (channel modules' `messenger`); the server refuses unknown ones.
const messengerPattern = /^[a-z][a-z0-9_-]{0,39}$/;
const filters = new Set<string>(['all', 'unread', 'mine', 'unassigned']);

/** The inbox's state lives in the URL: a link or a reload shows the same list and conversation. */
export function useInboxParams() {
  const { chatId } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const filterParam = searchParams.get('filter') ?? '';
  const filter: ChatFilter = filters.has(filterParam) ? (filterParam as ChatFilter) : 'all';
  const q = searchParams.get('q') ?? '';
  const messengerParam = searchParams.get('messenger') ?? '';
  const messenger: Messenger | '' = messengerPattern.test(messengerParam) ? messengerParam : '';
  const channelId = searchParams.get('channel_id') ?? '';

  const update = useCallback(
    (changes: Partial<{ filter: ChatFilter; q: string; messenger: Messenger | ''; channel_id: string }>) => {
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (!value || (key === 'filter' && value === 'all')) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );

  const search = searchParams.toString();
  const listParams = useMemo<Omit<ChatListParams, 'q'>>(() => ({ filter, messenger, channelId }), [filter, messenger, channelId]);
  return { chatId, filter, q, messenger, channelId, listParams, update, search: search ? `?${search}` : '' };
}
