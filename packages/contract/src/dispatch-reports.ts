// The field-dispatch app's reports and links (/api/dispatch, issue 19): per-measurer statistics, the jobs' export,
// a measurer's calendar feed, and the AmoCRM integration's state. Jobs and crew are dispatch.ts's.
import { z } from 'zod';
import { idParam } from './primitives.ts';
import { jobStatusList } from './dispatch.ts';
import { statsPeriods, type AmocrmState, type StatsPeriod } from './dispatch-values.ts';

const instant = z.iso.datetime({ offset: true });

/** GET /api/dispatch/stats */
export const dispatchStatsQuery = z.object({
  period: z.enum(statsPeriods).default('week').describe('bucket size: day, week (from Monday) or month, in the business time zone'),
  from: instant.describe('jobs closed at or after (ISO 8601)'),
  to: instant.describe('jobs closed before (ISO 8601)'),
  measurer: idParam.optional().describe('only this measurer (crew member id)'),
});
/** What a caller sends to GET /api/dispatch/stats (period may be left out: week). */
export type DispatchStatsQuery = Omit<z.infer<typeof dispatchStatsQuery>, 'period'> & { period?: StatsPeriod };

/** GET /api/dispatch/export.csv and export.xlsx */
export const jobsExportQuery = z.object({
  status: jobStatusList.optional(),
  measurer: idParam.optional().describe('a crew member id'),
  manager: idParam.optional().describe('a crew member id (role manager)'),
  from: instant.optional().describe('created at or after (ISO 8601)'),
  to: instant.optional().describe('created before (ISO 8601)'),
});
/** What a caller sends to the exports: `status` comma-separated. */
export type JobsExportQuery = Omit<z.infer<typeof jobsExportQuery>, 'status'> & { status?: string };

/** One measurer's figures over a bucket or the whole range (jobs closed in it). */
export interface DispatchStatsFigures {
  completed: number;
  cancelled: number;
  /** Median seconds from assignment to completion; null when none was completed. */
  median_assignment_to_completion_seconds: number | null;
  /** Completed jobs that had a planned visit, and of those the ones completed by its end plus the grace. */
  planned_completed: number;
  on_time: number;
  /** on_time / planned_completed, three decimals; null when nothing planned was completed. */
  on_time_share: number | null;
}

/** One measurer of GET /api/dispatch/stats. */
export interface MeasurerStats {
  /** `name`: null when the crew member is gone. */
  measurer: { id: number; name: string | null };
  total: DispatchStatsFigures;
  /** `start`: the bucket's first day (YYYY-MM-DD, in the business's time zone). */
  buckets: Array<DispatchStatsFigures & { start: string }>;
}

/** GET /api/dispatch/stats */
export interface DispatchStats {
  period: StatsPeriod;
  from: string;
  to: string;
  time_zone: string;
  grace_minutes: number;
  results: MeasurerStats[];
}

/** GET /api/dispatch/calendar/:file: the feed's secret file name (cal_….ics). */
export const calendarFeedParams = z.object({ file: z.string().max(100) });

/** POST /api/dispatch/crew/:id/calendar: the new feed; `url` is null when PUBLIC_URL is not set. */
export interface CalendarFeed {
  path: string;
  url: string | null;
}

/** GET /api/dispatch/amocrm (admins) */
export interface AmocrmStatus {
  configured: boolean;
  /** How the integration authenticates; absent when it is not configured. */
  mode?: 'oauth' | 'long_lived';
  state: AmocrmState;
  expires_at: string | null;
  last_error: string | null;
  /** The link that (re-)authorises the integration (OAuth mode); null otherwise. */
  authorize_url: string | null;
}

/** GET /api/dispatch/amocrm/oauth: AmoCRM's redirect with the authorisation code. */
export const amocrmOauthQuery = z.object({
  code: z.string().min(1).max(4096),
  state: z.string().min(1).max(1024),
  referer: z.string().max(512).optional(),
});

/** GET /api/dispatch/amocrm/oauth: the code was exchanged. */
export interface AmocrmAuthorized {
  ok: true;
  state: 'ok';
}

/** POST /api/dispatch/amocrm/test: AmoCRM read its account with the saved connection. */
export interface AmocrmTestResult {
  ok: true;
  account: { id: number; name: string; subdomain: string };
}
