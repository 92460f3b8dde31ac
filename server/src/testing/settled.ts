// Proving that something did NOT happen without sleeping: wait for the events
// that would have caused it to be fully handled — the updates journaled and
// processed (the bot's handlers have run when an entry is done), and nothing
// left queued or being sent in the outbox — then look.
import { sql } from 'kysely';
import type { Db } from '../platform/index.ts';
import { eventually } from './ws-client.ts';

/**
 * Resolves once every update in `updateIds` (Telegram update_ids, as the simulator returns them) is
 * journaled and processed, and neither the intake nor the outbox has anything open.
 */
export async function settled(db: Db, updateIds: number[] = [], timeoutMs = 15_000): Promise<void> {
  const events = updateIds.map(String);
  await eventually(
    async () => {
      const { rows } = await sql<{ done: number; open: number }>`
        SELECT
          (SELECT count(*) FROM intake_journal WHERE event_id = ANY(${events}::text[]) AND state = 'done')::int AS done,
          ((SELECT count(*) FROM intake_journal WHERE state IN ('pending', 'processing'))
            + (SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')))::int AS open`.execute(db);
      return rows[0]!.done === events.length && rows[0]!.open === 0;
    },
    timeoutMs,
    `updates ${events.join(', ') || '(none)'} processed and the outbox empty`,
  );
}
