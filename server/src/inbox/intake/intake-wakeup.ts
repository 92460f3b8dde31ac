import type { IntakeSink } from '../../channels/channel.ts';
import { withUrgentConnection, type Db, type WakeupSignal } from '../../platform/index.ts';
import { appendToJournal } from './journal.ts';
import { inboxTables } from '../tables.ts';

/**
 * The intake of a web-only instance (SWITCHBOARD_ROLE=web): it journals and
 * acknowledges like any instance, then signals the workers, which process the
 * chat at once (see listenForJournaledChats) rather than at their next sweep.
 * A lost signal only delays: the workers' sweep finds the entry.
 */
export function createSignallingSink(db: Db, signal: WakeupSignal): IntakeSink {
  return {
    async journal(channelId, updates) {
      const inserted = await withUrgentConnection(() => appendToJournal(inboxTables(db), channelId, updates));
      for (const chatKey of new Set(inserted.map((row) => row.chat_key))) {
        await signal.send(JSON.stringify([channelId, chatKey]));
      }
      return { inserted: inserted.length, eventIds: inserted.map((row) => row.event_id) };
    },
  };
}

/** On a worker: drains each chat another instance journaled, as soon as it says so. */
export function listenForJournaledChats(
  signal: WakeupSignal,
  wake: (channelId: number, chatKey: string) => void,
): Promise<() => Promise<void>> {
  return signal.listen((subject) => {
    const parsed: unknown = JSON.parse(subject);
    if (Array.isArray(parsed) && typeof parsed[0] === 'number' && typeof parsed[1] === 'string') wake(parsed[0], parsed[1]);
  });
}
