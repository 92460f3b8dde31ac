import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  fetchPreferences,
  fetchQueue,
  queueKey,
  retryNotification,
  updatePreferences,
  type NotificationKind,
  type QueueState,
} from '../api/notifications.api.ts';

export function useNotificationQueue(filters: { state?: QueueState | null; type?: NotificationKind | null }) {
  return useInfiniteQuery({
    queryKey: [...queueKey, filters],
    queryFn: ({ pageParam }) => fetchQueue(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    // Sending happens in the background: the page follows it without a reload.
    refetchInterval: 5000,
  });
}

export function useRetryNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryNotification,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queueKey }),
    meta: { silent: true },
  });
}

export function usePreferences(enabled = true) {
  return useQuery({ queryKey: ['notification-preferences'], queryFn: fetchPreferences, enabled });
}

export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: updatePreferences, onSuccess: (data) => queryClient.setQueryData(['notification-preferences'], data) });
}
