// The field-dispatch app's API (server/src/apps/dispatch/*.routes.ts): the request and answer types are the API
// contract's (@switchboard/contract, dispatch.ts and dispatch-reports.ts); the plain lists its zod-free dispatch-values.
import type {
  AmocrmStatus,
  BoardCrew,
  CalendarFeed,
  CrewInvite,
  CrewInviteBody,
  CrewList,
  CrewMember,
  CrewPatch,
  CrewRole,
  DispatchStats,
  DispatchStatsQuery,
  JobAssignBody,
  JobCancelBody,
  JobComment,
  JobCommentBody,
  JobDetail,
  JobFile,
  JobFileList,
  JobMoved,
  JobPage,
  JobsExportQuery,
  JobsQuery,
  JobStatus,
  JobStepBody,
  JobVisit,
  JobVisitBody,
  PlannedJobPage,
  StatsPeriod,
} from '@switchboard/contract';
import { api, apiUpload, withQuery } from '../../lib/api.ts';

export { crewRoles, jobStatuses, statsPeriods } from '@switchboard/contract/dispatch-values';
export type {
  AmocrmStatus,
  BoardCrew,
  CrewMember,
  CrewRole,
  Job,
  JobDetail,
  JobFile,
  JobHistoryEntry as HistoryEntry,
  JobStatus,
  MeasurerStats,
  PlannedJob,
  StatsPeriod,
} from '@switchboard/contract';

/** A state's colour on the board and in a job's badge. */
export const statusColors: Record<JobStatus, string> = {
  pending: 'orange',
  assigned: 'blue',
  in_progress: 'violet',
  completed: 'green',
  cancelled: 'gray',
};

/** The board's filters as the page keeps them (web-only): crew ids as the selects give them, days as yyyy-mm-dd. */
// eslint-disable-next-line no-restricted-syntax -- the page's state, turned into the contract's JobsQuery below
export interface BoardFilters {
  measurer?: string | null;
  manager?: string | null;
  from?: string | null;
  to?: string | null;
}

/** A calendar day (yyyy-mm-dd, the browser's time zone) as the instant it starts, or the next day's start for `to`. */
const dayStart = (day: string | null | undefined, next = false) => {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (next) date.setDate(date.getDate() + 1);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/** A crew id as a select gives it (a string), as the API's query takes it. */
const crewId = (value: string | null | undefined) => (value ? Number(value) : undefined);

export const dispatchKey = ['dispatch'] as const;
/** One page of one board column: the API says whether more follow (`has_more`). */
export const columnPageSize = 50;
export const fetchJobs = (filters: BoardFilters, status: JobStatus, offset = 0) => {
  const query: JobsQuery = {
    status,
    measurer: crewId(filters.measurer),
    manager: crewId(filters.manager),
    from: dayStart(filters.from),
    to: dayStart(filters.to, true),
    limit: columnPageSize,
    offset,
  };
  return api.get<JobPage>(withQuery('/api/dispatch/jobs', query));
};
export const fetchJob = (id: number) => api.get<JobDetail>(`/api/dispatch/jobs/${id}`);
export const fetchJobFiles = (id: number) => api.get<JobFileList>(`/api/dispatch/jobs/${id}/files`);
/** Adds a photo or a document to a job (multipart; the server sniffs the type: 413 past 20 MB, 415 for other types). */
export const uploadJobFile = (input: { id: number; file: File }) =>
  apiUpload<JobFile>(`/api/dispatch/jobs/${input.id}/files`, input.file, input.file.name);
export const postComment = (input: { id: number; text: string }) =>
  api.post<JobComment>(`/api/dispatch/jobs/${input.id}/comments`, { text: input.text } satisfies JobCommentBody);
export const fetchBoardCrew = () => api.get<BoardCrew>('/api/dispatch/board/crew');
export const assignJob = (input: { id: number; measurerId: number }) =>
  api.post<JobMoved>(`/api/dispatch/jobs/${input.id}/assign`, { measurer_id: input.measurerId } satisfies JobAssignBody);
export const stepJob = (input: { id: number; status: JobStepBody['status'] }) =>
  api.post<JobMoved>(`/api/dispatch/jobs/${input.id}/state`, { status: input.status } satisfies JobStepBody);
export const cancelJob = (input: { id: number; reason: string }) =>
  api.post<JobMoved>(`/api/dispatch/jobs/${input.id}/cancel`, { reason: input.reason } satisfies JobCancelBody);

export const fetchCrew = () => api.get<CrewList>('/api/dispatch/crew');
export const updateCrewMember = (input: { id: number; patch: CrewPatch }) =>
  api.patch<CrewMember>(`/api/dispatch/crew/${input.id}`, input.patch);
export const createInvite = (role: CrewRole) => api.post<CrewInvite>('/api/dispatch/invites', { role } satisfies CrewInviteBody);
export const fetchAmocrm = () => api.get<AmocrmStatus>('/api/dispatch/amocrm');

/** A search for the address on a map the crew's region uses (2GIS opens on phones too). */
export const mapLink = (address: string) => `https://2gis.ru/search/${encodeURIComponent(address)}`;
export const osmLink = (address: string) => `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}`;

/** A measurer's visits in a range, earliest first (the API answers only jobs with a visit: PlannedJob). */
export const fetchVisits = (input: { measurer: string; from: Date; to: Date }) => {
  const query: JobsQuery = {
    measurer: crewId(input.measurer),
    planned_from: input.from.toISOString(),
    planned_to: input.to.toISOString(),
    limit: 200,
  };
  return api.get<PlannedJobPage>(withQuery('/api/dispatch/jobs', query));
};
export const planVisit = (input: { id: number; plannedAt: string | null; minutes?: number }) =>
  api.put<JobVisit>(`/api/dispatch/jobs/${input.id}/visit`, {
    planned_at: input.plannedAt,
    duration_minutes: input.minutes,
  } satisfies JobVisitBody);
export const issueFeed = (crewId: number) => api.post<CalendarFeed>(`/api/dispatch/crew/${crewId}/calendar`, {});
export const revokeFeed = (crewId: number) => api.delete(`/api/dispatch/crew/${crewId}/calendar`);

/** The reports' filters as the page keeps them (web-only): days as yyyy-mm-dd, the measurer as its select gives it. */
// eslint-disable-next-line no-restricted-syntax -- the page's state, turned into the contract's DispatchStatsQuery below
export interface StatsFilters {
  from: string;
  to: string;
  period: StatsPeriod;
  measurer?: string | null;
}
export const fetchStats = (filters: StatsFilters) => {
  const query: Partial<DispatchStatsQuery> = {
    period: filters.period,
    from: dayStart(filters.from),
    to: dayStart(filters.to, true),
    measurer: crewId(filters.measurer),
  };
  return api.get<DispatchStats>(withQuery('/api/dispatch/stats', query));
};
/** The report's download link for the same period and measurer (the session cookie authorises it). */
export const exportLink = (format: 'csv' | 'xlsx', filters: Omit<StatsFilters, 'period'>) => {
  const query: JobsExportQuery = { from: dayStart(filters.from), to: dayStart(filters.to, true), measurer: crewId(filters.measurer) };
  return withQuery(`/api/dispatch/export.${format}`, query);
};
