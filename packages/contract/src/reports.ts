// Reports (issue 26): figures computed live from the inbox's own records (messages and their service lines),
// never sampled. Request schema for GET /api/reports/overview; response types for the web app.
import { z } from 'zod';
import type { SlaState } from './inbox.ts';

export const reportGroupings = ['none', 'operator', 'team', 'channel', 'label', 'hour'] as const;
export type ReportGrouping = (typeof reportGroupings)[number];

/** The longest period one report covers: longer ones would read the whole history on each request. */
export const reportLongestDays = 366;

/** GET /api/reports/overview. `from` defaults to 30 days before `to`; `to` to now. */
export const reportQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  group_by: z.enum(reportGroupings).default('none'),
  /** The hour of day is read at this offset from UTC (the business's time zone right now: +300 for Almaty). */
  utc_offset_minutes: z.coerce.number().int().min(-720).max(840).default(0),
  format: z.enum(['json', 'csv']).default('json'),
});
export type ReportQuery = z.infer<typeof reportQuery>;

/** A duration's distribution in seconds; null when nothing was measured. Percentiles interpolate (percentile_cont). */
export interface ReportDurations {
  count: number;
  median_seconds: number | null;
  p90_seconds: number | null;
}

export interface ReportFigures {
  /** Conversations whose first message fell in the period. */
  opened: number;
  /** Resolutions in the period (a conversation resolved twice counts twice). */
  resolved: number;
  /** From a conversation's first customer message (in the period) to the first operator reply. */
  first_response: ReportDurations;
  /** From the first customer message after the previous resolution to this resolution (in the period). */
  resolution: ReportDurations;
  /** Customers' satisfaction answers (1–5) given in the period: how many, and their mean (null when none). */
  csat: { count: number; average: number | null };
}

export interface ReportGroup extends ReportFigures {
  /** The operator's, team's, channel's or label's id, or the hour (0–23); null: no operator / team / label. */
  key: number | null;
  /** A name to show: the operator's, the channel's, the label's, or "07:00". Empty for null keys. */
  name: string;
}

/** One conversation waiting now, for the live queue panel. */
export interface ReportWaiting {
  chat_id: number;
  title: string;
  assigned_operator_id: number | null;
  /** Since the first customer message after the last reply. */
  waiting_seconds: number;
  /** The SLA state now (business hours' targets, open time only); null: within target or no target. */
  sla: SlaState | null;
}

/** How many conversations the queue lists by name (the longest waits); the counts cover all of them. */
export const reportQueueListed = 50;

/** The queue right now: open conversations where the customer wrote after the last reply (an operator's or a bot's). */
export interface ReportQueue {
  waiting: number;
  longest_wait_seconds: number | null;
  unassigned_waiting: number;
  longest_unassigned_wait_seconds: number | null;
  /** Of the listed conversations, how many are past an SLA target now, and how many are at risk (80% of it). */
  sla_breached: number;
  sla_at_risk: number;
  /** The longest waits first, at most reportQueueListed. */
  conversations: ReportWaiting[];
}

/** Opened and resolved on one calendar day of the period (read at utc_offset_minutes), for the chart over time. */
export interface ReportDay {
  /** yyyy-mm-dd */
  day: string;
  opened: number;
  resolved: number;
}

export interface ReportOverview {
  from: string;
  to: string;
  group_by: ReportGrouping;
  utc_offset_minutes: number;
  /** Whose figures these are: null for the whole team (admins), else the operator's own id. */
  operator_id: number | null;
  totals: ReportFigures;
  groups: ReportGroup[];
  /** Every day of the period with a fact, oldest first (days with none are left out); the caller's own facts for an operator. */
  days: ReportDay[];
  /** Admins only (operators get null: the queue is the team's). */
  queue: ReportQueue | null;
}
