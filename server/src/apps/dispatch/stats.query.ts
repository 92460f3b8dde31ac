// Per-measurer statistics (issue 19): completed, median assignment → completion, share on time, cancellations.
import { sql, type Kysely } from 'kysely';
import type { StatsPeriod } from '@switchboard/contract';
import type { DispatchTables } from './tables.ts';

export interface StatsRow {
  measurer_id: number;
  /** The period's first day (YYYY-MM-DD, in the business's zone); null on the measurer's total row. */
  bucket: string | null;
  completed: number;
  cancelled: number;
  /** Median seconds from assignment to completion over completed jobs; null when none. */
  median_seconds: number | null;
  /** Completed jobs that had a planned visit, and of those the ones completed by its end plus the grace. */
  planned: number;
  on_time: number;
}

/**
 * Jobs closed (completed or cancelled) in [from, to) by measurer and by day, week or month of the zone,
 * plus each measurer's total over the whole range (GROUPING SETS: one scan of the closed-jobs index).
 */
export async function measurerStats(
  db: Kysely<DispatchTables>,
  input: { period: StatsPeriod; from: Date; to: Date; timeZone: string; graceMinutes: number; measurerId?: number },
): Promise<StatsRow[]> {
  const closedAt = sql`coalesce(completed_at, cancelled_at)`;
  const bucket = sql<string>`to_char(date_trunc(${input.period}, ${closedAt} AT TIME ZONE ${input.timeZone}), 'YYYY-MM-DD')`;
  const result = await sql<StatsRow>`
    SELECT measurer_id, bucket,
      count(*) FILTER (WHERE status = 'completed')::int AS completed,
      count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - assigned_at))
        FILTER (WHERE status = 'completed' AND assigned_at IS NOT NULL) AS median_seconds,
      count(*) FILTER (WHERE status = 'completed' AND planned_end_at IS NOT NULL)::int AS planned,
      count(*) FILTER (
        WHERE status = 'completed' AND completed_at <= planned_end_at + make_interval(mins => ${input.graceMinutes}::int)
      )::int AS on_time
    FROM (
      SELECT measurer_id, status, assigned_at, completed_at, planned_end_at, ${bucket} AS bucket
      FROM dispatch_jobs
      WHERE status IN ('completed', 'cancelled') AND measurer_id IS NOT NULL
        AND ${closedAt} >= ${input.from} AND ${closedAt} < ${input.to}
        ${input.measurerId === undefined ? sql`` : sql`AND measurer_id = ${input.measurerId}`}
    ) closed
    GROUP BY GROUPING SETS ((measurer_id, bucket), (measurer_id))
    ORDER BY measurer_id, bucket NULLS FIRST`.execute(db);
  return result.rows.map((row) => ({
    ...row,
    measurer_id: Number(row.measurer_id),
    median_seconds: row.median_seconds === null ? null : Math.round(Number(row.median_seconds)),
  }));
}
