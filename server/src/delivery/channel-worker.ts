// Sends one bot's queue: claims what its limits allow now, sends each row and
// records the result at once, then sleeps until the next thing can happen.
import { ChannelError, type ChannelRecord } from '../channels/channel.ts';
import type { Logger } from '../platform/index.ts';
import type { AttemptRecorder } from './attempt-recorder.ts';
import { createAlarm } from './alarm.ts';
import type { AttemptRecord } from './outbox-attempts.ts';
import { claimRows, ensureBudget, releaseClaim, takeBudgetTokens, type ClaimBudget, type ClaimedRow } from './outbox-claims.ts';
import { chatHistoryScope, createChannelLimiter, type RateLimitProfile } from './rate-limiter.ts';
import { decideRetry, type RetryPolicy } from './retry-policy.ts';
import { laneRank, type DeliveryDb, type Lane, type OutboxRow } from './tables.ts';
import type { ChannelDirectory, DeliveryCounters, DeliveryOutcome, EditFunction, SendFunction } from './delivery.types.ts';

export interface WorkerTuning {
  maxInFlight: number;
  maxClaimBatch: number;
}

export interface WorkerDeps {
  db: DeliveryDb;
  instanceId: string;
  logger: Logger;
  channels: ChannelDirectory;
  send: SendFunction;
  /** Rows that change a delivered message (`edit_of`) go here instead of `send`. */
  edit: EditFunction;
  recorder: AttemptRecorder;
  /** The account's pacing, from its channel module (with any overrides). */
  limits: RateLimitProfile;
  retryPolicy: RetryPolicy;
  tuning: WorkerTuning;
  counters: DeliveryCounters;
  isRunning(): boolean;
}

interface Waiter {
  chatId: string;
  rank: number;
  resolve(): void;
  reject(error: Error): void;
}

export type ChannelWorker = ReturnType<typeof createChannelWorker>;

// A chat's recorded sends lag this instance's own by the time to record them: a wait that small is this instance's own pace.
const handoverSlackMs = 20;

export function createChannelWorker(channelId: number, deps: WorkerDeps) {
  const limiter = createChannelLimiter(deps.limits);
  // The bot's bucket as every instance shares it; created on the first claim.
  const budget: ClaimBudget = {
    burst: deps.limits.botBurst,
    perSecond: deps.limits.botPerSecond,
    chatHistory: chatHistoryScope(deps.limits),
  };
  let budgetReady = false;
  const inFlight = new Map<number, Promise<void>>();
  const waiters: Waiter[] = [];
  const alarm = createAlarm(() => wake());
  // When the bot's tokens run dry, claim in small batches instead of one row per query.
  const minimumBatch = Math.max(1, Math.min(deps.limits.botBurst, Math.round(deps.limits.botPerSecond / 10)));
  const minimumRoom = Math.max(1, Math.floor(Math.min(deps.tuning.maxInFlight, deps.tuning.maxClaimBatch) / 4));
  let pumping = false;
  let pumpRun: Promise<void> = Promise.resolve();
  let again = false;
  // Whether a claim may find something: set by wake-ups, consumed by a claim that came back short, so
  // a send finishing in an idle queue costs no query.
  let claimable = true;
  let wakeups = 0;

  /** Something may have become sendable (a commit, a timer, the sweep). */
  function wake(): void {
    claimable = true;
    wakeups++;
    kick();
  }

  function kick(): void {
    if (!deps.isRunning()) return;
    serveWaiters();
    if (pumping) {
      again = true;
      return;
    }
    pumpRun = pump();
  }

  async function pump(): Promise<void> {
    pumping = true;
    try {
      do {
        again = false;
        if (claimable) await pumpOnce();
      } while (again && deps.isRunning());
    } catch (error) {
      deps.logger.error({ err: error, channel_id: channelId }, 'delivery: claiming failed; trying again shortly');
      alarm.at(Date.now() + 1_000);
    } finally {
      pumping = false;
    }
  }

  async function pumpOnce(): Promise<void> {
    const now = Date.now();
    const room = Math.min(deps.tuning.maxInFlight - inFlight.size, deps.tuning.maxClaimBatch);
    // With the in-flight cap reached, wait for a quarter of it to free up rather than claiming row by row.
    if (room <= 0 || (room < minimumRoom && inFlight.size > 0)) return; // a finishing send kicks us
    const available = limiter.botAvailable(now);
    if (available < Math.min(room, minimumBatch)) {
      alarm.at(now + Math.max(1, limiter.botWait(Math.min(room, minimumBatch), now)));
      return;
    }
    const channel = await deps.channels.get(channelId);
    if (channel && (!channel.isEnabled || channel.status === 'stopped')) return; // rows wait; the sweep looks again
    const limit = Math.min(room, available);
    const skipChats = limiter.blockedChats(now);
    const generation = wakeups;
    claimable = false;
    if (!budgetReady) await ensureBudget(deps.db, channelId, budget.burst);
    budgetReady = true;
    const { rows, budgetLeft } = await claimRows(deps.db, { channelId, instanceId: deps.instanceId, limit, skipChats, budget });
    deps.counters.claims++;
    // Other instances spend the same bucket: this process's view follows it (startSend then takes each row's token).
    limiter.shareBot(budgetLeft + rows.length);
    for (const row of rows) startSend(channel, row, generation);
    if (rows.length === limit) {
      claimable = true;
      again = true;
    } else if (budgetLeft < 1) {
      // The shared bucket ran dry before the queue did: claim again when it has refilled.
      claimable = true;
      alarm.at(Date.now() + Math.max(1, limiter.botWait(Math.min(room, minimumBatch))));
    } else if (skipChats.length > 0) alarm.at(limiter.nextUnblockAt() ?? now + 1_000);
  }

  function startSend(channel: ChannelRecord | null, claimed: ClaimedRow, generation: number): void {
    const { has_next: hasNext, recent_sends: recentSends, ...row } = claimed;
    const cost = Math.max(1, row.payload.media?.length ?? 0);
    const now = Date.now();
    const delayMs = limiter.chatWait(row.external_chat_id, cost, now);
    // The chat's sends as recorded by every instance: when another instance wrote to it since this one did, the row
    // goes back to wait its turn (sending it late would spend a bot token now for a message that leaves later).
    const historyMs = limiter.chatHistoryWait(row.external_chat_id, recentSends, cost, now);
    const handedBack = historyMs > delayMs + handoverSlackMs;
    if (handedBack) limiter.restChat(row.external_chat_id, now + historyMs, now);
    else limiter.take(row.external_chat_id, cost, now);
    deps.counters.claimed++;
    const task = (handedBack ? handBack(row, now + historyMs) : deliver(channel, row, Math.max(delayMs, historyMs)))
      .catch((error: unknown) => deps.logger.error({ err: error, outbox_id: row.id }, 'delivery: could not record an attempt'))
      .finally(() => {
        inFlight.delete(row.id);
        // The chat's next row is now its head; or rows arrived while this one was out (their claim skipped its chat).
        if (hasNext || wakeups !== generation) claimable = true;
        kick();
      });
    inFlight.set(row.id, task);
  }

  async function handBack(row: OutboxRow, notBefore: number): Promise<void> {
    await releaseClaim(deps.db, { row, instanceId: deps.instanceId, notBefore: new Date(notBefore) });
    alarm.at(notBefore);
  }

  async function deliver(channel: ChannelRecord | null, row: OutboxRow, delayMs: number): Promise<void> {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const startedAt = new Date();
    let attempt: AttemptRecord;
    try {
      if (!channel) throw new ChannelError('NOT_FOUND', 'The channel of this message no longer exists: connect it again, then retry.');
      const sent = row.edit_of === null ? await deps.send(channel, row.payload) : await editDelivered(channel, row, row.edit_of);
      limiter.succeeded();
      attempt = { outcome: 'sent', startedAt, durationMs: Date.now() - startedAt.getTime(), externalIds: sent.externalIds };
    } catch (error) {
      attempt = failedAttempt(row, asChannelError(error), startedAt);
    }
    afterRecord(row, attempt, await deps.recorder.record(row, attempt, outcomeFor(attempt)));
  }

  /** An edit row: the message its target row delivered gets the row's text (the target was sent first: same chat and lane). */
  async function editDelivered(channel: ChannelRecord, row: OutboxRow, targetId: number) {
    const target = await deps.db.selectFrom('outbox').select(['state', 'external_ids']).where('id', '=', targetId).executeTakeFirst();
    const externalId = target?.state === 'sent' ? target.external_ids?.[0] : undefined;
    if (!externalId) throw new ChannelError('NOT_FOUND', 'The message to change was never delivered (or is long gone): nothing to edit.');
    await deps.edit(channel, row.external_chat_id, externalId, row.payload.text ?? '', row.payload.choices);
    return { externalIds: [externalId] };
  }

  function failedAttempt(row: OutboxRow, error: ChannelError, startedAt: Date): AttemptRecord {
    const durationMs = Date.now() - startedAt.getTime();
    if (error.code === 'RATE_LIMITED' && !error.quota) {
      deps.counters.rateLimited++;
      const scope = limiter.rateLimited(row.external_chat_id, error.retryAfterMs ?? deps.retryPolicy.baseDelayMs);
      if (scope === 'bot') deps.counters.botPauses++;
    } else limiter.succeeded();
    const decision = decideRetry(error, row.attempts, deps.retryPolicy);
    const base = { startedAt, durationMs, errorCode: error.code, description: error.message, retryAfterMs: error.retryAfterMs };
    if (decision.action === 'fail') return { ...base, outcome: 'failed' };
    return { ...base, outcome: 'retrying', nextAttemptAt: new Date(Date.now() + decision.delayMs) };
  }

  function afterRecord(row: OutboxRow, attempt: AttemptRecord, updated: OutboxRow | null): void {
    if (!updated) deps.logger.warn({ outbox_id: row.id }, 'delivery: another instance took this row over while it was being sent');
    if (attempt.outcome === 'sent') deps.counters.sent++;
    else if (attempt.outcome === 'failed') {
      deps.counters.failed++;
      deps.logger.info({ outbox_id: row.id, code: attempt.errorCode, reason: attempt.description }, 'delivery: message failed');
    } else {
      deps.counters.retried++;
      if (attempt.nextAttemptAt) alarm.at(attempt.nextAttemptAt.getTime());
    }
  }

  let serving = false;
  let serveAgain = false;

  /**
   * Lets waiting direct sends go. Each takes a token of the bot's bucket as every
   * instance shares it (delivery_rate_budget), so two instances' flow replies and
   * claims together keep the bot's rate; the chat's pace is this process's (one
   * instance processes a chat at a time).
   */
  function serveWaiters(): void {
    if (waiters.length === 0) return;
    if (serving) {
      serveAgain = true;
      return;
    }
    serving = true;
    serveAgain = false;
    void serveWaitersNow()
      .catch((error: unknown) => {
        deps.logger.error({ err: error, channel_id: channelId }, 'delivery: a direct send could not take its token; trying again shortly');
        if (deps.isRunning()) alarm.at(Date.now() + 1_000);
      })
      .finally(() => {
        serving = false;
        if (serveAgain) serveWaiters();
      });
  }

  async function serveWaitersNow(): Promise<void> {
    let now = Date.now();
    // The first waiter of each chat that may take a message now, best lane first, as many as this process's view allows.
    const chats = new Set<string>();
    const ready = waiters.filter((waiter) => {
      if (chats.has(waiter.chatId) || limiter.chatWait(waiter.chatId, 1, now) > 0) return false;
      chats.add(waiter.chatId);
      return true;
    });
    const wanted = ready.slice(0, limiter.botAvailable(now));
    if (wanted.length > 0) {
      if (!budgetReady) await ensureBudget(deps.db, channelId, budget.burst);
      budgetReady = true;
      const { granted, tokensLeft } = await takeBudgetTokens(deps.db, { channelId, count: wanted.length, budget });
      now = Date.now();
      limiter.shareBot(tokensLeft + granted, now);
      for (const waiter of wanted.slice(0, granted)) {
        const index = waiters.indexOf(waiter);
        if (index === -1) continue; // refused by a stop meanwhile
        limiter.take(waiter.chatId, 1, now);
        waiters.splice(index, 1);
        waiter.resolve();
      }
      if (granted === wanted.length && waiters.length > 0) serveAgain = true;
    }
    if (waiters.length > 0 && deps.isRunning()) {
      const waits = waiters.map((waiter) => Math.max(limiter.botWait(1, now), limiter.chatWait(waiter.chatId, 1, now)));
      alarm.at(now + Math.max(1, Math.min(...waits)));
    }
  }

  return {
    channelId,
    wake,
    /** Resolves when a message to `chatId` may be sent directly, sharing this bot's limits. */
    throttle(chatId: string, lane: Lane): Promise<void> {
      return new Promise((resolve, reject) => {
        const rank = laneRank(lane);
        const position = waiters.findIndex((waiter) => waiter.rank > rank);
        waiters.splice(position === -1 ? waiters.length : position, 0, { chatId, rank, resolve, reject });
        serveWaiters();
      });
    },
    prune(): void {
      limiter.prune();
    },
    isPumping: () => pumping,
    snapshot() {
      return {
        channelId,
        inFlight: inFlight.size,
        throttled: waiters.length,
        trackedChats: limiter.trackedChats(),
        botPausedUntil: limiter.botPausedUntil() > Date.now() ? new Date(limiter.botPausedUntil()).toISOString() : null,
      };
    },
    /** Stops timers, refuses waiting throttles and waits (bounded) for sends in flight to be recorded. */
    async drain(timeoutMs: number): Promise<void> {
      alarm.clear();
      for (const waiter of waiters.splice(0)) waiter.reject(new Error('Delivery stopped.'));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      // A claim under way at the stop still starts its sends: wait for it, then for every send in flight.
      await Promise.race([pumpRun.then(() => Promise.allSettled([...inFlight.values()])), timeout]);
      clearTimeout(timer);
    },
  };
}

function outcomeFor(attempt: AttemptRecord): DeliveryOutcome | null {
  if (attempt.outcome === 'sent') return { state: 'sent', externalIds: attempt.externalIds };
  if (attempt.outcome === 'failed') return { state: 'failed', code: attempt.errorCode, reason: attempt.description };
  // Being paced by the platform is routine: the message simply stays queued.
  return attempt.errorCode === 'RATE_LIMITED' ? null : { state: 'queued', code: attempt.errorCode, reason: attempt.description };
}

function asChannelError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  return new ChannelError('PERMANENT', error instanceof Error ? error.message : String(error));
}
