// An account's live connection health (AccountHealth) as the API shows it: on GET /api/accounts/:id/health and,
// for accounts that keep a connection of their own, beside their intake in /api/system/status.
import type { AccountHealth as AccountHealthAnswer, ConnectionSummary } from '@switchboard/contract';
import type { AccountHealth } from './channel.ts';
import type { ChannelRegistry } from './registry.service.ts';
import type { ChannelRow } from './tables.ts';

const iso = (value: Date | null | undefined) => value?.toISOString() ?? null;

// The answer is the API contract's (@switchboard/contract, system.ts).
export function serializeAccountHealth(health: AccountHealth): AccountHealthAnswer {
  return {
    connected: health.connected,
    connected_at: iso(health.connectedAt),
    last_update_at: iso(health.lastUpdateAt),
    flood_waits: health.floodWaits,
    last_flood_wait: health.lastFloodWait && { seconds: health.lastFloodWait.seconds, at: health.lastFloodWait.at.toISOString() },
    paused_reason: health.pausedReason,
    address: health.address ?? null,
    held_elsewhere: health.heldElsewhere
      ? { instance_id: health.heldElsewhere.instanceId, since: health.heldElsewhere.since.toISOString() }
      : null,
    importing: health.importing ?? null,
    state: health.state ?? null,
    reconnects: health.reconnects ?? 0,
    last_reconnect_at: iso(health.lastReconnectAt),
    dropped_at: iso(health.droppedAt),
    backoff: health.backoff
      ? { attempt: health.backoff.attempt, wait_ms: health.backoff.waitMs, next_attempt_at: health.backoff.nextAttemptAt.toISOString() }
      : null,
  };
}

/** The account's health on this instance; null for kinds that keep no connection of their own. */
export async function accountHealthOf(registry: ChannelRegistry, row: ChannelRow): Promise<AccountHealthAnswer | null> {
  const adapter = registry.moduleFor(row.kind).adapter;
  return adapter.health ? serializeAccountHealth(await adapter.health(registry.toRecord(row))) : null;
}

/** An intake report whose accounts that keep a connection of their own carry its summary (system status). */
export function withConnectionHealth<Report extends { channels(): Promise<Array<{ channel_id: number }>> }>(
  report: Report,
  registry: ChannelRegistry,
): Report {
  return {
    ...report,
    async channels() {
      const channels = await report.channels();
      const rows = new Map((await registry.list()).map((row) => [row.id, row]));
      return Promise.all(
        channels.map(async (channel) => {
          const row = rows.get(channel.channel_id);
          const health = row ? await accountHealthOf(registry, row) : null;
          if (!health) return channel;
          const { connected, state, last_update_at, reconnects, last_reconnect_at, dropped_at, backoff, paused_reason } = health;
          const connection: ConnectionSummary = {
            connected,
            state,
            last_update_at,
            reconnects,
            last_reconnect_at,
            dropped_at,
            backoff,
            paused_reason,
          };
          return { ...channel, connection };
        }),
      );
    },
  };
}
