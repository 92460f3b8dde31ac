// The tickets app's notifications: the request and answer types are the API contract's (@switchboard/contract,
// ticket-notifications.ts).
import type {
  NotificationKind,
  NotificationPreferences,
  NotificationPreferencesPatch,
  QueuedNotification,
  QueueState,
} from '@switchboard/contract';
import { api, withQuery, type Page } from '../../../lib/api.ts';

export { notificationKinds, notificationOutboxStates as queueStates } from '@switchboard/contract/tickets-values';
export type { NotificationKind, NotificationPreferences, QueuedNotification, QueueState } from '@switchboard/contract';
export const queueStateColors: Record<QueueState, string> = {
  queued: 'blue',
  sending: 'yellow',
  sent: 'green',
  failed: 'red',
  cancelled: 'gray',
  gone: 'gray',
};

export const queueKey = ['notification-queue'] as const;

export function fetchQueue(
  filters: { state?: QueueState | null; type?: NotificationKind | null },
  cursor?: string | null,
): Promise<Page<QueuedNotification>> {
  return api.get(withQuery('/api/notifications/queue', { ...filters, cursor, limit: 50 }));
}

export function retryNotification(id: number): Promise<QueuedNotification> {
  return api.post(`/api/notifications/queue/${id}/retry`);
}

export function fetchPreferences(): Promise<NotificationPreferences> {
  return api.get('/api/notifications/preferences');
}

export function updatePreferences(patch: NotificationPreferencesPatch): Promise<NotificationPreferences> {
  return api.put('/api/notifications/preferences', patch);
}
