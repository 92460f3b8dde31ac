// GET /api/reports/overview (issue 26): opened and resolved conversations, first response and resolution
// times (median, p90) for a period, grouped by operator, channel, label or hour of day, with the queue as it
// stands now; JSON or CSV. Admins read the team's figures; an operator reads only their own (the facts they
// are the operator of) and no queue — decided so that a report never shows more than the inbox would.
import {
  reportLongestDays,
  reportQuery,
  reportQueueListed,
  type ReportFigures,
  type ReportGroup,
  type ReportOverview,
  type ReportQueue,
  type SlaState,
} from '@switchboard/contract';
import { badRequest, currentUser, type HttpApp } from '../platform/index.ts';
import { groupNames, reportDays, reportFigures, reportQueue, type ReportScope, type WaitingRow } from './queries/reports.ts';
import type { InboxDb } from './tables.ts';

const dayMs = 24 * 3_600_000;
const defaultDays = 30;

const emptyFigures = (): ReportFigures => ({
  opened: 0,
  resolved: 0,
  first_response: { count: 0, median_seconds: null, p90_seconds: null },
  resolution: { count: 0, median_seconds: null, p90_seconds: null },
  csat: { count: 0, average: null },
});

function period(query: { from?: string; to?: string }, now: Date): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultDays * dayMs);
  if (from.getTime() >= to.getTime()) throw badRequest('"from" must be before "to": swap them or widen the period.', 'invalid_input');
  if (to.getTime() - from.getTime() > reportLongestDays * dayMs)
    throw badRequest(`A report covers at most ${reportLongestDays} days: narrow "from" and "to".`, 'invalid_input');
  return { from, to };
}

/** One CSV field: quoted when needed; a leading = + - @ tab or CR is defused so spreadsheets do not run it. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csvColumns = [
  'group',
  'key',
  'name',
  'opened',
  'resolved',
  'first_response_count',
  'first_response_median_seconds',
  'first_response_p90_seconds',
  'resolution_count',
  'resolution_median_seconds',
  'resolution_p90_seconds',
  'csat_count',
  'csat_average',
];

function csvRow(group: string, key: number | null, name: string, figures: ReportFigures): string {
  return [
    group,
    key,
    name,
    figures.opened,
    figures.resolved,
    figures.first_response.count,
    figures.first_response.median_seconds,
    figures.first_response.p90_seconds,
    figures.resolution.count,
    figures.resolution.median_seconds,
    figures.resolution.p90_seconds,
    figures.csat.count,
    figures.csat.average,
  ]
    .map(csvField)
    .join(',');
}

export function toReportCsv(report: ReportOverview): string {
  const lines = [csvColumns.join(','), csvRow('total', null, '', report.totals)];
  for (const group of report.groups) lines.push(csvRow(report.group_by, group.key, group.name, group));
  return `${lines.join('\r\n')}\r\n`;
}

/** Adds each conversation's SLA state now (sla.ts withSla, bound to the business hours). */
type WithSla = (rows: WaitingRow[], now: Date) => Promise<Array<WaitingRow & { sla: SlaState | null }>>;

/** The queue now: counts, the longest waits by name, and how many of those are past or near an SLA target. */
async function queueNow(db: InboxDb, clock: Date, withSla: WithSla): Promise<ReportQueue> {
  const { counts, longest } = await reportQueue(db, clock, reportQueueListed);
  const rated = await withSla(longest, clock);
  return {
    ...counts,
    sla_breached: rated.filter((row) => row.sla === 'breached').length,
    sla_at_risk: rated.filter((row) => row.sla === 'at_risk').length,
    conversations: rated.map(({ chat_id, title, assigned_operator_id, waiting_seconds, sla }) => ({
      chat_id,
      title,
      assigned_operator_id,
      waiting_seconds,
      sla,
    })),
  };
}

export function registerReportRoutes(app: HttpApp, options: { db: InboxDb; now: () => Date; withSla: WithSla }): void {
  const { db, now, withSla } = options;
  app.get(
    '/api/reports/overview',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Opened and resolved conversations, first response and resolution times (median, p90) for a period, ' +
          "grouped by operator, team, channel, label or hour; customers' ratings (CSAT); opened and resolved per day; " +
          'the queue now with its longest waits and their SLA state (admins). Operators get their own figures. format=csv for a file.',
        querystring: reportQuery,
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const query = request.query;
      const clock = now();
      const { from, to } = period(query, clock);
      const operatorId = user.role === 'admin' ? null : user.id;
      const scope: ReportScope = { from, to, groupBy: query.group_by, utcOffsetMinutes: query.utc_offset_minutes, operatorId };
      const [totalsRows, groupRows, days] = await Promise.all([
        reportFigures(db, { ...scope, groupBy: 'none' }),
        query.group_by === 'none' ? Promise.resolve([]) : reportFigures(db, scope),
        reportDays(db, scope),
      ]);
      const names = await groupNames(
        db,
        query.group_by,
        groupRows.flatMap((row) => (row.key === null ? [] : [row.key])),
      );
      const groups: ReportGroup[] = groupRows.map((row) => ({
        ...row,
        name:
          row.key === null
            ? ''
            : query.group_by === 'hour'
              ? `${String(row.key).padStart(2, '0')}:00`
              : (names.get(row.key) ?? `#${row.key}`),
      }));
      const report: ReportOverview = {
        from: from.toISOString(),
        to: to.toISOString(),
        group_by: query.group_by,
        utc_offset_minutes: query.utc_offset_minutes,
        operator_id: operatorId,
        totals: totalsRows[0] ?? emptyFigures(),
        groups,
        days,
        queue: operatorId === null ? await queueNow(db, clock, withSla) : null,
      };
      if (query.format === 'json') return report;
      const day = (date: Date) => date.toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="report-${day(from)}-${day(to)}-${query.group_by}.csv"`)
        .send(toReportCsv(report));
    },
  );
}
