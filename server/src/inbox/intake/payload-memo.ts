import type { RawUpdate } from '../../channels/channel.ts';
import type { JournaledRow } from './journal.ts';

// A few seconds of updates at saturation.
const maxRemembered = 20_000;

/**
 * The parsed bodies of the entries this process journaled and has not claimed yet, by journal id: the claim takes
 * them instead of reading each body back and parsing it again (issue 27). Bounded, oldest dropped first: under a long
 * backlog, or when another instance claims them, the claim reads those bodies from the journal as before.
 */
export function createPayloadMemo() {
  const payloads = new Map<number, unknown>();
  return {
    remember(updates: RawUpdate[], inserted: JournaledRow[]): void {
      if (inserted.length === 0) return;
      const byEventId = new Map(updates.map((update) => [update.eventId, update.payload]));
      for (const row of inserted) {
        if (payloads.size >= maxRemembered) payloads.delete(payloads.keys().next().value!);
        payloads.set(row.id, byEventId.get(row.event_id));
      }
    },
    /** The body, once (undefined: not remembered, read it from the journal). */
    take(id: number): unknown {
      const payload = payloads.get(id);
      payloads.delete(id);
      return payload;
    },
  };
}
