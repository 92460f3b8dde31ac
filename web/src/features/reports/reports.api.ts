// GET /api/reports/overview (server/src/inbox/reports.routes.ts): the period's figures, by day and by group, and the queue now.
import type { ReportGrouping, ReportOverview, ReportQuery } from '@switchboard/contract';
import { api, withQuery } from '../../lib/api.ts';

export type { ReportGroup, ReportOverview, ReportQueue } from '@switchboard/contract';

export const reportPeriods = { today: 1, week: 7, month: 30, quarter: 90 } as const;
export type ReportPeriod = keyof typeof reportPeriods;
export const reportGroupings = ['operator', 'team', 'channel', 'label', 'hour'] as const satisfies readonly ReportGrouping[];
export type PageGrouping = (typeof reportGroupings)[number];

/** What the page asks for: the contract's query, with the three fields it always sends. */
export type ReportParams = Required<Pick<ReportQuery, 'from' | 'group_by' | 'utc_offset_minutes'>>;

/** The period from the start of the first local day until now; hours and days read in the browser's time zone. */
export function reportParams(period: ReportPeriod, groupBy: ReportGrouping, today = new Date()): ReportParams {
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (reportPeriods[period] - 1));
  return { from: start.toISOString(), group_by: groupBy, utc_offset_minutes: -today.getTimezoneOffset() };
}

export const reportsKey = ['reports'] as const;

export function fetchReport(params: ReportParams): Promise<ReportOverview> {
  return api.get<ReportOverview>(withQuery('/api/reports/overview', params));
}

/** The same report as a file: the browser downloads it with the session cookie. */
export function csvLink(params: ReportParams): string {
  return withQuery('/api/reports/overview', { ...params, format: 'csv' });
}
