import { ControlError } from './api-error.ts';
import type { Update } from './bot-api-types.ts';
import { createFaultInjector, type FaultInjector } from './fault-injector.ts';
import { createFileStore, type FileStore } from './file-store.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { createSeededRandom, type Random } from './seeded-random.ts';
import type { BotInfo, BotStats, CreateBotInput, RateModel } from './simulator-types.ts';
import type { SimSequences } from './state-file.ts';
import { createTimerSet, type TimerSet } from './timer-set.ts';
import { createUpdateQueue, type UpdateQueue } from './update-queue.ts';
import { createWebhookSender, type WebhookSender } from './webhook-sender.ts';
import { createWorld, type BotRecord, type World } from './world-state.ts';

export interface StatsCounter {
  requests: number;
  byMethod: Record<string, number>;
  sent: number;
  rateLimited: number;
  injected: { http429: number; http5xx: number; dropped: number; slow: number };
  firstSentAt: number | null;
  lastSentAt: number | null;
}

export interface BotRuntime {
  bot: BotRecord;
  queue: UpdateQueue;
  webhook: WebhookSender;
  stats: StatsCounter;
  nextSetWebhookAt: number;
}

export type ReplyRunner = (rt: BotRuntime, method: string, params: Record<string, unknown>) => void;

export interface SimCoreOptions {
  timeScale: number;
  rates: Partial<RateModel>;
  seed: number;
  /** Sequences to go on from (a state file); bots and chats not in it start fresh. */
  sequences?: SimSequences;
  /** Called when an update is queued (an update_id, and maybe a message_id, was used). */
  onSequenceUsed?: () => void;
}

export interface SimCore {
  world: World;
  files: FileStore;
  limiter: RateLimiter;
  faults: FaultInjector;
  timers: TimerSet;
  timeScale: number;
  random: Random;
  runtime(token: string): BotRuntime | undefined;
  runtimeById(id: number): BotRuntime | undefined;
  requireRuntime(token: string): BotRuntime;
  addBot(input?: CreateBotInput): BotInfo;
  enqueue(rt: BotRuntime, update: Omit<Update, 'update_id'>, chatKey: string): Update;
  countSent(rt: BotRuntime, messages: number): void;
  statsOf(rt: BotRuntime): BotStats;
  /** Set once the method table exists; used for methods a webhook answers with. */
  setReplyRunner(runner: ReplyRunner): void;
  /** Where every update_id and message_id sequence stands, for the state file. */
  sequences(): SimSequences;
  stopRuntimes(): void;
  reset(): void;
}

const newStats = (): StatsCounter => ({
  requests: 0,
  byMethod: {},
  sent: 0,
  rateLimited: 0,
  injected: { http429: 0, http5xx: 0, dropped: 0, slow: 0 },
  firstSentAt: null,
  lastSentAt: null,
});

export function createSimCore(options: SimCoreOptions): SimCore {
  const world = createWorld(options.sequences?.messageIds);
  const firstUpdateIds = options.sequences?.updateIds ?? {};
  const timers = createTimerSet();
  const random = createSeededRandom(options.seed ^ 0x5eed);
  const runtimes = new Map<string, BotRuntime>();
  let replyRunner: ReplyRunner = () => {};

  const core: SimCore = {
    world,
    files: createFileStore(),
    limiter: createRateLimiter(options.rates, options.timeScale, () => Date.now()),
    faults: createFaultInjector(options.seed),
    timers,
    timeScale: options.timeScale,
    random,
    runtime: (token) => runtimes.get(token),
    runtimeById: (id) => [...runtimes.values()].find((rt) => rt.bot.id === id),
    requireRuntime(token) {
      const rt = runtimes.get(token);
      if (!rt) throw new ControlError(`unknown bot token ${JSON.stringify(token)}: create it with createBot first`);
      return rt;
    },
    addBot(input) {
      const { bot, info } = world.createBot(input);
      // Telegram starts update_ids at "a certain positive number", never 1; a known bot goes on from its state.
      const fresh = 100_000_001 + Math.floor(random() * 1_000_000);
      const queue = createUpdateQueue(firstUpdateIds[String(bot.id)] ?? fresh);
      if (options.onSequenceUsed) queue.onPush(options.onSequenceUsed);
      const rt: BotRuntime = {
        bot,
        queue,
        stats: newStats(),
        nextSetWebhookAt: 0,
        webhook: createWebhookSender({
          queue,
          timeScale: options.timeScale,
          random,
          timers,
          onReply: (method, params) => replyRunner(rt, method, params),
        }),
      };
      runtimes.set(bot.token, rt);
      return info;
    },
    enqueue(rt, update, chatKey) {
      return rt.queue.push(update, chatKey).update;
    },
    countSent(rt, messages) {
      const now = Date.now();
      rt.stats.sent += messages;
      rt.stats.firstSentAt ??= now;
      rt.stats.lastSentAt = now;
    },
    statsOf(rt) {
      const { stats } = rt;
      const span = stats.firstSentAt !== null && stats.lastSentAt !== null ? (stats.lastSentAt - stats.firstSentAt) / 1000 : 0;
      return {
        ...stats,
        byMethod: { ...stats.byMethod },
        injected: { ...stats.injected },
        achievedPerSecond: span > 0 ? stats.sent / span : null,
        permittedPerSecond: core.limiter.rates().botPerSecond * options.timeScale,
        timeScale: options.timeScale,
      };
    },
    setReplyRunner(runner) {
      replyRunner = runner;
    },
    sequences() {
      const updateIds = { ...firstUpdateIds };
      for (const rt of runtimes.values()) updateIds[String(rt.bot.id)] = rt.queue.nextUpdateId();
      return { updateIds, messageIds: world.messageIdSequences() };
    },
    stopRuntimes() {
      for (const rt of runtimes.values()) {
        rt.webhook.stop();
        rt.queue.close();
      }
      timers.clearAll();
    },
    reset() {
      core.stopRuntimes();
      runtimes.clear();
      world.reset();
      core.files.reset();
      core.limiter.reset();
      core.faults.reset();
    },
  };
  return core;
}
