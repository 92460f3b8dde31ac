import type { ChannelAdapter, ChannelRecord, IntakeSink } from '../../channels/channel.ts';
import { withUrgentConnection, type Db, type Heartbeats, type Logger, type RealtimeEvent, type RealtimeHub } from '../../platform/index.ts';
import { recordEvents } from '../events.ts';
import type { RecordHooks } from '../record.service.ts';
import { inboxTables } from '../tables.ts';
import {
  appendToJournal,
  chatKeyOf,
  claimRunsOfChats,
  findStalledChats,
  markDone,
  markRecorded,
  releaseAfterFailure,
  type JournalEntry,
} from './journal.ts';
import { listParked, requeueParked } from './backlog.ts';
import { createJournalBatcher } from './journal-batcher.ts';
import { createPayloadMemo } from './payload-memo.ts';
import { recordInboundBatch, type BatchItem } from './record-batch.ts';
import { sanitizeDeep } from './sanitize.ts';

export interface IntakeOptions {
  db: Db;
  instanceId: string;
  logger: Logger;
  heartbeats: Heartbeats;
  hub: RealtimeHub;
  channels: { get(channelId: number): Promise<ChannelRecord | null> };
  adapterFor(kind: string): ChannelAdapter;
  /** Auto-assignment and the like, when an incoming message opens a conversation. */
  recordHooks?: RecordHooks;
  /** How many chats are drained at once (PGlite has one connection: keep it small). */
  concurrency: number;
  /** How many updates of one chat are recorded in one transaction (default 50). */
  batchSize?: number;
  sweepEveryMs?: number;
  maxAttempts?: number;
}

export type Intake = ReturnType<typeof createIntake>;

// Bot handlers of a run that ran longer ago than this are marked done before the next one runs.
const handlersUnsavedMs = 100;
// One batch: this many chats at most, and this many updates in all (per chat: min(batchSize, this ÷ chats)).
const maxChatsPerBatch = 100;
const maxEntriesPerBatch = 200;
// Another worker starts when more than this many chats per running worker wait.
const chatsPerExtraWorker = 25;
// Bot handlers of this many chats run at once (each chat's in order): the flows' first read of each event is shared
// by the chats that ask in the same turn (one query for them all), and the pool keeps room for webhooks.
const handlerChatsAtOnce = 16;

type Outcome = 'done' | 'more' | 'wait';

/**
 * Journal → inbox → bot handlers. An update is processed in-process right
 * after its journal row commits, in order per chat (the updates a chat has
 * waiting are recorded together, in one transaction); a sweep picks up what
 * a crash or a busy worker left. Recording in the inbox happens once (it
 * commits with the journal's `recorded` flag); bot handlers run at least once.
 */
export function createIntake(options: IntakeOptions) {
  const { logger, instanceId } = options;
  const db = inboxTables(options.db);
  const maxAttempts = options.maxAttempts ?? 5;
  const batchSize = options.batchSize ?? 50;
  // Chats with work: queued (in `ready`, in kick order) or running (in a batch; `dirty` when kicked meanwhile).
  const chats = new Map<string, { channelId: number; chatKey: string; running: boolean; dirty: boolean }>();
  const ready: string[] = [];
  const running = new Set<Promise<void>>();
  let workers = 0;
  // Workers whose bot handlers have run longer than handlersUnsavedMs, out of `workers`.
  let inHandlers = 0;
  let stopped = false;
  let sweepTimer: NodeJS.Timeout | undefined;
  const beat = options.heartbeats.register('intake', 60_000);

  function kick(channelId: number, chatKey: string): void {
    if (stopped) return;
    const key = chatKeyOf(channelId, chatKey);
    const existing = chats.get(key);
    if (existing) {
      if (existing.running) existing.dirty = true;
      return;
    }
    chats.set(key, { channelId, chatKey, running: false, dirty: false });
    ready.push(key);
    startWorkers();
  }

  function startWorkers(): void {
    // A further worker only for a queue the recording ones leave long: chats that wait for a batch being recorded join
    // the next one, and a few large batches cost far less per update than many small ones (issue 27). A worker whose
    // bot handlers take long (a reply may wait for the messenger's limits) holds nobody up.
    while (workers < options.concurrency && ready.length > (workers - inHandlers) * chatsPerExtraWorker && !stopped) {
      workers += 1;
      const task = work().finally(() => {
        workers -= 1;
        running.delete(task);
      });
      running.add(task);
    }
  }

  /** Takes the chats waiting, many at a time, until none wait. */
  async function work(): Promise<void> {
    while (!stopped && ready.length > 0) {
      const keys = ready.splice(0, maxChatsPerBatch);
      const picked = keys.map((key) => chats.get(key)!);
      for (const chat of picked) {
        chat.running = true;
        chat.dirty = false;
      }
      let outcomes: Map<string, Outcome>;
      try {
        outcomes = await runBatch(picked);
      } catch (error) {
        logger.error({ err: error }, 'intake batch failed');
        outcomes = new Map();
      }
      for (const [index, chat] of picked.entries()) {
        const outcome = outcomes.get(keys[index]!) ?? 'wait';
        // 'wait': a retry later (the sweep) or another instance's turn.
        if (!stopped && (outcome === 'more' || (outcome === 'done' && chat.dirty))) {
          chat.running = false;
          chat.dirty = false;
          ready.push(keys[index]!);
        } else chats.delete(keys[index]!);
      }
      // The HTTP side (webhooks acknowledged, WebSocket frames) gets its turn between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** A batch of chats; when it fails, each chat again one update at a time, so the one that fails is retried or parked alone. */
  async function runBatch(picked: Array<{ channelId: number; chatKey: string }>): Promise<Map<string, Outcome>> {
    const perChat = Math.max(1, Math.min(batchSize, Math.floor(maxEntriesPerBatch / picked.length)));
    const attempt = await processBatch(picked, perChat);
    if (!('failed' in attempt)) return attempt;
    const { error, entries } = attempt;
    if (entries.length === 1)
      return new Map([[chatKeyOf(entries[0]!.channel_id, entries[0]!.chat_key), await releaseOne(entries[0]!, error)]]);
    if (entries.length === 0) throw error;
    logger.warn({ err: error, chats: picked.length, entries: entries.length }, 'recording a batch of updates failed; retrying one by one');
    const outcomes = new Map<string, Outcome>();
    for (const chat of picked) {
      let outcome: Outcome = 'more';
      while (outcome === 'more' && !stopped) {
        const single = await processBatch([chat], 1);
        if ('failed' in single) {
          if (single.entries.length === 0) throw single.error;
          outcome = (await releaseOne(single.entries[0]!, single.error)) === 'more' ? 'more' : 'wait';
        } else outcome = single.get(chatKeyOf(chat.channelId, chat.chatKey)) === 'more' ? 'more' : 'done';
      }
      outcomes.set(chatKeyOf(chat.channelId, chat.chatKey), outcome);
    }
    return outcomes;
  }

  async function releaseOne(entry: JournalEntry, error: unknown): Promise<Outcome> {
    const outcome = await releaseAfterFailure(db, entry, (error as Error).message, maxAttempts);
    logger.error({ err: error, channel_id: entry.channel_id, event_id: entry.event_id, outcome }, 'recording an update failed');
    return outcome === 'parked' ? 'more' : 'wait';
  }

  /**
   * One transaction claims the chats' oldest open entries, records them all,
   * marks them recorded (done, when no bot handler has to run) and records
   * their realtime events; then the bot handlers run, in order per chat, and
   * one statement marks them done. 'more': a chat had a full run (more may wait).
   */
  async function processBatch(
    picked: Array<{ channelId: number; chatKey: string }>,
    perChat: number,
  ): Promise<Map<string, Outcome> | { failed: true; error: unknown; entries: JournalEntry[] }> {
    const channels = new Map<number, { channel: ChannelRecord; adapter: ChannelAdapter } | null>();
    for (const channelId of new Set(picked.map((chat) => chat.channelId))) {
      const channel = await options.channels.get(channelId);
      channels.set(channelId, channel ? { channel, adapter: options.adapterFor(channel.kind) } : null);
    }
    let entries: JournalEntry[] = [];
    let busy = new Set<string>();
    let events: RealtimeEvent[];
    try {
      events = await db.transaction().execute(async (trx) => {
        ({ entries, busy } = await claimRunsOfChats(trx, instanceId, picked, perChat, takePayload));
        if (entries.length === 0) return [];
        const items: BatchItem[] = [];
        for (const entry of entries) {
          const known = channels.get(entry.channel_id);
          if (!known || entry.recorded) continue;
          for (const event of known.adapter.normalize(entry.payload)) items.push({ channel: known.channel, event: sanitizeDeep(event) });
        }
        const drafts = await recordInboundBatch(trx, items, options.recordHooks);
        const dispatching = (entry: JournalEntry) => Boolean(channels.get(entry.channel_id)?.channel.isEnabled);
        const removed = entries.filter((entry) => !channels.get(entry.channel_id));
        await markRecorded(
          trx,
          instanceId,
          removed.map((entry) => entry.id),
          { done: true, error: 'the channel was removed' },
        );
        const kept = entries.filter((entry) => channels.get(entry.channel_id));
        await markRecorded(
          trx,
          instanceId,
          kept.filter(dispatching).map((entry) => entry.id),
          { done: false },
        );
        await markRecorded(
          trx,
          instanceId,
          kept.filter((entry) => !dispatching(entry)).map((entry) => entry.id),
          { done: true },
        );
        // Last statement before COMMIT: it takes the lock that orders events, held only until the commit.
        return recordEvents(trx, drafts);
      });
    } catch (error) {
      return { failed: true, error, entries };
    }
    options.hub.publish(events);
    // Handlers still running after a moment (a reply waiting for the messenger) no longer hold the queue: the next
    // chats get a worker of their own. Quick ones keep it, so the chats that arrived meanwhile go in one batch.
    let waitedLong = false;
    const slow = setTimeout(() => {
      waitedLong = true;
      inHandlers += 1;
      startWorkers();
    }, handlersUnsavedMs);
    try {
      await runHandlers(
        entries.filter((entry) => channels.get(entry.channel_id)?.channel.isEnabled),
        channels,
      );
    } finally {
      clearTimeout(slow);
      if (waitedLong) inHandlers -= 1;
    }
    const claimed = new Map<string, number>();
    for (const entry of entries)
      claimed.set(chatKeyOf(entry.channel_id, entry.chat_key), (claimed.get(chatKeyOf(entry.channel_id, entry.chat_key)) ?? 0) + 1);
    return new Map(
      picked.map((chat) => {
        const key = chatKeyOf(chat.channelId, chat.chatKey);
        const outcome: Outcome = busy.has(key) ? 'wait' : (claimed.get(key) ?? 0) >= perChat ? 'more' : 'done';
        return [key, outcome];
      }),
    );
  }

  /** Bot handlers of recorded entries: each chat's in journal order, a few chats at once. */
  async function runHandlers(entries: JournalEntry[], channels: Map<number, { channel: ChannelRecord; adapter: ChannelAdapter } | null>) {
    const byChat = new Map<string, JournalEntry[]>();
    for (const entry of entries) {
      const key = chatKeyOf(entry.channel_id, entry.chat_key);
      byChat.set(key, [...(byChat.get(key) ?? []), entry]);
    }
    const queue = [...byChat.values()];
    const finished: Array<{ id: number; error: string | null }> = [];
    let unsavedSince = performance.now();
    const runChats = async () => {
      for (let run = queue.shift(); run; run = queue.shift()) {
        for (const entry of run) {
          const { channel, adapter } = channels.get(entry.channel_id)!;
          let dispatchError: string | null = null;
          try {
            await adapter.dispatch(channel, entry.payload);
          } catch (error) {
            dispatchError = (error as Error).message;
            logger.warn({ err: error, channel_id: channel.id, event_id: entry.event_id }, 'bot handlers failed on an update');
          }
          finished.push({ id: entry.id, error: dispatchError });
          // Handlers that take time (replies wait for Telegram's limits) are marked done as they finish, so a crash
          // repeats at most the last moment's worth of them; quick ones are marked together.
          if (performance.now() - unsavedSince > handlersUnsavedMs) {
            unsavedSince = performance.now();
            await markDone(db, finished.splice(0));
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(handlerChatsAtOnce, queue.length) }, runChats));
    await markDone(db, finished);
  }

  async function sweep(): Promise<void> {
    const stalled = await findStalledChats(db, instanceId, 2_000);
    for (const chat of stalled) kick(chat.channel_id, chat.chat_key);
    beat();
  }

  const payloads = createPayloadMemo();
  const takePayload = payloads.take;
  // Acknowledging fast is the contract: on the embedded engine the journal INSERT goes before queued processing.
  const journal = createJournalBatcher((channelId, updates) => withUrgentConnection(() => appendToJournal(db, channelId, updates)));
  const sink: IntakeSink = {
    async journal(channelId, updates) {
      const inserted = await journal.append(channelId, updates);
      payloads.remember(updates, inserted);
      for (const chatKey of new Set(inserted.map((row) => row.chat_key))) kick(channelId, chatKey);
      return { inserted: inserted.length, eventIds: inserted.map((row) => row.event_id) };
    },
  };

  return {
    sink,
    sweep,
    /** Drains a chat another instance journaled (a web-only one signals the workers). */
    wake: kick,
    /** Work in progress right now (for tests and status). */
    activeDrains: () => chats.size,
    listParked: (limit: number) => listParked(db, limit),
    /** An admin's retry: the parked update goes back to its chat's queue and is processed at once. */
    async retryParked(id: number): Promise<boolean> {
      const requeued = await requeueParked(db, id);
      if (requeued) kick(requeued.channel_id, requeued.chat_key);
      return requeued !== null;
    },
    start(): void {
      void sweep().catch((error: unknown) => logger.error({ err: error }, 'intake sweep failed'));
      sweepTimer = setInterval(
        () => void sweep().catch((error: unknown) => logger.warn({ err: error }, 'intake sweep failed')),
        options.sweepEveryMs ?? 5_000,
      );
      sweepTimer.unref();
    },
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(sweepTimer);
      await Promise.allSettled([...running]);
      options.heartbeats.unregister('intake');
    },
  };
}
