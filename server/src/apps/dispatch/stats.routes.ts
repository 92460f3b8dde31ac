// Per-measurer statistics and the report export for staff (issue 19).
import { dispatchStatsQuery, jobsExportQuery, type DispatchStats, type DispatchStatsFigures } from '@switchboard/contract';
import type { z } from 'zod';
import { badRequest, type HttpApp } from '../../platform/index.ts';
import type { DispatchContext } from './context.ts';
import type { CrewService } from './crew.service.ts';
import { exportRows, toCsv, toXlsx } from './export.ts';
import { measurerStats, type StatsRow } from './stats.query.ts';

const tags = ['dispatch'];
/** A stats range longer than this is refused: day buckets over several years say nothing a month bucket does not. */
const maxRangeDays = 3 * 366;

export function registerStatsRoutes(app: HttpApp, options: { context: DispatchContext; crew: CrewService }): void {
  const { context, crew } = options;
  const db = context.ownTables;

  app.get(
    '/api/dispatch/stats',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'Per measurer and per day/week/month: completed, median assignment → completion (seconds), share completed by the planned visit end plus grace, cancellations',
        querystring: dispatchStatsQuery,
      },
    },
    async (request): Promise<DispatchStats> => {
      const { period, measurer } = request.query;
      const from = new Date(request.query.from);
      const to = new Date(request.query.to);
      if (to <= from) throw badRequest('"to" must be after "from".', 'invalid_value');
      if (to.getTime() - from.getTime() > maxRangeDays * 86_400_000)
        throw badRequest(`The range may span at most ${maxRangeDays} days: narrow from/to.`, 'invalid_value');
      const settings = await context.settings.read();
      const rows = await measurerStats(db, {
        period,
        from,
        to,
        timeZone: settings.time_zone,
        graceMinutes: settings.grace_minutes,
        measurerId: measurer,
      });
      const members = new Map((await crew.findMany([...new Set(rows.map((row) => row.measurer_id))])).map((each) => [each.id, each]));
      const figures = (row: StatsRow): DispatchStatsFigures => ({
        completed: row.completed,
        cancelled: row.cancelled,
        median_assignment_to_completion_seconds: row.median_seconds,
        planned_completed: row.planned,
        on_time: row.on_time,
        on_time_share: row.planned === 0 ? null : Math.round((row.on_time / row.planned) * 1000) / 1000,
      });
      return {
        period,
        from: from.toISOString(),
        to: to.toISOString(),
        time_zone: settings.time_zone,
        grace_minutes: settings.grace_minutes,
        results: rows
          .filter((row) => row.bucket === null)
          .map((total) => ({
            measurer: { id: total.measurer_id, name: members.get(total.measurer_id)?.name ?? null },
            total: figures(total),
            buckets: rows.flatMap((row) =>
              row.measurer_id === total.measurer_id && row.bucket !== null ? [{ start: row.bucket, ...figures(row) }] : [],
            ),
          })),
      };
    },
  );

  async function rowsFor(query: z.output<typeof jobsExportQuery>) {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && to <= from) throw badRequest('"to" must be after "from".', 'invalid_value');
    return exportRows(db, crew, { status: query.status, measurerId: query.measurer, managerId: query.manager, from, to });
  }
  const fileName = (extension: string) => `dispatch-jobs-${new Date().toISOString().slice(0, 10)}.${extension}`;

  app.get(
    '/api/dispatch/export.csv',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'Jobs of a period and filters as CSV (UTF-8, formula-safe)', querystring: jobsExportQuery },
    },
    async (request, reply) => {
      const csv = toCsv(await rowsFor(request.query));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName('csv')}"`)
        .send(csv);
    },
  );

  app.get(
    '/api/dispatch/export.xlsx',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'Jobs of a period and filters as an Excel workbook (XLSX)', querystring: jobsExportQuery },
    },
    async (request, reply) => {
      const workbook = await toXlsx(await rowsFor(request.query));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${fileName('xlsx')}"`)
        .send(workbook);
    },
  );
}
