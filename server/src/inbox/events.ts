import { sql } from 'kysely';
import type { Db, RealtimeEvent } from '../platform/index.ts';
import { inboxTables, type InboxDb } from './tables.ts';

export interface EventDraft {
  type: string;
  conversationId?: number;
  userId?: number;
  assignedOperatorId?: number | null;
  /** Whose team queue the conversation is in; left out, it is read from the conversation as the event is recorded. */
  teamId?: number | null;
  payload: Record<string, unknown>;
}

/** Fills in each conversation event's team from the conversation (one query), so team queues reach only their members. */
async function withTeams(trx: InboxDb, drafts: EventDraft[]): Promise<EventDraft[]> {
  const ids = [...new Set(drafts.filter((d) => d.teamId === undefined && d.conversationId !== undefined).map((d) => d.conversationId!))];
  if (ids.length === 0) return drafts;
  const rows = await trx.selectFrom('conversations').select(['id', 'team_id']).where('id', 'in', ids).execute();
  const teams = new Map(rows.map((row) => [row.id, row.team_id]));
  return drafts.map((draft) =>
    draft.teamId === undefined && draft.conversationId !== undefined
      ? { ...draft, teamId: teams.get(draft.conversationId) ?? null }
      : draft,
  );
}

// Serialises event inserts on PostgreSQL so that commit order equals seq order:
// a client resuming with `since` can then never skip an event committed late.
// The lock is taken by the insert statement itself (no extra round trip); make
// it the last statement of a transaction so the lock is held only until COMMIT.
const eventOrderLock = 7_263_012;

/** Records events in the caller's transaction; publish the result after commit. */
export async function recordEvents(trx: InboxDb, given: EventDraft[]): Promise<RealtimeEvent[]> {
  if (given.length === 0) return [];
  const drafts = await withTeams(trx, given);
  // Each payload is serialised once, for the row here and for the operators' frames (frameOf).
  const payloadTexts = drafts.map((draft) => JSON.stringify(draft.payload));
  const json = (value: unknown) => JSON.stringify(value ?? null);
  const rows = drafts.map(
    (draft, index) =>
      `{"conversation_id":${json(draft.conversationId)},"user_id":${json(draft.userId)},"type":${json(draft.type)},` +
      `"payload":{"payload":${payloadTexts[index]},"assigned_operator_id":${json(draft.assignedOperatorId)},"team_id":${json(draft.teamId)}}}`,
  );
  // The CTE's lock is evaluated before any row reaches the insert, so before any seq is drawn;
  // seqs are drawn in `ordinality` order, so the sorted ids map back to the drafts in order.
  const inserted = await sql<{ id: number }>`
    WITH ordered AS (SELECT pg_advisory_xact_lock(${eventOrderLock}))
    INSERT INTO realtime_events (conversation_id, user_id, type, payload)
    SELECT draft.conversation_id, draft.user_id, draft.type, draft.payload
    FROM ordered,
      ROWS FROM (jsonb_to_recordset(${`[${rows.join(',')}]`}::jsonb) AS (conversation_id int, user_id int, type text, payload jsonb)) WITH ORDINALITY
        AS draft(conversation_id, user_id, type, payload, position)
    ORDER BY draft.position
    RETURNING id`.execute(trx);
  const seqs = inserted.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  return drafts.map((draft, index) => {
    const event: RealtimeEvent = {
      seq: seqs[index]!,
      type: draft.type,
      audience: {
        conversationId: draft.conversationId,
        userId: draft.userId,
        assignedOperatorId: draft.assignedOperatorId ?? null,
        teamId: draft.teamId ?? null,
      },
      payload: draft.payload,
    };
    payloadTextOf.set(event, payloadTexts[index]!);
    return event;
  });
}

// The serialised payload of each event recorded here (events loaded back from the table have none).
const payloadTextOf = new WeakMap<RealtimeEvent, string>();

/**
 * An event as one WebSocket frame: `{ type, seq, ...payload }`. Built around the payload's text recorded with the
 * event when there is one, so a payload is serialised once however many operators receive it.
 */
export function frameOf(event: RealtimeEvent): string {
  const text = payloadTextOf.get(event);
  if (text === undefined || Object.hasOwn(event.payload, 'type') || Object.hasOwn(event.payload, 'seq'))
    return JSON.stringify({ type: event.type, seq: event.seq, ...event.payload });
  const head = `{"type":${JSON.stringify(event.type)},"seq":${JSON.stringify(event.seq)}`;
  return text === '{}' ? `${head}}` : `${head},${text.slice(1)}`;
}

type EventRow = { id: number; conversation_id: number | null; user_id: number | null; type: string; payload: unknown };

function toEvent(row: EventRow): RealtimeEvent {
  const stored = row.payload as { payload: Record<string, unknown>; assigned_operator_id: number | null; team_id?: number | null };
  return {
    seq: row.id,
    type: row.type,
    audience: {
      conversationId: row.conversation_id ?? undefined,
      userId: row.user_id ?? undefined,
      assignedOperatorId: stored.assigned_operator_id,
      teamId: stored.team_id ?? null,
    },
    payload: stored.payload,
  };
}

/** Takes the whole database's handle: main.ts hands it to the realtime hub. */
export async function loadEvents(handle: Db, seqs: number[]): Promise<RealtimeEvent[]> {
  if (seqs.length === 0) return [];
  const rows = await inboxTables(handle).selectFrom('realtime_events').selectAll().where('id', 'in', seqs).orderBy('id').execute();
  return rows.map(toEvent);
}

/** Events after `since`, or null when `since` is older than what is kept (the client must resync). */
export async function eventsSince(handle: InboxDb, since: number, limit: number): Promise<RealtimeEvent[] | null> {
  const db = inboxTables(handle);
  const oldest = await db
    .selectFrom('realtime_events')
    .select(sql<number>`min(id)`.as('id'))
    .executeTakeFirst();
  if (oldest?.id != null && since < oldest.id - 1) return null;
  if (oldest?.id == null && since > 0) {
    const latest = await latestSeq(db);
    if (since < latest) return null;
  }
  const rows = await db
    .selectFrom('realtime_events')
    .selectAll()
    .where('id', '>', since)
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  if (rows.length > limit) return null;
  return rows.map(toEvent);
}

export async function latestSeq(handle: InboxDb): Promise<number> {
  const row = await sql<{
    value: number | null;
  }>`SELECT last_value AS value FROM pg_sequences WHERE sequencename = 'realtime_events_id_seq'`.execute(handle);
  const max = await inboxTables(handle)
    .selectFrom('realtime_events')
    .select(sql<number>`max(id)`.as('id'))
    .executeTakeFirst();
  return Math.max(Number(row.rows[0]?.value ?? 0), max?.id ?? 0);
}

export async function deleteEventsOlderThan(handle: InboxDb, hours: number): Promise<number> {
  const result = await inboxTables(handle)
    .deleteFrom('realtime_events')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${hours})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
