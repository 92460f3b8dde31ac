// The SQL behind GET /api/reports/overview (issue 26). Every figure is computed from the inbox's own records
// on each request: conversations, the customer's and operators' messages, and the `resolved` service lines
// status changes write (conversation-status.ts), so reports are exact and live, never sampled.
//
// One row per fact: `opened` (a conversation's first message), `first_response` (first customer message →
// first operator reply, dated by the customer's message), `resolved` (a resolution, with its duration from
// the first customer message after the previous resolution) and `csat` (a customer's rating, dated by the answer,
// its value in `seconds`; attributed to who held the conversation and its team at the resolution).
// Other facts count under the conversation's team as it is now. Times are messages' `sent_at`, what the
// conversation shows. Grouping and percentiles are one aggregate over those facts.
import type { ReportDay, ReportDurations, ReportFigures, ReportGrouping, ReportQueue } from '@switchboard/contract';
import { sql, type RawBuilder } from 'kysely';
import type { InboxDb } from '../tables.ts';

export interface ReportScope {
  from: Date;
  to: Date;
  groupBy: ReportGrouping;
  utcOffsetMinutes: number;
  /** Only this operator's facts (an operator reading their own figures); null: the whole team. */
  operatorId: number | null;
}

function facts(scope: ReportScope): RawBuilder<unknown> {
  const { from, to } = scope;
  return sql`
    SELECT 'opened' AS kind, coalesce(c.first_message_at, c.created_at) AS at, NULL::float8 AS seconds,
           c.assigned_operator_id AS operator_id, c.id AS conversation_id, c.channel_id, c.team_id
      FROM conversations c
     WHERE coalesce(c.first_message_at, c.created_at) >= ${from} AND coalesce(c.first_message_at, c.created_at) < ${to}
    UNION ALL
    SELECT 'first_response', first_in.at, extract(epoch FROM reply.sent_at - first_in.at)::float8,
           reply.sender_staff_id, c.id, c.channel_id, c.team_id
      FROM conversations c
     CROSS JOIN LATERAL (SELECT min(m.sent_at) AS at FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in') first_in
     CROSS JOIN LATERAL (
           SELECT m.sent_at, m.sender_staff_id FROM messages m
            WHERE m.conversation_id = c.id AND m.direction = 'out' AND m.sender_kind = 'admin'
              AND m.kind NOT IN ('note', 'service') AND m.sent_at >= first_in.at
            ORDER BY m.sent_at, m.id LIMIT 1) reply
     WHERE coalesce(c.first_message_at, c.created_at) < ${to} AND coalesce(c.last_message_at, c.created_at) >= ${from}
       AND first_in.at >= ${from} AND first_in.at < ${to}
    UNION ALL
    SELECT 'resolved', r.sent_at, extract(epoch FROM r.sent_at - started.at)::float8,
           r.sender_staff_id, r.conversation_id, c.channel_id, c.team_id
      FROM messages r
      JOIN conversations c ON c.id = r.conversation_id
      LEFT JOIN LATERAL (
           SELECT min(m.sent_at) AS at FROM messages m
            WHERE m.conversation_id = r.conversation_id AND m.direction = 'in' AND m.id < r.id
              AND m.id > coalesce((SELECT max(p.id) FROM messages p
                                    WHERE p.conversation_id = r.conversation_id AND p.id < r.id
                                      AND p.kind = 'service' AND p.service->>'code' = 'resolved'), 0)) started ON true
     WHERE r.kind = 'service' AND r.service->>'code' = 'resolved' AND r.sent_at >= ${from} AND r.sent_at < ${to}
    UNION ALL
    SELECT 'csat', s.answered_at, s.rating::float8, s.operator_id, s.conversation_id, c.channel_id, s.team_id
      FROM csat_ratings s
      JOIN conversations c ON c.id = s.conversation_id
     WHERE s.rating IS NOT NULL AND s.answered_at >= ${from} AND s.answered_at < ${to}`;
}

function groupKey(scope: ReportScope): RawBuilder<unknown> {
  switch (scope.groupBy) {
    case 'operator':
      return sql`f.operator_id`;
    case 'channel':
      return sql`f.channel_id`;
    case 'team':
      return sql`f.team_id`;
    case 'label':
      return sql`cl.label_id`;
    case 'hour':
      return sql`extract(hour FROM (f.at AT TIME ZONE 'UTC') + make_interval(mins => ${scope.utcOffsetMinutes}))::int`;
    case 'none':
      return sql`NULL::int`;
  }
}

interface FigureRow {
  key: number | null;
  opened: string | number;
  resolved: string | number;
  response_count: string | number;
  response_median: number | null;
  response_p90: number | null;
  resolution_count: string | number;
  resolution_median: number | null;
  resolution_p90: number | null;
  csat_count: string | number;
  csat_average: number | null;
}

export interface FiguresByKey extends ReportFigures {
  key: number | null;
}

const durations = (count: string | number, median: number | null, p90: number | null): ReportDurations => ({
  count: Number(count),
  median_seconds: median === null ? null : Math.round(Number(median) * 1000) / 1000,
  p90_seconds: p90 === null ? null : Math.round(Number(p90) * 1000) / 1000,
});

/** The figures of the period, one row per group (a single row keyed null for `none`). */
export async function reportFigures(db: InboxDb, scope: ReportScope): Promise<FiguresByKey[]> {
  const key = groupKey(scope);
  // A conversation with two labels counts under each; one without any under the null key.
  const labels = scope.groupBy === 'label' ? sql`LEFT JOIN conversation_labels cl ON cl.conversation_id = f.conversation_id` : sql``;
  const mine = scope.operatorId === null ? sql`true` : sql`f.operator_id = ${scope.operatorId}`;
  const { rows } = await sql<FigureRow>`
    WITH f AS (${facts(scope)})
    SELECT ${key} AS key,
           count(*) FILTER (WHERE f.kind = 'opened') AS opened,
           count(*) FILTER (WHERE f.kind = 'resolved') AS resolved,
           count(*) FILTER (WHERE f.kind = 'first_response') AS response_count,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY f.seconds) FILTER (WHERE f.kind = 'first_response') AS response_median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY f.seconds) FILTER (WHERE f.kind = 'first_response') AS response_p90,
           count(f.seconds) FILTER (WHERE f.kind = 'resolved') AS resolution_count,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY f.seconds) FILTER (WHERE f.kind = 'resolved') AS resolution_median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY f.seconds) FILTER (WHERE f.kind = 'resolved') AS resolution_p90,
           count(*) FILTER (WHERE f.kind = 'csat') AS csat_count,
           avg(f.seconds) FILTER (WHERE f.kind = 'csat') AS csat_average
      FROM f ${labels}
     WHERE ${mine}
     GROUP BY 1
     ORDER BY 1 NULLS LAST`.execute(db);
  return rows.map((row) => ({
    key: row.key === null ? null : Number(row.key),
    opened: Number(row.opened),
    resolved: Number(row.resolved),
    first_response: durations(row.response_count, row.response_median, row.response_p90),
    resolution: durations(row.resolution_count, row.resolution_median, row.resolution_p90),
    csat: {
      count: Number(row.csat_count),
      average: row.csat_average === null ? null : Math.round(Number(row.csat_average) * 100) / 100,
    },
  }));
}

/** Open conversations where the customer wrote after the last reply, with how long (seconds) they have waited. */
function waiting(now: Date): RawBuilder<unknown> {
  return sql`
    SELECT * FROM (
      SELECT c.id, coalesce(nullif(c.title, ''), ct.display_name, '') AS title, c.channel_id, c.status, c.assigned_operator_id,
             extract(epoch FROM ${now}::timestamptz - (
               SELECT min(m.sent_at) FROM messages m
                WHERE m.conversation_id = c.id AND m.direction = 'in'
                  AND m.id > coalesce((SELECT max(o.id) FROM messages o
                                        WHERE o.conversation_id = c.id AND o.direction = 'out' AND o.sender_kind IN ('admin', 'bot')
                                          AND o.kind NOT IN ('note', 'service')), 0)))::float8 AS seconds
        FROM conversations c
        LEFT JOIN contacts ct ON ct.id = c.contact_id
       WHERE c.status = 'open') w
     WHERE seconds IS NOT NULL`;
}

const wholeSeconds = (value: number | null) => (value === null ? null : Math.max(0, Math.round(Number(value))));

/** A waiting conversation as the queue lists it (a group's title, else the contact's name), before its SLA state is added (sla.ts needs its channel and status). */
export interface WaitingRow {
  chat_id: number;
  title: string;
  assigned_operator_id: number | null;
  waiting_seconds: number;
  id: number;
  status: string;
  channel: { id: number };
}

/**
 * Open conversations waiting on the team right now: the customer wrote after the last reply (an operator's or
 * a bot's; notes and service lines answer nobody). A wait starts at the first such customer message.
 * The counts cover every one; the list holds the `listed` longest waits.
 */
export async function reportQueue(
  db: InboxDb,
  now: Date,
  listed: number,
): Promise<{ counts: Omit<ReportQueue, 'conversations' | 'sla_breached' | 'sla_at_risk'>; longest: WaitingRow[] }> {
  const [counts, longest] = await Promise.all([
    sql<{
      waiting: string | number;
      longest: number | null;
      unassigned: string | number;
      longest_unassigned: number | null;
    }>`
      SELECT count(*) AS waiting, max(seconds) AS longest,
             count(*) FILTER (WHERE assigned_operator_id IS NULL) AS unassigned,
             max(seconds) FILTER (WHERE assigned_operator_id IS NULL) AS longest_unassigned
        FROM (${waiting(now)}) w`.execute(db),
    sql<{ id: number; title: string; channel_id: number; status: string; assigned_operator_id: number | null; seconds: number }>`
      SELECT * FROM (${waiting(now)}) w ORDER BY seconds DESC, id LIMIT ${listed}`.execute(db),
  ]);
  const row = counts.rows[0]!;
  return {
    counts: {
      waiting: Number(row.waiting),
      longest_wait_seconds: wholeSeconds(row.longest),
      unassigned_waiting: Number(row.unassigned),
      longest_unassigned_wait_seconds: wholeSeconds(row.longest_unassigned),
    },
    longest: longest.rows.map((each) => ({
      id: Number(each.id),
      chat_id: Number(each.id),
      title: each.title,
      status: each.status,
      channel: { id: Number(each.channel_id) },
      assigned_operator_id: each.assigned_operator_id === null ? null : Number(each.assigned_operator_id),
      waiting_seconds: wholeSeconds(each.seconds) ?? 0,
    })),
  };
}

/** Opened and resolved per calendar day (at the scope's offset from UTC), the caller's own facts for an operator. */
export async function reportDays(db: InboxDb, scope: ReportScope): Promise<ReportDay[]> {
  const mine = scope.operatorId === null ? sql`true` : sql`f.operator_id = ${scope.operatorId}`;
  const { rows } = await sql<{ day: string; opened: string | number; resolved: string | number }>`
    WITH f AS (${facts(scope)})
    SELECT to_char((f.at AT TIME ZONE 'UTC') + make_interval(mins => ${scope.utcOffsetMinutes}), 'YYYY-MM-DD') AS day,
           count(*) FILTER (WHERE f.kind = 'opened') AS opened,
           count(*) FILTER (WHERE f.kind = 'resolved') AS resolved
      FROM f
     WHERE f.kind IN ('opened', 'resolved') AND ${mine}
     GROUP BY 1
     ORDER BY 1`.execute(db);
  return rows.map((row) => ({ day: row.day, opened: Number(row.opened), resolved: Number(row.resolved) }));
}

/** Names for group keys: operators', channels' or labels'. */
export async function groupNames(db: InboxDb, groupBy: ReportGrouping, keys: number[]): Promise<Map<number, string>> {
  if (keys.length === 0 || groupBy === 'none' || groupBy === 'hour') return new Map();
  const table = { operator: 'staff_users', channel: 'channels', label: 'labels', team: 'teams' }[groupBy];
  const { rows } = await sql<{
    id: number;
    name: string;
  }>`SELECT id, name FROM ${sql.table(table)} WHERE id IN (${sql.join(keys)})`.execute(db);
  return new Map(rows.map((row) => [Number(row.id), row.name]));
}
