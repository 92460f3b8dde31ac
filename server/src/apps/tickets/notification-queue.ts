import { notificationOutboxStates, type QueuedNotification } from '@switchboard/contract';
import type { Kysely, Selectable } from 'kysely';
import type { LedgerEntry } from '../app.ts';
import type { TicketsContext } from './context.ts';
import { decodeCursor, pageOf } from './pagination.ts';
import type { NotificationKind, TicketsTables } from './tables.ts';

type NotificationRow = Selectable<TicketsTables['notifications']>;

/** seed 001's telegram_notifications_queue: our notification rows, with their fate read from delivery's ledger. */
export function createNotificationQueue(db: Kysely<TicketsTables>, delivery: TicketsContext['delivery']) {
  const serialize = (row: NotificationRow, entry: LedgerEntry | undefined): QueuedNotification => ({
    id: row.id,
    recipient_type: row.recipient_kind,
    recipient_id: row.recipient_id,
    notification_type: row.kind,
    reference_type: row.reference_type,
    reference_id: row.reference_id,
    message: row.text,
    sent: entry?.state === 'sent',
    sent_at: entry?.sent_at?.toISOString() ?? null,
    error: entry?.state === 'sent' ? null : (entry?.last_error ?? null),
    // A row delivery has removed (retention) reads as gone.
    state: entry?.state ?? 'gone',
    attempts: entry?.attempts ?? 0,
    outbox_id: row.outbox_id,
    created_at: row.created_at.toISOString(),
  });

  async function withLedger(rows: NotificationRow[]) {
    const ledger = await delivery.ledger(rows.flatMap((row) => (row.outbox_id === null ? [] : [row.outbox_id])));
    return rows.map((row) => serialize(row, row.outbox_id === null ? undefined : ledger.get(row.outbox_id)));
  }

  return {
    async list(filters: { state?: (typeof notificationOutboxStates)[number]; type?: NotificationKind; cursor?: string; limit: number }) {
      let query = db
        .selectFrom('notifications')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(filters.limit + 1);
      if (filters.state) query = query.where('outbox_id', 'in', delivery.inState(filters.state));
      if (filters.type) query = query.where('kind', '=', filters.type);
      const after = decodeCursor(filters.cursor);
      if (after !== undefined) query = query.where('id', '<', after);
      return pageOf(await withLedger(await query.execute()), filters.limit);
    },
    async find(id: number) {
      const row = await db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? (await withLedger([row]))[0] : undefined;
    },
  };
}
