import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { StaffUser } from '../auth/auth.service.ts';

/** One event for operators' screens; `seq` orders them and lets a client resume with `since`. */
export interface RealtimeEvent {
  seq: number;
  type: string;
  /** Who may receive it is decided by the audience filter from these facts. */
  audience: { conversationId?: number; userId?: number; assignedOperatorId?: number | null; teamId?: number | null };
  payload: Record<string, unknown>;
}

export interface RealtimeSubscriber {
  /** Refreshed by every recheck, so the audience filter always judges the user as they are now. */
  user: StaffUser;
  deliver(event: RealtimeEvent): void;
  /**
   * Around a batch of deliveries: holds the subscriber's frames back and sends them in one write (a system call per
   * frame was a tenth of the server's CPU at saturation, issue 27). Optional; `uncork` follows every `cork`.
   */
  cork?(): void;
  uncork?(): void;
  /** Looks the socket's credential up again: null once it was revoked, expired or its user switched off. */
  recheck?: () => Promise<StaffUser | null>;
  /** Closes the socket; `code` is 4401 when access ended, 4403 when the user's role changed. */
  end?(code: number, reason: string): void;
}

export type AudienceFilter = (user: StaffUser, audience: RealtimeEvent['audience']) => boolean;

const channel = 'switchboard_realtime';
// NOTIFY payloads must stay under 8,000 bytes; larger events cross as a reference.
const notifyLimitBytes = 7_500;
// Expired tokens and sessions change no row, so nothing notifies: a sweep catches them.
const recheckEveryMs = 60_000;

/**
 * The NOTIFY payload: the events themselves when they fit, else their seqs. Serialised one event at a time and
 * given up at the limit: a large batch (hundreds of events at saturation) is not serialised whole only to be dropped.
 */
function notifyText(origin: string, events: RealtimeEvent[]): string {
  const parts: string[] = [];
  // The envelope's own bytes: {"origin":"…","events":[]}
  let bytes = Buffer.byteLength(origin) + 25;
  for (const event of events) {
    const part = JSON.stringify(event);
    bytes += Buffer.byteLength(part) + 1;
    if (bytes > notifyLimitBytes) return JSON.stringify({ origin, seqs: events.map((item) => item.seq) });
    parts.push(part);
  }
  return `{"origin":${JSON.stringify(origin)},"events":[${parts.join(',')}]}`;
}

/**
 * Fans events out to this instance's WebSocket clients and, on PostgreSQL,
 * to every other instance through LISTEN/NOTIFY.
 */
export function createRealtimeHub<Tables>(options: {
  database: Database<Tables>;
  instanceId: string;
  logger: Logger;
  loadEvents: (seqs: number[]) => Promise<RealtimeEvent[]>;
}) {
  const subscribers = new Set<RealtimeSubscriber>();
  // In-process listeners to what this instance publishes (apps' domain events): each event once, where it happened.
  const publishListeners = new Set<(events: RealtimeEvent[]) => void>();
  let filter: AudienceFilter = () => true;
  let unlisten: (() => Promise<void>) | undefined;
  let recheckRunning: Promise<void> | undefined;
  let recheckAgain = false;

  async function recheckOne(subscriber: RealtimeSubscriber): Promise<void> {
    const now = await subscriber.recheck!().catch((error: unknown) => {
      options.logger.warn({ err: error }, 'realtime access recheck failed');
      return subscriber.user;
    });
    if (!now) return endSubscriber(subscriber, 4401, 'access ended: sign in again');
    if (now.role !== subscriber.user.role) return endSubscriber(subscriber, 4403, 'your role changed: reconnect');
    subscriber.user = now;
  }

  function endSubscriber(subscriber: RealtimeSubscriber, code: number, reason: string): void {
    subscribers.delete(subscriber);
    subscriber.end?.(code, reason);
  }

  async function recheckAll(): Promise<void> {
    do {
      recheckAgain = false;
      await Promise.all([...subscribers].filter((subscriber) => subscriber.recheck).map(recheckOne));
    } while (recheckAgain);
  }
  const sweep = setInterval(() => void recheckSubscribers(), recheckEveryMs);
  sweep.unref();

  /** Coalesces bursts of changes: one pass runs at a time, and one more after it if anything changed meanwhile. */
  function recheckSubscribers(): Promise<void> {
    if (recheckRunning) {
      recheckAgain = true;
      return recheckRunning;
    }
    recheckRunning = recheckAll().finally(() => {
      recheckRunning = undefined;
    });
    return recheckRunning;
  }

  function deliverLocally(events: RealtimeEvent[]): void {
    const receiving = [...subscribers];
    for (const subscriber of receiving) subscriber.cork?.();
    try {
      for (const event of events) {
        for (const subscriber of receiving) {
          if (!filter(subscriber.user, event.audience)) continue;
          try {
            subscriber.deliver(event);
          } catch (error) {
            options.logger.warn({ err: error }, 'realtime delivery failed');
          }
        }
      }
    } finally {
      for (const subscriber of receiving) subscriber.uncork?.();
    }
  }

  return {
    async start(): Promise<void> {
      if (options.database.engine !== 'postgres') return;
      unlisten = await options.database.listen(channel, (text) => {
        const message = JSON.parse(text) as { origin: string; events?: RealtimeEvent[]; seqs?: number[] };
        if (message.origin === options.instanceId) return;
        if (message.events) deliverLocally(message.events);
        else if (message.seqs)
          options
            .loadEvents(message.seqs)
            .then(deliverLocally, (error: unknown) => options.logger.warn({ err: error }, 'realtime load failed'));
      });
    },
    setAudienceFilter(next: AudienceFilter): void {
      filter = next;
    },
    canReceive(user: StaffUser, audience: RealtimeEvent['audience']): boolean {
      return filter(user, audience);
    },
    subscribe(subscriber: RealtimeSubscriber): () => void {
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
    subscriberCount: () => subscribers.size,
    /** Hears every batch this instance publishes (not those of other instances); returns the unsubscribe. */
    onPublish(listener: (events: RealtimeEvent[]) => void): () => void {
      publishListeners.add(listener);
      return () => publishListeners.delete(listener);
    },
    /** Call when access may have ended for someone (auth change notification): closes the sockets that lost it. */
    recheckSubscribers,
    /** Call after the transaction that recorded the events has committed. */
    publish(events: RealtimeEvent[]): void {
      if (events.length === 0) return;
      deliverLocally(events);
      for (const listener of publishListeners) listener(events);
      if (options.database.engine !== 'postgres') return;
      const text = notifyText(options.instanceId, events);
      sql`SELECT pg_notify(${channel}, ${text})`
        .execute(options.database.db)
        .catch((error: unknown) => options.logger.warn({ err: error }, 'realtime notify failed'));
    },
    async stop(): Promise<void> {
      clearInterval(sweep);
      subscribers.clear();
      publishListeners.clear();
      await unlisten?.();
    },
  };
}

export type RealtimeHub = ReturnType<typeof createRealtimeHub>;
