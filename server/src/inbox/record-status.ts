// A messenger's later report on a message the account sent (the `outbound_status` inbound event): the
// message's ticks move forward (sent → delivered → read; failed ends it, with the messenger's code and
// title as the reason) and the delivery ledger's row follows a failure. Reports arrive out of order and
// more than once, so a state never goes back and a repeat changes nothing.
import type { ChannelRecord, InboundEvent, OutboundState } from '../channels/channel.ts';
import type { EventDraft } from './events.ts';
import type { InboxDb } from './tables.ts';

type StatusEvent = Extract<InboundEvent, { type: 'outbound_status' }>;

const order: Record<string, number> = { queued: 0, sending: 0, sent: 1, delivered: 2, read: 3 };

/** Whether `next` moves a message on from `current` (failed is final; a failure after the customer read it is ignored). */
export function advances(current: string | null, next: OutboundState): boolean {
  if (current === 'failed') return false;
  if (next === 'failed') return current !== 'read';
  return (order[next] ?? 0) > (order[current ?? 'queued'] ?? 0);
}

/** Thrown while the message may still be on its way into the ledger: intake retries the report shortly. */
export class StatusAheadOfSend extends Error {
  override name = 'StatusAheadOfSend';
}

export async function recordOutboundStatus(db: InboxDb, channel: ChannelRecord, event: StatusEvent): Promise<EventDraft[]> {
  const conversation = await db
    .selectFrom('conversations')
    .select(['id', 'assigned_operator_id'])
    .where('channel_id', '=', channel.id)
    .where('external_chat_id', '=', event.chat.externalId)
    .where('topic_id', '=', event.chat.topicId)
    .executeTakeFirst();
  const message = conversation
    ? await db
        .selectFrom('messages')
        .select(['id', 'status', 'conversation_id'])
        .where('conversation_id', '=', conversation.id)
        .where('external_message_id', '=', event.messageExternalId)
        .executeTakeFirst()
    : undefined;
  if (!conversation || !message) {
    // The platform can report on a message before the send that made it has been recorded (its id comes back
    // with the send's answer, and the report may overtake that answer's commit): while a send to this chat is
    // in flight, the report waits and is tried again; otherwise it is about a message we do not keep.
    const inFlight = await db
      .selectFrom('outbox')
      .select('id')
      .where('channel_id', '=', channel.id)
      .where('external_chat_id', '=', event.chat.externalId)
      .where('state', '=', 'sending')
      .executeTakeFirst();
    if (inFlight) throw new StatusAheadOfSend(`A status for ${event.messageExternalId} arrived before its send was recorded; retrying.`);
    return [];
  }
  if (!advances(message.status, event.state)) return [];
  const reason = event.state === 'failed' ? describeFailure(event.error) : null;
  const updated = await db
    .updateTable('messages')
    .set({ status: event.state, status_reason: reason })
    .where('id', '=', message.id)
    .returning(['id', 'conversation_id', 'status', 'status_reason', 'external_message_id'])
    .executeTakeFirstOrThrow();
  if (event.state === 'failed')
    await db
      .updateTable('outbox')
      .set({ state: 'failed', last_error_code: event.error?.code ?? null, last_error: reason, updated_at: new Date() })
      .where('message_id', '=', message.id)
      .where('state', '=', 'sent')
      .execute();
  return [
    {
      type: 'message_status',
      conversationId: conversation.id,
      assignedOperatorId: conversation.assigned_operator_id,
      payload: {
        message: {
          id: updated.id,
          chat_id: updated.conversation_id,
          status: updated.status,
          status_reason: updated.status_reason,
          external_message_id: updated.external_message_id,
        },
      },
    },
  ];
}

function describeFailure(error: StatusEvent['error']): string {
  return error ? `${error.code}: ${error.title}` : 'The messenger could not deliver the message.';
}
