// The delivery engine: one worker per bot, woken in-process after a commit,
// and a slow sweep as the safety net (rows left behind, retries, crashed instances).
import { ChannelError, type ChannelRecord } from '../channels/channel.ts';
import type { Db, Heartbeats, Logger } from '../platform/index.ts';
import { instanceDeadAfterSeconds } from '../platform/index.ts';
import { createAttemptRecorder } from './attempt-recorder.ts';
import { createChannelWorker, type ChannelWorker } from './channel-worker.ts';
import type { ChannelDirectory, DeliveryCounters, EditFunction, OutcomeHandler, SendFunction } from './delivery.types.ts';
import { finishOutcomes } from './outcome-follow-up.ts';
import { reclaimAbandoned } from './outbox-attempts.ts';
import { insertOutboxRow, insertOutboxRows, type EnqueueInput } from './outbox-enqueue.ts';
import { cancelRows, channelsWithQueuedRows, countBacklog, findRow, requeueRow, restoreCancelledRows } from './outbox.service.ts';
import type { RateLimitProfile, RateLimits } from './rate-limiter.ts';
import { createTableMaintenance } from './table-maintenance.ts';
import { defaultRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import { deliveryTables, type DeliveryAttempt, type DeliveryDb, type Lane, type OutboxRow } from './tables.ts';
import { sql } from 'kysely';

/**
 * Every knob, with a 1 s → 60 s backoff by default. The rates come from each
 * account's channel module (rateLimitsFor); rates given here override them for
 * every account (benchmarks and tests raise them).
 */
export interface DeliveryLimits extends Partial<RateLimits>, RetryPolicy {
  /** Sends in flight per bot at once. */
  maxInFlightPerChannel: number;
  /** Rows claimed per query at most. */
  maxClaimBatch: number;
  /** The safety-net sweep: reclaims abandoned rows and wakes bots with due rows. */
  sweepIntervalMs: number;
  /** A claim whose instance has not beaten for this long is taken over. */
  deadInstanceAfterMs: number;
  /** How long stop() waits for sends in flight to be recorded. */
  stopTimeoutMs: number;
  /** Where no autovacuum runs (the embedded engine), how often the outbox is vacuumed while it changes. */
  vacuumIntervalMs: number;
}

export const defaultDeliveryLimits: DeliveryLimits = {
  ...defaultRetryPolicy,
  maxInFlightPerChannel: 50,
  maxClaimBatch: 100,
  sweepIntervalMs: 1_500,
  deadInstanceAfterMs: instanceDeadAfterSeconds * 1000,
  stopTimeoutMs: 10_000,
  vacuumIntervalMs: 60_000,
};

const rateLimitNames = ['botPerSecond', 'botBurst', 'privateChatPerSecond', 'privateChatBurst', 'groupPerMinute', 'groupBurst'] as const;
const removedChannelRates: RateLimitProfile = {
  botPerSecond: 1,
  botBurst: 1,
  privateChatPerSecond: 1,
  privateChatBurst: 1,
  groupPerMinute: 60,
  groupBurst: 1,
};

export interface DeliveryOptions {
  db: Db;
  /** This process's id in `instances` (platform registerInstance), which must keep beating. */
  instanceId: string;
  logger: Logger;
  heartbeats?: Heartbeats;
  channels: ChannelDirectory;
  send: SendFunction;
  /** Changes a delivered message (rows queued with `editOf`); absent: such rows fail, as on a channel that cannot edit. */
  edit?: EditFunction;
  /** The account's pacing: its channel module's rate-limit profile. */
  rateLimitsFor(channel: ChannelRecord): RateLimitProfile;
  /** Runs inside the transaction that records a state change; main.ts points it at the inbox. */
  onOutcome?: OutcomeHandler;
  limits?: Partial<DeliveryLimits>;
}

export type RetryResult = { status: 'requeued'; row: OutboxRow } | { status: 'not_found' } | { status: 'not_retryable'; row: OutboxRow };

export type Delivery = ReturnType<typeof createDelivery>;

export function createDelivery(options: DeliveryOptions) {
  const limits: DeliveryLimits = { ...defaultDeliveryLimits, ...options.limits };
  const { instanceId } = options;
  // Transactions that reach the outcome handler (the inbox's tables) open on the whole database's handle.
  const db = deliveryTables(options.db);
  const logger = options.logger.child({ module: 'delivery' });
  const onOutcome: OutcomeHandler = options.onOutcome ?? (async () => undefined);
  const counters: DeliveryCounters = {
    claims: 0,
    claimed: 0,
    sent: 0,
    failed: 0,
    retried: 0,
    rateLimited: 0,
    botPauses: 0,
    interrupted: 0,
    recordWindowMs: { count: 0, total: 0, max: 0 },
  };
  const recorder = createAttemptRecorder({
    db: options.db,
    instanceId,
    logger,
    onOutcome,
    window: counters.recordWindowMs,
    isRunning: () => running,
  });
  const maintenance = createTableMaintenance(options.db, logger, limits.vacuumIntervalMs);
  const workers = new Map<number, ChannelWorker>();
  let running = false;
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | null = null;
  let beat: (() => void) | undefined;

  const pendingWorkers = new Map<number, Promise<ChannelWorker>>();

  /** A channel's worker, built on first use with its module's rates (the channel is looked up once). */
  function worker(channelId: number): Promise<ChannelWorker> {
    const existing = workers.get(channelId);
    if (existing) return Promise.resolve(existing);
    let pending = pendingWorkers.get(channelId);
    if (!pending) {
      pending = options.channels
        .get(channelId)
        .then((channel) => {
          const built = workers.get(channelId) ?? createChannelWorker(channelId, { ...workerDeps, limits: ratesOf(channel) });
          workers.set(channelId, built);
          return built;
        })
        .finally(() => pendingWorkers.delete(channelId));
      pendingWorkers.set(channelId, pending);
    }
    return pending;
  }

  function wakeWorker(channelId: number): void {
    worker(channelId).then(
      (each) => each.wake(),
      (error: unknown) =>
        logger.error({ err: error, channel_id: channelId }, 'delivery: could not look the channel up; the sweep tries again'),
    );
  }

  const rateOverrides: Partial<RateLimits> = Object.fromEntries(
    rateLimitNames.filter((name) => limits[name] !== undefined).map((name) => [name, limits[name]]),
  );
  /** A removed channel's rows only fail, so any rates do: the slowest of nothing is a token per second. */
  const ratesOf = (channel: ChannelRecord | null): RateLimitProfile => ({
    ...(channel ? options.rateLimitsFor(channel) : removedChannelRates),
    ...rateOverrides,
  });
  const workerDeps = {
    db,
    instanceId,
    logger,
    channels: options.channels,
    send: options.send,
    edit:
      options.edit ??
      (async () => {
        throw new ChannelError('PERMANENT', 'This server cannot change sent messages.');
      }),
    recorder,
    retryPolicy: limits,
    tuning: { maxInFlight: limits.maxInFlightPerChannel, maxClaimBatch: limits.maxClaimBatch },
    counters,
    isRunning: () => running,
  };

  async function sweepOnce(): Promise<void> {
    try {
      const reclaimed = await reclaimAbandoned(db, { instanceId, deadAfterMs: limits.deadInstanceAfterMs });
      if (reclaimed.length > 0) {
        counters.interrupted += reclaimed.length;
        logger.warn({ rows: reclaimed.length }, 'delivery: took over rows a stopped instance was sending; they may arrive twice');
      }
      const channelIds = new Set([...(await channelsWithQueuedRows(db)), ...reclaimed.map((row) => row.channel_id)]);
      for (const channelId of channelIds) if (!workers.get(channelId)?.isPumping()) (await worker(channelId)).wake();
      for (const each of workers.values()) each.prune();
      await maintenance.run(counters.claimed);
      beat?.();
    } catch (error) {
      logger.error({ err: error }, 'delivery: sweep failed');
    }
  }

  function sweep(): Promise<void> {
    sweeping ??= sweepOnce().finally(() => (sweeping = null));
    return sweeping;
  }

  return {
    limits,
    /** Adds a row in the caller's transaction; call wake(channelId) after the commit. */
    enqueue: (trx: DeliveryDb, input: EnqueueInput): Promise<{ id: number; created: boolean }> => insertOutboxRow(trx, input),
    /** Adds many rows (a broadcast) in the caller's transaction; wake the returned channels after the commit. */
    enqueueMany: (trx: DeliveryDb, inputs: EnqueueInput[]): Promise<{ created: number; channelIds: number[] }> =>
      insertOutboxRows(trx, inputs),
    /** Sends what is queued for this bot now, in this process, without waiting for the sweep. */
    wake(channelId: number): void {
      if (running) wakeWorker(channelId);
    },
    async start(): Promise<void> {
      if (running) return;
      running = true;
      beat = options.heartbeats?.register('delivery', Math.max(10_000, limits.sweepIntervalMs * 5));
      await sweep();
      sweepTimer = setInterval(() => void sweep(), limits.sweepIntervalMs);
    },
    async stop(): Promise<void> {
      if (!running) return;
      running = false;
      clearInterval(sweepTimer);
      options.heartbeats?.unregister('delivery');
      await sweeping;
      await Promise.all([...workers.values()].map((each) => each.drain(limits.stopTimeoutMs)));
    },
    /** Puts a failed (or cancelled) row back in the queue, attempts reset, and sends it. */
    async retry(outboxId: number): Promise<RetryResult> {
      let afterCommit: Array<() => void> = [];
      const result = await options.db.transaction().execute(async (trx): Promise<RetryResult> => {
        const row = await requeueRow(deliveryTables(trx), outboxId);
        if (row) {
          afterCommit = await finishOutcomes([await onOutcome(trx, [{ row, outcome: { state: 'queued' } }])]);
          return { status: 'requeued', row };
        }
        const existing = await findRow(deliveryTables(trx), outboxId);
        return existing ? { status: 'not_retryable', row: existing } : { status: 'not_found' };
      });
      afterCommit.forEach((task) => task());
      if (result.status === 'requeued' && running) wakeWorker(result.row.channel_id);
      return result;
    },
    /** Cancels queued rows (one, or all of a reference such as a broadcast) in the caller's transaction. */
    async cancel(trx: Db, filter: { id: number } | { referenceType: string; referenceId: string | number }): Promise<number> {
      const rows = await cancelRows(deliveryTables(trx), filter);
      // The caller owns the transaction: the pushes go out on the next turn, after it has normally committed.
      if (rows.length === 0) return 0;
      const outcomes = [...rows]
        .sort((a, b) => a.id - b.id)
        .map((row) => ({ row, outcome: { state: 'failed' as const, code: 'CANCELLED', reason: row.last_error ?? 'Cancelled.' } }));
      for (const task of await finishOutcomes([await onOutcome(trx, outcomes)])) setImmediate(task);
      return rows.length;
    },
    /** Puts a reference's cancelled rows back in the queue, in the caller's transaction; wake the channels after it commits. */
    async restore(trx: Db, reference: { referenceType: string; referenceId: string | number }): Promise<number[]> {
      const rows = await restoreCancelledRows(deliveryTables(trx), reference);
      return [...new Set(rows.map((row) => row.channel_id))];
    },
    /** Waits until a direct send (a reply inside a bot flow) fits this bot's and this chat's limits. */
    throttle(channelId: number, chatId: string, lane: Lane = 'interactive'): Promise<void> {
      if (!running) return Promise.resolve();
      return worker(channelId).then((each) => each.throttle(chatId, lane));
    },
    find: (outboxId: number): Promise<OutboxRow | null> => findRow(db, outboxId),
    /** The latest row delivering an inbox message. */
    async findByMessage(messageId: number): Promise<OutboxRow | null> {
      const row = await db.selectFrom('outbox').selectAll().where('message_id', '=', messageId).orderBy('id', 'desc').executeTakeFirst();
      return row ?? null;
    },
    /** The ledger of one row, oldest attempt first. */
    async attempts(outboxId: number): Promise<DeliveryAttempt[]> {
      const rows = await db.selectFrom('delivery_attempts').selectAll().where('outbox_id', '=', outboxId).orderBy('id').execute();
      return rows;
    },
    backlog: () => countBacklog(db),
    /** Deletes finished rows (and their ledger) older than `days`; the retention job calls it. */
    async purgeFinishedOlderThan(days: number): Promise<number> {
      const result = await db
        .deleteFrom('outbox')
        .where('state', 'in', ['sent', 'failed', 'cancelled'])
        .where('updated_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    /** Counters since start, and each bot's live state. */
    stats() {
      const window = counters.recordWindowMs;
      return {
        instanceId,
        running,
        ...counters,
        recordWindowMs: { ...window, average: window.count > 0 ? Math.round((window.total / window.count) * 10) / 10 : 0 },
        channels: [...workers.values()].map((each) => each.snapshot()),
      };
    },
    /** Runs the safety-net sweep now (tests, and an operator's "send now"). */
    sweep,
  };
}
