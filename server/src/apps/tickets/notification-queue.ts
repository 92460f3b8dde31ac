import type { Kysely } from 'kysely';
import type { AnyDb } from '../../platform/index.ts';
import { decodeCursor, pageOf } from './pagination.ts';
import type { NotificationKind, TicketsTables } from './tables.ts';

export const outboxStates = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;

/** seed 001's telegram_notifications_queue: our notification rows, with their fate read from the outbox. */
export function createNotificationQueue(handle: AnyDb) {
  const db = handle as Kysely<TicketsTables>;
  const rows = () =>
    db
      .selectFrom('notifications')
      .leftJoin('outbox', 'outbox.id', 'notifications.outbox_id')
      .selectAll('notifications')
      .select(['outbox.state', 'outbox.sent_at', 'outbox.last_error', 'outbox.attempts']);
  type QueueRow = Awaited<ReturnType<ReturnType<typeof rows>['executeTakeFirstOrThrow']>>;

  const serialize = (row: QueueRow) => ({
    id: row.id,
    recipient_type: row.recipient_kind,
    recipient_id: row.recipient_id,
    notification_type: row.kind,
    reference_type: row.reference_type,
    reference_id: row.reference_id,
    message: row.text,
    sent: row.state === 'sent',
    sent_at: row.sent_at?.toISOString() ?? null,
    error: row.state === 'sent' ? null : (row.last_error ?? null),
    // A row delivery has removed (retention) reads as gone.
    state: row.state ?? 'gone',
    attempts: row.attempts ?? 0,
    outbox_id: row.outbox_id,
    created_at: row.created_at.toISOString(),
  });

  return {
    async list(filters: { state?: (typeof outboxStates)[number]; type?: NotificationKind; cursor?: string; limit: number }) {
      let query = rows()
        .orderBy('notifications.id', 'desc')
        .limit(filters.limit + 1);
      if (filters.state) query = query.where('outbox.state', '=', filters.state);
      if (filters.type) query = query.where('notifications.kind', '=', filters.type);
      const after = decodeCursor(filters.cursor);
      if (after !== undefined) query = query.where('notifications.id', '<', after);
      return pageOf((await query.execute()).map(serialize), filters.limit);
    },
    async find(id: number) {
      const row = await rows().where('notifications.id', '=', id).executeTakeFirst();
      return row ? serialize(row) : undefined;
    },
  };
}
