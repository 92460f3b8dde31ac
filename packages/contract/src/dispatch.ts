// The field-dispatch app's jobs, board and crew (/api/dispatch, issues 18–19): staff read and move measurement jobs
// through the same lifecycle as the crew's bot buttons. Its statistics, exports, calendar feeds and AmoCRM link are
// dispatch-reports.ts's; the plain lists dispatch-values.ts's.
import { z } from 'zod';
import { idField, idParam } from './primitives.ts';
import { crewRoles, jobStatuses, type CrewRole, type JobActorKind, type JobStatus, type JobWriteback } from './dispatch-values.ts';

export * from './dispatch-values.ts';

const instant = z.iso.datetime({ offset: true });

/** `?status=`: comma-separated job states (GET /api/dispatch/jobs, the exports). */
export const jobStatusList = z
  .string()
  .transform((value) => value.split(',').map((each) => each.trim()))
  .pipe(z.array(z.enum(jobStatuses)).min(1))
  .describe(`comma-separated: ${jobStatuses.join(', ')}`);

/** GET /api/dispatch/jobs */
export const jobsQuery = z.object({
  status: jobStatusList.optional(),
  measurer: idParam.optional().describe('a crew member id'),
  manager: idParam.optional().describe('a crew member id (role manager)'),
  from: instant.optional().describe('created at or after (ISO 8601)'),
  to: instant.optional().describe('created before (ISO 8601)'),
  planned_from: instant
    .optional()
    .describe('visits ending after this (ISO 8601); with planned_to: a calendar range, jobs ordered by visit'),
  planned_to: instant.optional().describe('visits starting before this (ISO 8601)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
/** What a caller sends to GET /api/dispatch/jobs: `status` comma-separated; limit and offset may be left out. */
export type JobsQuery = Omit<z.infer<typeof jobsQuery>, 'status' | 'limit' | 'offset'> & {
  status?: string;
  limit?: number;
  offset?: number;
};

/** POST /api/dispatch/jobs/:id/assign */
export const jobAssignBody = z.object({ measurer_id: idField.describe('a crew member with the measurer role') });
export type JobAssignBody = z.input<typeof jobAssignBody>;

/** POST /api/dispatch/jobs/:id/state: the board's drop on a column (assignment and cancel have their own routes). */
export const jobStepBody = z.object({ status: z.enum(['in_progress', 'completed']) });
export type JobStepBody = z.input<typeof jobStepBody>;

/** POST /api/dispatch/jobs/:id/cancel */
export const jobCancelBody = z.object({ reason: z.string().trim().min(1, 'say why the job is cancelled').max(1000) });
export type JobCancelBody = z.input<typeof jobCancelBody>;

/** POST /api/dispatch/jobs/:id/comments */
export const jobCommentBody = z.object({ text: z.string().trim().min(1, 'write the comment').max(4000) });
export type JobCommentBody = z.input<typeof jobCommentBody>;

/** PUT /api/dispatch/jobs/:id/visit */
export const jobVisitBody = z.object({
  planned_at: instant.nullable().describe('the visit start (ISO 8601 with offset); null clears the visit'),
  duration_minutes: z.number().int().min(5).max(720).optional().describe('default: the visit_minutes setting'),
});
export type JobVisitBody = z.input<typeof jobVisitBody>;

/** PATCH /api/dispatch/crew/:id */
export const crewPatch = z
  .object({
    role: z.enum(crewRoles).optional(),
    amocrm_user_id: z.number().int().positive().nullable().optional().describe("a manager's AmoCRM user id (deals' responsible_user_id)"),
    active: z.boolean().optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'send at least one of role, amocrm_user_id, active, name' });
export type CrewPatch = z.input<typeof crewPatch>;

/** POST /api/dispatch/invites */
export const crewInviteBody = z.object({ role: z.enum(crewRoles), ttl_hours: z.number().int().min(1).max(720).default(72) });
export type CrewInviteBody = z.input<typeof crewInviteBody>;

/** A crew member as a job or the board names them. */
export interface CrewPerson {
  id: number;
  name: string;
}

/** One of GET /api/dispatch/jobs: seed 003's Measurement fields. */
export interface Job {
  id: number;
  amocrm_lead_id: number;
  status: JobStatus;
  lead_name: string | null;
  client_name: string | null;
  client_phone: string | null;
  address: string | null;
  measurer: CrewPerson | null;
  /** The crew manager whose AmoCRM user is the deal's responsible; null when none is linked. */
  manager: CrewPerson | null;
  /** The deal's responsible AmoCRM user id. */
  responsible_user_id: number | null;
  created_at: string;
  assigned_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  /** The planned visit's start, and its length; null when no visit is planned. */
  planned_at: string | null;
  duration_minutes: number | null;
  writeback: JobWriteback | null;
}

/** GET /api/dispatch/jobs: newest first; one page of `limit` (the board pages each column by offset). */
export interface JobPage {
  results: Job[];
  limit: number;
  offset: number;
  has_more: boolean;
}

/** A job on a measurer's calendar (GET /api/dispatch/jobs with planned_from/planned_to): only jobs with a visit. */
export interface PlannedJob extends Job {
  planned_at: string;
  duration_minutes: number;
}

/** GET /api/dispatch/jobs with planned_from/planned_to: visits in the range, earliest first. */
export interface PlannedJobPage extends Omit<JobPage, 'results'> {
  results: PlannedJob[];
}

/** One line of a job's history (GET /api/dispatch/jobs/:id/history; comments are its `comment` entries). */
export interface JobHistoryEntry {
  id: number;
  event: string;
  from_status: JobStatus | null;
  to_status: JobStatus | null;
  measurer_id: number | null;
  /** `name`: a comment's author as written then. */
  actor: { kind: JobActorKind; id: number | null; name: string | null };
  note: string | null;
  at: string;
}

/** GET /api/dispatch/jobs/:id/history */
export interface JobHistory {
  results: JobHistoryEntry[];
}

/** GET /api/dispatch/jobs/:id: the job with its history. */
export interface JobDetail extends Job {
  history: JobHistoryEntry[];
}

/** The answer of assign, state and cancel (POST /api/dispatch/jobs/:id/…). */
export interface JobMoved {
  id: number;
  status: JobStatus;
  measurer_id: number | null;
}

/** POST /api/dispatch/jobs/:id/comments (201). */
export interface JobComment {
  id: number;
  text: string;
  author: string;
  at: string;
}

/** PUT /api/dispatch/jobs/:id/visit: the visit as saved; nulls when it was cleared. */
export interface JobVisit {
  id: number;
  planned_at: string | null;
  planned_end_at: string | null;
  duration_minutes: number | null;
}

/** A photo or document of a job (GET …/files, POST …/files 201), with a download link valid an hour. */
export interface JobFile {
  id: number;
  name: string;
  content_type: string;
  size: number;
  /** The crew member who sent it from the bot; null when staff added it on the board. */
  crew_id: number | null;
  at: string;
  url: string;
}

/** GET /api/dispatch/jobs/:id/files */
export interface JobFileList {
  results: JobFile[];
}

/** GET /api/dispatch/board/crew: the board's drop targets and filters. */
export interface BoardCrew {
  /** The business's time zone (the dispatch setting): visit times are shown and typed in it. */
  time_zone: string;
  measurers: Array<CrewPerson & { username: string | null; open_jobs: number }>;
  managers: Array<CrewPerson & { username: string | null }>;
}

/** One of GET /api/dispatch/crew (admins), and PATCH /api/dispatch/crew/:id's answer. */
export interface CrewMember {
  id: number;
  name: string;
  username: string | null;
  role: CrewRole;
  amocrm_user_id: number | null;
  active: boolean;
  language: string;
  /** The bot the member joined through. */
  channel_id: number;
  joined_at: string;
}

/** GET /api/dispatch/crew */
export interface CrewList {
  results: CrewMember[];
}

/** POST /api/dispatch/invites: a t.me link that lets one person join the crew. */
export interface CrewInvite {
  link: string;
  role: CrewRole;
  expires_at: string;
}
