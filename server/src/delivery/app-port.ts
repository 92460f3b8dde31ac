// Delivery's side of the apps' port (apps/app.ts "DeliveryPort"): channel-neutral
// messages into the outbox, and the ledger of what became of them.
import type { OutboundMessage } from '../channels/channel.ts';
import type { Db } from '../platform/index.ts';
import type { Cascades } from './cascade.ts';
import type { Delivery } from './dispatcher.ts';
import { insertOutboxRowsWithIds, type EnqueueInput } from './outbox-enqueue.ts';
import { deliveryTables, type DeliveryDb, type OutboxState } from './tables.ts';

export function createDeliveryPort(options: {
  db: Db;
  delivery: Pick<Delivery, 'enqueue' | 'cancel' | 'restore'>;
  /** Wakes the sender of a channel (on a web-only instance: signals the workers). */
  wake(channelId: number): void;
  retry: Delivery['retry'];
  cascades: Pick<Cascades, 'start' | 'status'>;
}) {
  const db = deliveryTables(options.db);
  const port = {
    enqueue: (trx: unknown, message: EnqueueInput) => options.delivery.enqueue(trx as DeliveryDb, message),
    enqueueMany: (trx: unknown, messages: EnqueueInput[]) => insertOutboxRowsWithIds(trx as DeliveryDb, messages),
    async edit(
      trx: unknown,
      edit: {
        outboxId: number;
        text: string;
        choices?: OutboundMessage['choices'];
        idempotencyKey?: string;
        reference?: { type: string; id: string | number };
      },
    ) {
      const handle = trx as DeliveryDb;
      const target = await handle
        .selectFrom('outbox')
        .select(['channel_id', 'external_chat_id', 'topic_id', 'lane'])
        .where('id', '=', edit.outboxId)
        .executeTakeFirst();
      if (!target) return null;
      const topic = target.topic_id === '' ? {} : { topicId: target.topic_id };
      const queued = await options.delivery.enqueue(handle, {
        channelId: target.channel_id,
        lane: target.lane,
        message: { chatId: target.external_chat_id, ...topic, text: edit.text, ...(edit.choices?.length ? { choices: edit.choices } : {}) },
        editOf: edit.outboxId,
        idempotencyKey: edit.idempotencyKey,
        reference: edit.reference,
      });
      return { ...queued, channelId: target.channel_id };
    },
    wake(channelIds: Iterable<number>): void {
      for (const channelId of new Set(channelIds)) options.wake(channelId);
    },
    async send(message: EnqueueInput): Promise<{ id: number }> {
      const queued = await db.transaction().execute((trx) => options.delivery.enqueue(trx, message));
      options.wake(message.channelId);
      return { id: queued.id };
    },
    retry: async (outboxId: number) => (await options.retry(outboxId)).status,
    /** Withdraws a reference's rows still waiting in the queue (those being sent go on), in the caller's transaction. */
    withdraw: (trx: unknown, reference: { type: string; id: string | number }) =>
      options.delivery.cancel(trx as Db, { referenceType: reference.type, referenceId: reference.id }),
    /** Puts the rows `withdraw` took back in the queue, in the caller's transaction; returns the channels to wake. */
    restore: (trx: unknown, reference: { type: string; id: string | number }) =>
      options.delivery.restore(trx as Db, { referenceType: reference.type, referenceId: reference.id }),
    /** One message, tried on each channel in order until one delivers (see delivery/cascade.ts). */
    cascade: (message: Parameters<Cascades['start']>[0]) => options.cascades.start(message),
    cascadeStatus: (cascadeId: number) => options.cascades.status(cascadeId),
    async ledger(outboxIds: readonly number[]) {
      const unique = [...new Set(outboxIds)];
      if (unique.length === 0) return new Map();
      const rows = await db
        .selectFrom('outbox')
        .select(['id', 'channel_id', 'state', 'attempts', 'sent_at', 'last_error_code', 'last_error'])
        .where('id', 'in', unique)
        .execute();
      return new Map(rows.map((row) => [row.id, row]));
    },
    inState: (state: OutboxState) => db.selectFrom('outbox').select('outbox.id').where('outbox.state', '=', state).$asScalar(),
  };
  return port;
}
