// Queueing messages in the outbox: one row, or many in few statements (broadcasts). A row's idempotency key makes a
// repeated enqueue insert nothing.
import { randomUUID } from 'node:crypto';
import type { OutboundMessage } from '../channels/channel.ts';
import { laneRank, lanes, type DeliveryDb, type Lane } from './tables.ts';

/** What a caller asks to deliver. */
export interface EnqueueInput {
  channelId: number;
  lane: Lane;
  message: OutboundMessage;
  /** Same key, same row: a repeated enqueue inserts nothing. Random when omitted. */
  idempotencyKey?: string;
  /** The inbox message this row delivers. */
  messageId?: number | null;
  /** What caused it (notification, broadcast …), for reports and cancelling. */
  reference?: { type: string; id: string | number } | null;
  /** The row whose delivered message this one changes (same chat: it waits for that row) instead of sending anew. */
  editOf?: number | null;
}

function toValues(input: EnqueueInput) {
  if (!lanes.includes(input.lane)) throw new Error(`Unknown delivery lane ${JSON.stringify(input.lane)}; use one of ${lanes.join(', ')}.`);
  if (!input.message.chatId) throw new Error('An outbound message needs a chatId.');
  if (!input.message.text?.trim() && !input.message.media?.length) throw new Error('An outbound message needs text or media.');
  if ((input.editOf ?? null) !== null && (input.message.media?.length || !input.message.text?.trim()))
    throw new Error('An edit changes the text of a sent message: it needs text and no media.');
  return {
    channel_id: input.channelId,
    external_chat_id: input.message.chatId,
    topic_id: input.message.topicId ?? '',
    lane: input.lane,
    lane_rank: laneRank(input.lane),
    idempotency_key: input.idempotencyKey ?? `auto:${randomUUID()}`,
    message_id: input.messageId ?? null,
    reference_type: input.reference?.type ?? null,
    reference_id: input.reference ? String(input.reference.id) : null,
    payload: JSON.stringify(input.message),
    edit_of: input.editOf ?? null,
  };
}

export async function insertOutboxRow(trx: DeliveryDb, input: EnqueueInput): Promise<{ id: number; created: boolean }> {
  const values = toValues(input);
  const inserted = await trx
    .insertInto('outbox')
    .values(values)
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await trx
    .selectFrom('outbox')
    .select('id')
    .where('idempotency_key', '=', values.idempotency_key)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

/** Many rows in few statements (broadcasts); rows whose key exists are skipped. */
export async function insertOutboxRows(trx: DeliveryDb, inputs: EnqueueInput[]): Promise<{ created: number; channelIds: number[] }> {
  let created = 0;
  for (let start = 0; start < inputs.length; start += 500) {
    const rows = await trx
      .insertInto('outbox')
      .values(inputs.slice(start, start + 500).map(toValues))
      .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
      .returning('id')
      .execute();
    created += rows.length;
  }
  return { created, channelIds: [...new Set(inputs.map((input) => input.channelId))] };
}

/**
 * Like insertOutboxRows, and the row id of each input in order (an existing key gives its row's id): a broadcast
 * queues its window in a few statements instead of one round trip per recipient, so its transaction stays short.
 */
export async function insertOutboxRowsWithIds(trx: DeliveryDb, inputs: EnqueueInput[]): Promise<number[]> {
  const values = inputs.map(toValues);
  const ids = new Map<string, number>();
  for (let start = 0; start < values.length; start += 500) {
    const chunk = values.slice(start, start + 500);
    const inserted = await trx
      .insertInto('outbox')
      .values(chunk)
      .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
      .returning(['id', 'idempotency_key'])
      .execute();
    for (const row of inserted) ids.set(row.idempotency_key, row.id);
    const missing = chunk.flatMap((row) => (ids.has(row.idempotency_key) ? [] : [row.idempotency_key]));
    if (missing.length > 0) {
      const existing = await trx.selectFrom('outbox').select(['id', 'idempotency_key']).where('idempotency_key', 'in', missing).execute();
      for (const row of existing) ids.set(row.idempotency_key, row.id);
    }
  }
  return values.map((row) => {
    const id = ids.get(row.idempotency_key);
    if (id === undefined) throw new Error(`outbox row ${row.idempotency_key} was neither inserted nor found`);
    return id;
  });
}
