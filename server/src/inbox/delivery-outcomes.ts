// Delivery's report on a batch of outbox rows, inside delivery's transaction: the inbox's messages move to sent or
// failed, and notifications apps sent join their conversations. A batch costs a handful of multi-row statements and
// one events insert (the event-order lock is taken once, last), not a handful per row: a broadcast records its sends
// 100 at a time.
import { sql } from 'kysely';
import type { OutcomeFollowUp, RowOutcome } from '../delivery/index.ts';
import type { Db, RealtimeHub } from '../platform/index.ts';
import { setReachability } from './contacts.ts';
import { recordEvents } from './events.ts';
import { recordSentNotifications, type OrderedDraft } from './notification-history.ts';
import { inboxTables, type InboxDb, type MessageRow } from './tables.ts';

export async function applyDeliveryOutcomes(wholeTrx: Db, outcomes: RowOutcome[], hub: RealtimeHub): Promise<OutcomeFollowUp | undefined> {
  const trx = inboxTables(wholeTrx);
  const ordered = [
    ...(await moveMessages(
      trx,
      outcomes.filter(({ row }) => row.message_id !== null),
    )),
    ...(await recordSentNotifications(trx, outcomes)),
  ].sort((a, b) => a.outboxId - b.outboxId);
  if (ordered.length === 0) return undefined;
  return {
    // Recorded at the end of the transaction: the event-order lock must come after every row lock the batch takes.
    atEnd: async () => {
      const recorded = await recordEvents(
        trx,
        ordered.map((each) => each.draft),
      );
      return recorded.length > 0 ? () => hub.publish(recorded) : undefined;
    },
  };
}

/** The inbox's own messages behind the rows get the rows' state (sent with the messenger's id, or failed with why). */
async function moveMessages(trx: InboxDb, outcomes: RowOutcome[]): Promise<OrderedDraft[]> {
  if (outcomes.length === 0) return [];
  // A message has one row at a time; were two of its rows in one batch, the later one's state is where it ends up.
  const latest = new Map(outcomes.map((each) => [each.row.message_id!, each]));
  const values = [...latest.values()].map(({ row, outcome }) => ({
    id: row.message_id,
    status: outcome.state,
    status_reason: outcome.state === 'failed' ? (outcome.reason ?? outcome.code ?? 'failed') : null,
    external_message_id: outcome.externalIds?.[0] ?? null,
  }));
  // In id order, as the rows come (delivery sorts them), so that concurrent batches lock messages alike.
  const updated = await sql<MessageRow>`
    UPDATE messages SET status = moved.status, status_reason = moved.status_reason,
      external_message_id = coalesce(moved.external_message_id, messages.external_message_id)
    FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
      AS moved (id bigint, status text, status_reason text, external_message_id text)
    WHERE messages.id = moved.id
    RETURNING messages.*`.execute(trx);
  if (updated.rows.length === 0) return [];
  const messages = new Map(updated.rows.map((message) => [message.id, message]));
  const conversationIds = [...new Set(updated.rows.map((message) => message.conversation_id))];
  const conversations = new Map(
    (await trx.selectFrom('conversations').selectAll().where('id', 'in', conversationIds).execute()).map((conversation) => [
      conversation.id,
      conversation,
    ]),
  );
  const drafts: OrderedDraft[] = [];
  for (const { row, outcome } of latest.values()) {
    const message = messages.get(row.message_id!);
    const conversation = message && conversations.get(message.conversation_id);
    if (!message || !conversation) continue;
    if (outcome.code === 'BLOCKED' && conversation.contact_id !== null)
      await setReachability(trx, conversation.contact_id, conversation.channel_id, false, outcome.reason ?? 'blocked the bot');
    drafts.push({
      outboxId: row.id,
      draft: {
        type: 'message_status',
        conversationId: conversation.id,
        assignedOperatorId: conversation.assigned_operator_id,
        payload: {
          message: {
            id: message.id,
            chat_id: message.conversation_id,
            status: message.status,
            status_reason: message.status_reason,
            external_message_id: message.external_message_id,
          },
        },
      },
    });
  }
  return drafts;
}
