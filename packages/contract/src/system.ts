// The system area (admins, and /api/health for anyone): health, system status, parked updates, and an account's own
// connection health as GET /api/accounts/:id/health and the status's channels show it.
import { z } from 'zod';

/** An account's live connection (the kinds that keep one of their own: a personal account): GET /api/accounts/:id/health. */
export interface AccountHealth {
  connected: boolean;
  connected_at: string | null;
  last_update_at: string | null;
  flood_waits: number;
  /** Waits the platform imposed (flood control) since connecting: the last one. */
  last_flood_wait: { seconds: number; at: string } | null;
  /** Why sending is paused (a spam limit an admin must clear); null when it is not. */
  paused_reason: string | null;
  /** The account's own address as customers know it (a phone number). */
  address: string | null;
  /** Another instance holds the connection (its lease): this instance's view is not the live one. */
  held_elsewhere: { instance_id: string; since: string } | null;
  /** The first import of recent chats, while it runs: chats done of those to import. */
  importing: { done: number; total: number } | null;
  state: string | null;
  reconnects: number;
  last_reconnect_at: string | null;
  dropped_at: string | null;
  /** While the connection is lost: the next attempt and its wait. */
  backoff: { attempt: number; wait_ms: number; next_attempt_at: string } | null;
}

/** What system status shows of an account's connection beside its intake (no address: the list is about health). */
export type ConnectionSummary = Pick<
  AccountHealth,
  'connected' | 'state' | 'last_update_at' | 'reconnects' | 'last_reconnect_at' | 'dropped_at' | 'backoff' | 'paused_reason'
>;

export const channelHealthSchema = z.object({
  channel_id: z.number(),
  name: z.string(),
  status: z.enum(['ok', 'degraded']),
  reason: z.string().nullable(),
  /** Updates journaled and not yet processed. */
  waiting: z.number(),
  /** Updates that still failed after their retries, waiting for an admin. */
  parked: z.number(),
});

/** How one connected account's intake is doing; degraded with the reason when it is stuck or keeps failing. */
export type ChannelHealth = z.infer<typeof channelHealthSchema> & {
  /** An account that keeps a connection of its own: its state, reconnects and backoff (admins only). */
  connection?: ConnectionSummary;
};

export const workerBeatSchema = z.object({ name: z.string(), healthy: z.boolean(), last_beat: z.string() });
export type WorkerBeat = z.infer<typeof workerBeatSchema>;

/** GET /api/health, 200. */
export const healthAnswer = z.object({
  // degraded: the server works, but a bot's intake does not (see channels[].reason); still 200, so a load balancer keeps it.
  status: z.enum(['healthy', 'degraded']),
  role: z.string(),
  timestamp: z.string(),
  database: z.string(),
  workers: z.array(workerBeatSchema),
  // Anyone may ask: bots appear by id only (names are for admins, in /api/system/status).
  channels: z.array(channelHealthSchema.omit({ name: true })),
});
export type Health = z.infer<typeof healthAnswer>;

/** GET /api/health, 503: the database does not answer or a worker went silent. */
export const healthUnavailable = z.object({
  status: z.literal('unhealthy'),
  role: z.string(),
  timestamp: z.string(),
  problems: z.array(z.string()),
});

/** An update that still failed after its retries; its chat went on without it. */
export const parkedUpdateSchema = z.object({
  id: z.number(),
  channel_id: z.number(),
  event_id: z.string(),
  chat_key: z.string(),
  attempts: z.number(),
  error: z.string().nullable(),
  received_at: z.string(),
  parked_at: z.string().nullable(),
});
export type ParkedUpdate = z.infer<typeof parkedUpdateSchema>;

/** GET /api/system/parked-updates */
export const parkedUpdateList = z.object({ results: z.array(parkedUpdateSchema), next_cursor: z.null() });
export type ParkedUpdateList = z.infer<typeof parkedUpdateList>;

/** POST /api/system/parked-updates/:id/retry */
export const parkedUpdateRetried = z.object({ id: z.number(), state: z.literal('pending') });
export type ParkedUpdateRetried = z.infer<typeof parkedUpdateRetried>;

/** A running app that starts messages on accounts needing templates outside the reply window, with none declared. */
export interface TemplatesGap {
  app: string;
  purposes_without_template: string[];
  accounts: Array<{ id: number; name: string; kind: string }>;
}

/** A pg-boss queue's counts. */
export interface QueueStatus {
  name: string;
  policy: string | undefined;
  queued: number;
  active: number;
  total: number;
}

/** GET /api/system/status (admins). */
export interface SystemStatus {
  version: string;
  /** SWITCHBOARD_ROLE of the instance that answered: all, web or worker. */
  role: string;
  uptime_seconds: number;
  started_at: string;
  node: string;
  database: { engine: string; size_bytes: number };
  queues: QueueStatus[];
  workers: WorkerBeat[];
  channels: ChannelHealth[];
  parked_updates: ParkedUpdate[];
  message_template_gaps: TemplatesGap[];
  memory_rss_bytes: number;
}
