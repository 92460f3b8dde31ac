import { api, withQuery, type Page } from '../../../lib/api.ts';

export const notificationKinds = ['ticket_created', 'ticket_comment', 'ticket_status', 'invoice_issued'] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const queueStates = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type QueueState = (typeof queueStates)[number] | 'gone';
export const queueStateColors: Record<QueueState, string> = {
  queued: 'blue',
  sending: 'yellow',
  sent: 'green',
  failed: 'red',
  cancelled: 'gray',
  gone: 'gray',
};

/** One row of seed 001's notification queue. */
export interface QueuedNotification {
  id: number;
  recipient_type: 'client' | 'staff';
  recipient_id: number;
  notification_type: NotificationKind;
  reference_type: string;
  reference_id: number;
  message: string;
  sent: boolean;
  sent_at: string | null;
  error: string | null;
  state: QueueState;
  attempts: number;
  outbox_id: number | null;
  created_at: string;
}

export interface NotificationPreferences {
  kinds: Record<NotificationKind, boolean>;
  defaults: Record<NotificationKind, boolean>;
  language: 'ru' | 'kk' | 'en' | null;
}

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

export function updatePreferences(patch: {
  kinds?: Partial<Record<NotificationKind, boolean>>;
  language?: NotificationPreferences['language'];
}): Promise<NotificationPreferences> {
  return api.put('/api/notifications/preferences', patch);
}
