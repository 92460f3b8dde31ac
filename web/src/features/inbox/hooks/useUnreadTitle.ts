import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../../lib/api.ts';
import { unreadSummaryKey } from '../../conversations/index.ts';

export interface UnreadSummary {
  unread_chats: number;
  unread_messages: number;
}

/**
 * The tab title counts the conversations this operator has not read ("(3) Switchboard"), so a tab in
 * the background says when someone wrote. The count is the operator's own (GET /api/chats/unread);
 * realtime events refresh it.
 */
export function useUnreadTitle(): void {
  const { data } = useQuery({
    queryKey: unreadSummaryKey,
    queryFn: ({ signal }) => api.get<UnreadSummary>('/api/chats/unread', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    meta: { silent: true },
  });
  const count = data?.unread_chats ?? 0;
  useEffect(() => {
    document.title = count > 0 ? `(${count > 99 ? '99+' : count}) Switchboard` : 'Switchboard';
  }, [count]);
  useEffect(() => () => void (document.title = 'Switchboard'), []);
}
