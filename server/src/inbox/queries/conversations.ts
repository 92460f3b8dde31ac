// Conversations: status changes, service lines and notes, counters and response times.
import type { ServiceLine } from '@switchboard/contract/service-lines';
import { sql } from 'kysely';
import type { InboxDb } from '../tables.ts';

/** A line the system writes into the conversation (resolved, reopened …), shown to staff only. */
export async function insertServiceLine(trx: InboxDb, conversationId: number, line: ServiceLine, staffId: number | null): Promise<void> {
  await trx
    .insertInto('messages')
    // Stored as a code with parameters; readers render it in their own language (@switchboard/contract/service-lines).
    .values({
      conversation_id: conversationId,
      direction: 'out',
      sender_kind: 'system',
      kind: 'service',
      service: JSON.stringify(line),
      sender_staff_id: staffId,
    })
    .execute();
}

/** A private note: staff see it in the conversation; the customer never does. */
export function insertNote(trx: InboxDb, conversationId: number, author: { id: number; name: string }, text: string) {
  return trx
    .insertInto('messages')
    .values({
      conversation_id: conversationId,
      direction: 'out',
      sender_kind: 'admin',
      sender_staff_id: author.id,
      sender_name: author.name,
      kind: 'note',
      text,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Where the conversation lives on its channel (for typing and other actions on it). */
export function conversationAddress(db: InboxDb, conversationId: number) {
  return db
    .selectFrom('conversations')
    .select(['channel_id', 'external_chat_id'])
    .where('id', '=', conversationId)
    .executeTakeFirstOrThrow();
}

export function conversationCounters(db: InboxDb, conversationId: number) {
  return db
    .selectFrom('conversations')
    .select(['messages_in', 'messages_out', 'first_message_at', 'last_message_at'])
    .where('id', '=', conversationId)
    .executeTakeFirstOrThrow();
}

/**
 * How fast staff answered: a turn starts with a customer message after anything else, and is
 * answered by the first message out after it. Notes and system lines do not count.
 */
export async function responseTimes(
  db: InboxDb,
  conversationId: number,
): Promise<{ answered: number; median_seconds: number | null; average_seconds: number | null } | undefined> {
  const result = await sql<{ answered: number; median_seconds: number | null; average_seconds: number | null }>`
      WITH ordered AS (
        SELECT direction, sender_kind, sent_at, lag(direction) OVER (ORDER BY id) AS previous_direction
        FROM messages WHERE conversation_id = ${conversationId} AND kind <> 'note' AND sender_kind <> 'system'
      ), turns AS (
        SELECT sent_at, direction, sum(CASE WHEN direction = 'in' AND previous_direction IS DISTINCT FROM 'in' THEN 1 ELSE 0 END) OVER (ORDER BY sent_at) AS turn FROM ordered
      ), answers AS (
        SELECT extract(epoch FROM min(sent_at) FILTER (WHERE direction = 'out') - min(sent_at) FILTER (WHERE direction = 'in')) AS seconds
        FROM turns WHERE turn > 0 GROUP BY turn
      )
      SELECT count(seconds)::int AS answered, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median_seconds, avg(seconds) AS average_seconds FROM answers WHERE seconds >= 0`.execute(
    db,
  );
  return result.rows[0];
}
