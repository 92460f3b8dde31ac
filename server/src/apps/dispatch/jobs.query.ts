import type { Kysely } from 'kysely';
import type { JobRow } from './notifier.ts';
import type { DispatchTables, JobStatus } from './tables.ts';

export interface JobFilters {
  status?: JobStatus[];
  measurerId?: number;
  /** The manager's crew id: jobs whose deal's responsible user is theirs. */
  managerId?: number;
  /** AmoCRM user id of the deal's responsible (what a manager is matched by). */
  responsibleUserId?: number;
  from?: Date;
  to?: Date;
  /** Visits that overlap [plannedFrom, plannedTo): a calendar's day or week, earliest first. */
  plannedFrom?: Date;
  plannedTo?: Date;
  limit: number;
  offset?: number;
}

/** Jobs newest first (by planned visit, earliest first, when a planned range is asked), filtered in SQL. */
export function listJobs(db: Kysely<DispatchTables>, filters: JobFilters): Promise<JobRow[]> {
  const byVisit = filters.plannedFrom !== undefined || filters.plannedTo !== undefined;
  let query = db.selectFrom('dispatch_jobs').selectAll().limit(filters.limit);
  query = byVisit
    ? query.where('planned_at', 'is not', null).orderBy('planned_at').orderBy('id')
    : query.orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (filters.plannedFrom) query = query.where('planned_end_at', '>', filters.plannedFrom);
  if (filters.plannedTo) query = query.where('planned_at', '<', filters.plannedTo);
  if (filters.status?.length) query = query.where('status', 'in', filters.status);
  if (filters.measurerId !== undefined) query = query.where('measurer_id', '=', filters.measurerId);
  if (filters.responsibleUserId !== undefined) query = query.where('responsible_user_id', '=', filters.responsibleUserId);
  if (filters.managerId !== undefined)
    query = query.where('responsible_user_id', 'in', (sub) =>
      sub
        .selectFrom('dispatch_crew')
        .select('amocrm_user_id')
        .where('id', '=', filters.managerId!)
        .where('role', '=', 'manager')
        .where('amocrm_user_id', 'is not', null),
    );
  if (filters.from) query = query.where('created_at', '>=', filters.from);
  if (filters.to) query = query.where('created_at', '<', filters.to);
  if (filters.offset) query = query.offset(filters.offset);
  return query.execute();
}

export function jobHistory(db: Kysely<DispatchTables>, jobId: number) {
  return db.selectFrom('dispatch_job_history').selectAll().where('job_id', '=', jobId).orderBy('id').execute();
}
