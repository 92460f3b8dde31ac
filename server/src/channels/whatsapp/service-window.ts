// The customer service window: free-form messages only within 24 hours of the customer's last message;
// outside it WhatsApp takes only approved templates (Meta: error 131047).
import { sql } from 'kysely';
import type { Db } from '../../platform/index.ts';
import type { ReplyStatus } from '../channel.ts';
import { serviceWindowMs } from './profile.ts';
import { whatsappTables } from './tables.ts';

export type ServiceWindows = ReturnType<typeof createServiceWindows>;

export function createServiceWindows(options: { db: Db; now?: () => Date }) {
  const db = whatsappTables(options.db);
  const now = options.now ?? (() => new Date());
  return {
    /**
     * Records customers' messages (Meta's timestamps); an older or repeated one leaves the window as it is.
     * A customer's first message ever is kept by id (firstMessage), once.
     */
    async opened(channelId: number, messages: Array<{ waId: string; at: Date; messageId: string }>): Promise<void> {
      // One row per customer (one INSERT may not touch a row twice): the latest message's time, the earliest's id.
      const latest = new Map<string, { at: Date; first: { at: Date; messageId: string } }>();
      for (const item of messages) {
        const known = latest.get(item.waId);
        if (!known) latest.set(item.waId, { at: item.at, first: item });
        else {
          if (item.at > known.at) known.at = item.at;
          if (item.at < known.first.at) known.first = item;
        }
      }
      if (latest.size === 0) return;
      await db
        .insertInto('whatsapp_service_windows')
        .values(
          [...latest].map(([waId, { at, first }]) => ({
            channel_id: channelId,
            wa_id: waId,
            last_inbound_at: at,
            first_message_id: first.messageId,
          })),
        )
        .onConflict((conflict) =>
          conflict
            .columns(['channel_id', 'wa_id'])
            .doUpdateSet({ last_inbound_at: sql`greatest(whatsapp_service_windows.last_inbound_at, excluded.last_inbound_at)` }),
        )
        .execute();
    },
    /** Whether this message is the first the customer ever sent to the number (it starts the app flows). */
    async isFirstMessage(channelId: number, waId: string, messageId: string): Promise<boolean> {
      const row = await db
        .selectFrom('whatsapp_service_windows')
        .select('first_message_id')
        .where('channel_id', '=', channelId)
        .where('wa_id', '=', waId)
        .executeTakeFirst();
      return row?.first_message_id === messageId;
    },
    async lastInbound(channelId: number, waId: string): Promise<Date | null> {
      const row = await db
        .selectFrom('whatsapp_service_windows')
        .select('last_inbound_at')
        .where('channel_id', '=', channelId)
        .where('wa_id', '=', waId)
        .executeTakeFirst();
      return row ? new Date(row.last_inbound_at) : null;
    },
    async replyStatus(channelId: number, waId: string): Promise<ReplyStatus> {
      const last = await this.lastInbound(channelId, waId);
      if (last && now().getTime() - last.getTime() < serviceWindowMs)
        return { canReply: true, until: new Date(last.getTime() + serviceWindowMs) };
      return {
        canReply: false,
        code: 'window_closed',
        reason: last
          ? `The customer last wrote at ${last.toISOString()}, more than 24 hours ago: WhatsApp allows only an approved template until they write again.`
          : 'The customer has not written to this number yet: WhatsApp allows only an approved template until they do.',
      };
    },
  };
}
