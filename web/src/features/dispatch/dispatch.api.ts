import { api, apiUpload, withQuery } from '../../lib/api.ts';

export const jobStatuses = ['pending', 'assigned', 'in_progress', 'completed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];
/** A state's colour on the board and in a job's badge. */
export const statusColors: Record<JobStatus, string> = {
  pending: 'orange',
  assigned: 'blue',
  in_progress: 'violet',
  completed: 'green',
  cancelled: 'gray',
};

export const crewRoles = ['admin', 'measurer', 'manager'] as const;
export type CrewRole = (typeof crewRoles)[number];

export interface Person {
  id: number;
  name: string;
}

export interface Job {
  id: number;
  amocrm_lead_id: number;
  status: JobStatus;
  lead_name: string | null;
  client_name: string | null;
  client_phone: string | null;
  address: string | null;
  measurer: Person | null;
  manager: Person | null;
  created_at: string;
  assigned_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
}

export interface HistoryEntry {
  id: number;
  event: string;
  from_status: JobStatus | null;
  to_status: JobStatus | null;
  measurer_id: number | null;
  /** `name`: a comment's author as written then. */
  actor: { kind: 'crew' | 'staff' | 'amocrm' | 'system'; id: number | null; name: string | null };
  note: string | null;
  at: string;
}

/** One job as GET /api/dispatch/jobs/:id returns it: comments are its history's `comment` entries. */
export interface JobDetail extends Job {
  history: HistoryEntry[];
  planned_at: string | null;
  duration_minutes: number | null;
}

/** A photo or document of a job, from the crew in the bot or staff on the board (GET …/files), with a link valid an hour. */
export interface JobFile {
  id: number;
  name: string;
  content_type: string;
  size: number;
  at: string;
  url: string;
}

export interface BoardCrew {
  /** The business's time zone (the dispatch setting): visit times are shown and typed in it. */
  time_zone: string;
  measurers: Array<Person & { username: string | null; open_jobs: number }>;
  managers: Array<Person & { username: string | null }>;
}

export interface CrewMember {
  id: number;
  name: string;
  username: string | null;
  role: CrewRole;
  amocrm_user_id: number | null;
  active: boolean;
  language: string;
  joined_at: string;
}

export interface AmocrmStatus {
  configured: boolean;
  mode?: string;
  state: 'unconfigured' | 'ok' | 'needs_reauthorization';
  expires_at: string | null;
  last_error: string | null;
  authorize_url: string | null;
}

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

export const dispatchKey = ['dispatch'] as const;
/** One page of one board column: the API says whether more follow (`has_more`). */
export const columnPageSize = 50;
export const fetchJobs = (filters: BoardFilters, status: JobStatus, offset = 0) =>
  api.get<{ results: Job[]; has_more: boolean; offset: number }>(
    withQuery('/api/dispatch/jobs', {
      status,
      measurer: filters.measurer,
      manager: filters.manager,
      from: dayStart(filters.from),
      to: dayStart(filters.to, true),
      limit: columnPageSize,
      offset,
    }),
  );
export const fetchJob = (id: number) => api.get<JobDetail>(`/api/dispatch/jobs/${id}`);
export const fetchJobFiles = (id: number) => api.get<{ results: JobFile[] }>(`/api/dispatch/jobs/${id}/files`);
/** Adds a photo or a document to a job (multipart; the server sniffs the type: 413 past 20 MB, 415 for other types). */
export const uploadJobFile = (input: { id: number; file: File }) =>
  apiUpload<JobFile>(`/api/dispatch/jobs/${input.id}/files`, input.file, input.file.name);
export const postComment = (input: { id: number; text: string }) =>
  api.post(`/api/dispatch/jobs/${input.id}/comments`, { text: input.text });
export const fetchBoardCrew = () => api.get<BoardCrew>('/api/dispatch/board/crew');
export const assignJob = (input: { id: number; measurerId: number }) =>
  api.post(`/api/dispatch/jobs/${input.id}/assign`, { measurer_id: input.measurerId });
export const stepJob = (input: { id: number; status: 'in_progress' | 'completed' }) =>
  api.post(`/api/dispatch/jobs/${input.id}/state`, { status: input.status });
export const cancelJob = (input: { id: number; reason: string }) =>
  api.post(`/api/dispatch/jobs/${input.id}/cancel`, { reason: input.reason });

export const fetchCrew = () => api.get<{ results: CrewMember[] }>('/api/dispatch/crew');
export const updateCrewMember = (input: { id: number; patch: Partial<Pick<CrewMember, 'role' | 'amocrm_user_id' | 'active' | 'name'>> }) =>
  api.patch<CrewMember>(`/api/dispatch/crew/${input.id}`, input.patch);
export const createInvite = (role: CrewRole) =>
  api.post<{ link: string; role: CrewRole; expires_at: string }>('/api/dispatch/invites', { role });
export const fetchAmocrm = () => api.get<AmocrmStatus>('/api/dispatch/amocrm');

/** A search for the address on a map the crew's region uses (2GIS opens on phones too). */
export const mapLink = (address: string) => `https://2gis.ru/search/${encodeURIComponent(address)}`;
export const osmLink = (address: string) => `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}`;

/** A job on a measurer's calendar (GET /api/dispatch/jobs with planned_from/planned_to): visits earliest first. */
export interface PlannedJob extends Job {
  planned_at: string;
  duration_minutes: number;
}
export const fetchVisits = (input: { measurer: string; from: Date; to: Date }) =>
  api.get<{ results: PlannedJob[]; has_more: boolean }>(
    withQuery('/api/dispatch/jobs', {
      measurer: input.measurer,
      planned_from: input.from.toISOString(),
      planned_to: input.to.toISOString(),
      limit: 200,
    }),
  );
export const planVisit = (input: { id: number; plannedAt: string | null; minutes?: number }) =>
  api.put(`/api/dispatch/jobs/${input.id}/visit`, { planned_at: input.plannedAt, duration_minutes: input.minutes });
export const issueFeed = (crewId: number) => api.post<{ path: string; url: string | null }>(`/api/dispatch/crew/${crewId}/calendar`, {});
export const revokeFeed = (crewId: number) => api.delete(`/api/dispatch/crew/${crewId}/calendar`);

export const statsPeriods = ['day', 'week', 'month'] as const;
export type StatsPeriod = (typeof statsPeriods)[number];
export interface StatsFigures {
  completed: number;
  cancelled: number;
  median_assignment_to_completion_seconds: number | null;
  planned_completed: number;
  on_time: number;
  on_time_share: number | null;
}
export interface MeasurerStats {
  measurer: { id: number; name: string | null };
  total: StatsFigures;
  buckets: Array<StatsFigures & { start: string }>;
}
export interface StatsFilters {
  from: string;
  to: string;
  period: StatsPeriod;
  measurer?: string | null;
}
export const fetchStats = (filters: StatsFilters) =>
  api.get<{ period: StatsPeriod; grace_minutes: number; time_zone: string; results: MeasurerStats[] }>(
    withQuery('/api/dispatch/stats', {
      period: filters.period,
      from: dayStart(filters.from),
      to: dayStart(filters.to, true),
      measurer: filters.measurer,
    }),
  );
/** The report's download link for the same period and measurer (the session cookie authorises it). */
export const exportLink = (format: 'csv' | 'xlsx', filters: Omit<StatsFilters, 'period'>) =>
  withQuery(`/api/dispatch/export.${format}`, {
    from: dayStart(filters.from),
    to: dayStart(filters.to, true),
    measurer: filters.measurer,
  });
