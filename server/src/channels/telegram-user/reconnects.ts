// Reconnects with backoff, in the account's health. mtcute reconnects by itself (its PersistentConnection asks a
// reconnection strategy how long to wait after each drop) and reports what it does as connection states
// (client.onConnectionState: offline, connecting, updating, connected). The strategy here is ours so the health
// knows each wait and when the next attempt is; the states tell when a drop ended in a new connection.
import type { ConnectionHealth } from './connection.ts';

/** What mtcute's PersistentConnection (@fuman/net) passes its reconnection strategy. */
export interface ReconnectionState {
  readonly previousWait: number | null;
  readonly consequentFails: number;
  readonly lastError: Error | null;
}
export type ReconnectionStrategy = (state: ReconnectionState) => number | false;

/** The longest wait between attempts: a minute keeps a long outage from hammering Telegram and stays prompt after it. */
export const maxReconnectWaitMs = 60_000;

/** Exponential backoff: the first attempt at once (a blip), then 1 s, 2 s, 4 s … up to a minute. */
export function backoffWait(previousWait: number | null): number {
  if (previousWait === null) return 0;
  if (previousWait === 0) return 1_000;
  return Math.min(maxReconnectWaitMs, previousWait * 2);
}

/** The strategy an account's client uses: backoff, and each wait recorded in the health as the attempt to come. */
export function recordingStrategy(health: ConnectionHealth, clock: () => number = Date.now): ReconnectionStrategy {
  return ({ previousWait }) => {
    const waitMs = backoffWait(previousWait);
    const attempt = (health.backoff?.attempt ?? 0) + 1;
    health.backoff = { attempt, waitMs, nextAttemptAt: new Date(clock() + waitMs) };
    return waitMs;
  };
}

export type ConnectionState = 'offline' | 'connecting' | 'updating' | 'connected';

/**
 * Follows the client's connection states: a connection lost after the account was connected is a drop; the next
 * "connected" (or "updating": catching up, which needs a connection) is one reconnect, and the backoff is over.
 */
export function followConnectionState(health: ConnectionHealth, state: ConnectionState): void {
  health.state = state;
  if (state === 'offline' || state === 'connecting') {
    if (health.connectedAt && !health.droppedAt) health.droppedAt = new Date();
    return;
  }
  if (health.droppedAt) {
    health.reconnects += 1;
    health.lastReconnectAt = new Date();
    health.droppedAt = null;
  }
  health.backoff = null;
}
