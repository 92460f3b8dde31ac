// What broadcasts does with customers' messages: one within 3 days of a broadcast is its reply, and it cancels the
// scheduled messages an operator set to be dropped when the customer writes first. Intake records messages in
// batches and publishes each batch at once, so the messages that arrive in one turn of the event loop are handled
// together, with one statement for each of the two (two statements per message were about 40 % of intake's CPU
// per update).
import { isSubscribeWord, isUnsubscribeWord } from './broadcasts.messages.ts';
import type { BroadcastContext } from './context.ts';
import type { ScheduledMessages } from './scheduled.service.ts';

interface CustomerMessage {
  conversationId: number;
  kind: string;
  text: string | null;
}

/**
 * A button press (a `service` line) is not a reply (the unsubscribe press is counted apart), nor typing
 * "unsubscribe"/"subscribe", which answers the choice.
 */
const isReply = ({ kind, text }: CustomerMessage) =>
  kind !== 'service' && !(text !== null && (isUnsubscribeWord(text) || isSubscribeWord(text)));

export function createCustomerMessages(context: BroadcastContext, scheduled: ScheduledMessages) {
  let waiting: CustomerMessage[] = [];
  let flushing: Promise<void> = Promise.resolve();

  async function countReplies(conversationIds: number[]): Promise<void> {
    if (conversationIds.length === 0) return;
    await context.ownTables
      .updateTable('broadcast_recipients')
      .set({ replied_at: new Date() })
      .where('conversation_id', 'in', conversationIds)
      .where('state', '=', 'sent')
      .where('replied_at', 'is', null)
      .where('sent_at', '>', new Date(Date.now() - 3 * 24 * 3600_000))
      .execute();
  }

  async function handle(messages: CustomerMessage[]): Promise<void> {
    try {
      // The replies first, then the scheduled messages: a test that sees the second knows the first is settled.
      await countReplies([...new Set(messages.filter(isReply).map((message) => message.conversationId))]);
      await scheduled.customersWrote([...new Set(messages.map((message) => message.conversationId))]);
    } catch (error) {
      context.logger.warn({ err: error }, 'broadcasts: handling customers’ messages failed');
    }
  }

  return {
    /** A customer's message (the `message.received` event); handled with the others of the same turn. */
    received(message: CustomerMessage): void {
      waiting.push(message);
      if (waiting.length > 1) return;
      setImmediate(() => {
        const messages = waiting;
        waiting = [];
        flushing = flushing.then(() => handle(messages));
      });
    },
    /** Resolves once every message received so far is handled. */
    async settled(): Promise<void> {
      while (waiting.length > 0) await new Promise((resolve) => setImmediate(resolve));
      await flushing;
    },
  };
}
