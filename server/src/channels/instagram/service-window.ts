// Instagram's messaging window: replies within 24 hours of the customer's last message; an operator's reply with
// the HUMAN_AGENT tag within 7 days; nothing after that until the customer writes again (Meta: code 10, subcode
// 2018278). Kept like WhatsApp's window (../whatsapp/service-window.ts), from Meta's timestamps.
import { sql } from 'kysely';
import type { Db } from '../../platform/index.ts';
import type { ReplyStatus } from '../channel.ts';
import { humanAgentWindowMs, replyWindowMs } from './profile.ts';
import { instagramTables } from './tables.ts';

export type MessagingWindows = ReturnType<typeof createMessagingWindows>;

/** How a message may go now: as a response, only as an operator's tagged reply, or not at all. */
export type WindowState = { state: 'open' } | { state: 'human_agent'; since: Date } | { state: 'closed'; since: Date | null };

export function createMessagingWindows(options: { db: Db; now: () => Date }) {
  const db = instagramTables(options.db);

  async function lastInbound(channelId: number, igsid: string): Promise<Date | null> {
    const row = await db
      .selectFrom('instagram_service_windows')
      .select('last_inbound_at')
      .where('channel_id', '=', channelId)
      .where('igsid', '=', igsid)
      .executeTakeFirst();
    return row ? new Date(row.last_inbound_at) : null;
  }

  async function state(channelId: number, igsid: string): Promise<WindowState> {
    const last = await lastInbound(channelId, igsid);
    if (!last) return { state: 'closed', since: null };
    const age = options.now().getTime() - last.getTime();
    if (age < replyWindowMs) return { state: 'open' };
    if (age < humanAgentWindowMs) return { state: 'human_agent', since: last };
    return { state: 'closed', since: last };
  }

  return {
    lastInbound,
    state,
    /** Records customers' messages and reactions (Meta's timestamps); an older or repeated one leaves the window as it is. */
    async opened(channelId: number, activity: Array<{ igsid: string; at: Date }>): Promise<void> {
      const latest = new Map<string, Date>();
      for (const item of activity) if (!(latest.get(item.igsid)! >= item.at)) latest.set(item.igsid, item.at);
      if (latest.size === 0) return;
      await db
        .insertInto('instagram_service_windows')
        .values([...latest].map(([igsid, at]) => ({ channel_id: channelId, igsid, last_inbound_at: at })))
        .onConflict((conflict) =>
          conflict
            .columns(['channel_id', 'igsid'])
            .doUpdateSet({ last_inbound_at: sql`greatest(instagram_service_windows.last_inbound_at, excluded.last_inbound_at)` }),
        )
        .execute();
    },
    /** What the inbox asks before an operator's reply is written (operators' replies may use the human-agent tag). */
    async replyStatus(channelId: number, igsid: string): Promise<ReplyStatus> {
      const now = await state(channelId, igsid);
      if (now.state !== 'closed') return { canReply: true };
      return {
        canReply: false,
        code: 'window_closed',
        reason: now.since
          ? `The customer last wrote at ${now.since.toISOString()}, more than 7 days ago: Instagram allows replies within 24 hours of their last message (an operator's within 7 days) until they write again.`
          : 'The customer has not written to this account yet: Instagram allows replies only after they do.',
      };
    },
  };
}
