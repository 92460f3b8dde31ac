import type { Db, ChannelHealth, IntakeReport } from '../../platform/index.ts';
import { backlogByChannel, listParked, type ChannelBacklog } from './backlog.ts';
import { inboxTables } from '../tables.ts';

/** What health needs to know of a connected account (a row of the channel registry). */
export interface ChannelState {
  id: number;
  name: string;
  status: string;
  status_detail: string | null;
  is_enabled: boolean;
}

/** A healthy intake processes an update within milliseconds; one waiting this long means it is not advancing. */
export const defaultStallAfterMs = 60_000;

/**
 * A bot is degraded when its intake reports an error (polling keeps failing, the webhook could not be set)
 * or when updates wait and the oldest has waited longer than `stallAfterMs`.
 */
export function describeChannelHealth(channels: ChannelState[], backlog: ChannelBacklog[], stallAfterMs: number): ChannelHealth[] {
  const byChannel = new Map(backlog.map((entry) => [entry.channel_id, entry]));
  return channels
    .filter((channel) => channel.is_enabled)
    .map((channel) => {
      const entry = byChannel.get(channel.id);
      const reasons: string[] = [];
      if (channel.status === 'error') reasons.push(`intake failing: ${channel.status_detail ?? 'no detail reported'}`);
      if (entry && entry.oldest_waiting_ms !== null && entry.oldest_waiting_ms > stallAfterMs) {
        const seconds = Math.round(entry.oldest_waiting_ms / 1000);
        reasons.push(`intake has not advanced for ${seconds} s while ${entry.waiting} update(s) wait`);
      }
      return {
        channel_id: channel.id,
        name: channel.name,
        status: reasons.length > 0 ? ('degraded' as const) : ('ok' as const),
        reason: reasons.length > 0 ? reasons.join('; ') : null,
        waiting: entry?.waiting ?? 0,
        parked: entry?.parked ?? 0,
      };
    });
}

export function createIntakeReport(options: { db: Db; listChannels(): Promise<ChannelState[]>; stallAfterMs?: number }): IntakeReport {
  return {
    async channels() {
      const [channels, backlog] = await Promise.all([options.listChannels(), backlogByChannel(inboxTables(options.db))]);
      return describeChannelHealth(channels, backlog, options.stallAfterMs ?? defaultStallAfterMs);
    },
    parked: () => listParked(inboxTables(options.db), 100),
  };
}
