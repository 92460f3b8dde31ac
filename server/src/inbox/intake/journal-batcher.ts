import type { RawUpdate } from '../../channels/channel.ts';
import type { JournaledRow } from './journal.ts';

type Request = { updates: RawUpdate[]; resolve(rows: JournaledRow[]): void; reject(error: unknown): void };

// A flush takes at most this many waiting requests (a webhook request is one update; a poll, up to 100).
const maxRequestsPerWrite = 200;

/**
 * Group commit for the journal: the webhook requests of one channel that arrive while its previous write is
 * in flight are journaled together, in one INSERT, and each request is answered after that commit with the
 * rows of its own updates. Under load that is one statement for many updates instead of one each; alone, a
 * request waits only for the current turn of the event loop.
 */
export function createJournalBatcher(write: (channelId: number, updates: RawUpdate[]) => Promise<JournaledRow[]>) {
  const queues = new Map<number, Request[]>();

  async function flush(channelId: number, waiting: Request[]): Promise<void> {
    while (waiting.length > 0) {
      const requests = waiting.splice(0, maxRequestsPerWrite);
      try {
        const rows = await write(
          channelId,
          requests.flatMap((request) => request.updates),
        );
        // An id two requests carry was journaled once: it is the first request's.
        const byEventId = new Map(rows.map((row) => [row.event_id, row]));
        for (const request of requests) {
          const own: JournaledRow[] = [];
          for (const update of request.updates) {
            const row = byEventId.get(update.eventId);
            if (row) own.push(row);
            byEventId.delete(update.eventId);
          }
          request.resolve(own);
        }
      } catch (error) {
        if (requests.length === 1) requests[0]!.reject(error);
        // One request's failure is its own: the others are written again, each alone.
        else for (const request of requests) await write(channelId, request.updates).then(request.resolve, request.reject);
      }
    }
    queues.delete(channelId);
  }

  return {
    /** Resolves after the commit, with the rows this request's updates got (none for a duplicate). */
    append(channelId: number, updates: RawUpdate[]): Promise<JournaledRow[]> {
      return new Promise((resolve, reject) => {
        const waiting = queues.get(channelId);
        if (waiting) return void waiting.push({ updates, resolve, reject });
        const fresh: Request[] = [{ updates, resolve, reject }];
        queues.set(channelId, fresh);
        // The requests parsed in this turn of the event loop join the first write.
        setImmediate(() => void flush(channelId, fresh));
      });
    },
  };
}
