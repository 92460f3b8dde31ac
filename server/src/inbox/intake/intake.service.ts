import type { ChannelAdapter, ChannelRecord, IntakeSink } from '../../channels/channel.ts';
import {
  withUrgentConnection,
  type AnyDb,
  type Heartbeats,
  type Logger,
  type RealtimeEvent,
  type RealtimeHub,
} from '../../platform/index.ts';
import { recordEvents, type EventDraft } from '../events.ts';
import { createRecordMemo, recordInbound, type RecordHooks } from '../record.service.ts';
import { inboxTables } from '../tables.ts';
import {
  appendToJournal,
  claimRunOfChat,
  findStalledChats,
  markDone,
  markRecorded,
  releaseAfterFailure,
  type JournalEntry,
} from './journal.ts';
import { listParked, requeueParked } from './backlog.ts';
import { sanitizeDeep } from './sanitize.ts';

export interface IntakeOptions {
  db: AnyDb;
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

/**
 * Journal → inbox → bot handlers. An update is processed in-process right
 * after its journal row commits, in order per chat (the updates a chat has
 * waiting are recorded together, in one transaction); a sweep picks up what
 * a crash or a busy worker left. Recording in the inbox happens once (it
 * commits with the journal's `recorded` flag); bot handlers run at least once.
 */
export function createIntake(options: IntakeOptions) {
  const { db, logger, instanceId } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const batchSize = options.batchSize ?? 50;
  const drains = new Map<string, { dirty: boolean }>();
  const running = new Set<Promise<void>>();
  const slotWaiters: Array<() => void> = [];
  let activeSlots = 0;
  let stopped = false;
  let sweepTimer: NodeJS.Timeout | undefined;
  const beat = options.heartbeats.register('intake', 60_000);

  async function acquireSlot(): Promise<void> {
    if (activeSlots < options.concurrency) {
      activeSlots += 1;
      return;
    }
    await new Promise<void>((resolve) => slotWaiters.push(resolve));
  }
  function releaseSlot(): void {
    const next = slotWaiters.shift();
    if (next) next();
    else activeSlots -= 1;
  }

  function kick(channelId: number, chatKey: string): void {
    if (stopped) return;
    const key = `${channelId}\u0000${chatKey}`;
    const existing = drains.get(key);
    if (existing) {
      existing.dirty = true;
      return;
    }
    drains.set(key, { dirty: false });
    const task = drain(channelId, chatKey, key).finally(() => {
      drains.delete(key);
      running.delete(task);
    });
    running.add(task);
  }

  async function drain(channelId: number, chatKey: string, key: string): Promise<void> {
    await acquireSlot();
    try {
      for (;;) {
        drains.get(key)!.dirty = false;
        let size = batchSize;
        for (;;) {
          if (stopped) return;
          const outcome = await processRun(channelId, chatKey, size);
          if (outcome === 'empty') break;
          if (outcome === 'wait') return;
          // After a run failed, this drain goes one update at a time: the one that fails is then retried or parked alone.
          if (outcome === 'retry-singly') size = 1;
        }
        if (!drains.get(key)!.dirty) return;
      }
    } catch (error) {
      logger.error({ err: error, channel_id: channelId }, 'intake drain failed');
    } finally {
      releaseSlot();
    }
  }

  /**
   * One transaction claims the chat's oldest open entries, records them all,
   * marks them recorded (done, when no bot handler has to run) and records
   * their realtime events; then the bot handlers run in order, and one
   * statement marks the run done.
   */
  async function processRun(channelId: number, chatKey: string, size: number): Promise<'empty' | 'more' | 'wait' | 'retry-singly'> {
    const channel = await options.channels.get(channelId);
    const adapter = channel ? options.adapterFor(channel.kind) : undefined;
    const dispatches = Boolean(channel?.isEnabled);
    let entries: JournalEntry[] = [];
    let events: RealtimeEvent[];
    try {
      events = await inboxTables(db)
        .transaction()
        .execute(async (trx) => {
          entries = await claimRunOfChat(trx, instanceId, channelId, chatKey, size);
          if (entries.length === 0) return [];
          if (!channel || !adapter) {
            await markRecorded(
              trx,
              instanceId,
              entries.map((entry) => entry.id),
              { done: true, error: 'the channel was removed' },
            );
            return [];
          }
          const memo = createRecordMemo();
          const drafts: EventDraft[] = [];
          for (const entry of entries) {
            if (entry.recorded) continue;
            for (const event of adapter.normalize(entry.payload).map(sanitizeDeep))
              drafts.push(...(await recordInbound(trx, channel, event, options.recordHooks, memo)));
          }
          await markRecorded(
            trx,
            instanceId,
            entries.map((entry) => entry.id),
            { done: !dispatches },
          );
          // Last statement before COMMIT: it takes the lock that orders events, held only until the commit.
          return recordEvents(trx, drafts);
        });
    } catch (error) {
      if (entries.length > 1) {
        logger.warn(
          { err: error, channel_id: channelId, entries: entries.length },
          'recording a run of updates failed; retrying one by one',
        );
        return 'retry-singly';
      }
      const [entry] = entries;
      if (!entry) throw error;
      const outcome = await releaseAfterFailure(db, entry, (error as Error).message, maxAttempts);
      logger.error({ err: error, channel_id: channelId, event_id: entry.event_id, outcome }, 'recording an update failed');
      return outcome === 'parked' ? 'more' : 'wait';
    }
    if (entries.length === 0) return 'empty';
    options.hub.publish(events);
    if (channel && adapter && dispatches) {
      const finished: Array<{ id: number; error: string | null }> = [];
      let unsavedSince = performance.now();
      for (const entry of entries) {
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
          await markDone(db, finished.splice(0));
          unsavedSince = performance.now();
        }
      }
      await markDone(db, finished);
    }
    return 'more';
  }

  async function sweep(): Promise<void> {
    const stalled = await findStalledChats(db, instanceId, 2_000);
    for (const chat of stalled) kick(chat.channel_id, chat.chat_key);
    beat();
  }

  const sink: IntakeSink = {
    async journal(channelId, updates) {
      // Acknowledging fast is the contract: on the embedded engine the journal INSERT goes before queued processing.
      const inserted = await withUrgentConnection(() => appendToJournal(db, channelId, updates));
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
    activeDrains: () => drains.size,
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
