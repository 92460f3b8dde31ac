import type { Kysely } from 'kysely';
import type { ChannelAdapter, ChannelRecord, IntakeSink } from '../../channels/channel.ts';
import type { AnyDb, Heartbeats, Logger, RealtimeHub } from '../../platform/index.ts';
import { recordEvents } from '../events.ts';
import { recordInbound, type RecordHooks } from '../record.service.ts';
import type { InboxTables } from '../tables.ts';
import { appendToJournal, claimNextOfChat, findStalledChats, markDone, releaseAfterFailure, type JournalEntry } from './journal.ts';

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
  sweepEveryMs?: number;
  maxAttempts?: number;
}

export type Intake = ReturnType<typeof createIntake>;

/**
 * Journal → inbox → bot handlers. An update is processed in-process right
 * after its journal row commits, one at a time per chat; a sweep picks up what
 * a crash or a busy worker left. Recording in the inbox happens once (it
 * commits with the journal's `recorded` flag); bot handlers run at least once.
 */
export function createIntake(options: IntakeOptions) {
  const { db, logger, instanceId } = options;
  const maxAttempts = options.maxAttempts ?? 5;
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
        for (;;) {
          if (stopped) return;
          const entry = await claimNextOfChat(db, instanceId, channelId, chatKey);
          if (!entry) break;
          if (!(await processEntry(entry))) return;
        }
        if (!drains.get(key)!.dirty) return;
      }
    } catch (error) {
      logger.error({ err: error, channel_id: channelId }, 'intake drain failed');
    } finally {
      releaseSlot();
    }
  }

  /** False when the chat must wait (the entry goes back for a later retry). */
  async function processEntry(entry: JournalEntry): Promise<boolean> {
    const channel = await options.channels.get(entry.channel_id);
    if (!channel) {
      await markDone(db, entry.id, 'the channel was removed');
      return true;
    }
    const adapter = options.adapterFor(channel.kind);
    try {
      if (!entry.recorded) await record(channel, adapter, entry);
    } catch (error) {
      const outcome = await releaseAfterFailure(db, entry, (error as Error).message, maxAttempts);
      logger.error({ err: error, channel_id: channel.id, update_id: entry.update_id, outcome }, 'recording an update failed');
      return outcome === 'failed';
    }
    let dispatchError: string | null = null;
    if (channel.isEnabled) {
      try {
        await adapter.dispatch(channel, entry.payload);
      } catch (error) {
        dispatchError = (error as Error).message;
        logger.warn({ err: error, channel_id: channel.id, update_id: entry.update_id }, 'bot handlers failed on an update');
      }
    }
    await markDone(db, entry.id, dispatchError);
    return true;
  }

  async function record(channel: ChannelRecord, adapter: ChannelAdapter, entry: JournalEntry): Promise<void> {
    const events = await (db as Kysely<InboxTables>).transaction().execute(async (trx) => {
      const drafts = [];
      for (const event of adapter.normalize(entry.payload)) drafts.push(...(await recordInbound(trx, channel, event, options.recordHooks)));
      await trx.updateTable('intake_journal').set({ recorded: true }).where('id', '=', entry.id).execute();
      return recordEvents(trx, drafts);
    });
    options.hub.publish(events);
  }

  async function sweep(): Promise<void> {
    const stalled = await findStalledChats(db, instanceId, 2_000);
    for (const chat of stalled) kick(chat.channel_id, chat.chat_key);
    beat();
  }

  const sink: IntakeSink = {
    async journal(channelId, updates) {
      const inserted = await appendToJournal(db, channelId, updates);
      for (const chatKey of new Set(inserted.map((row) => row.chat_key))) kick(channelId, chatKey);
      return { inserted: inserted.length };
    },
  };

  return {
    sink,
    sweep,
    /** Work in progress right now (for tests and status). */
    activeDrains: () => drains.size,
    start(): void {
      void sweep().catch((error: unknown) => logger.error({ err: error }, 'intake sweep failed'));
      sweepTimer = setInterval(() => void sweep().catch((error: unknown) => logger.warn({ err: error }, 'intake sweep failed')), options.sweepEveryMs ?? 5_000);
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
