// A job's history, comments and planned visit for staff (issue 19); the bot does the same through dispatch.flows.
import {
  idParams,
  jobCommentBody,
  jobVisitBody,
  type JobComment,
  type JobFile,
  type JobFileList,
  type JobHistory,
  type JobHistoryEntry,
  type JobVisit,
} from '@switchboard/contract';
import { conflict, currentUser, notFound, type HttpApp } from '../../platform/index.ts';
import type { DispatchContext } from './context.ts';
import type { JobExtras } from './job-extras.service.ts';
import type { JobFiles } from './job-files.ts';
import { jobHistory } from './jobs.query.ts';

const tags = ['dispatch'];

export type HistoryRow = Awaited<ReturnType<typeof jobHistory>>[number];
type JobFileRow = Awaited<ReturnType<JobFiles['list']>>[number];

export const historyEntry = (entry: HistoryRow): JobHistoryEntry => ({
  id: entry.id,
  event: entry.event,
  from_status: entry.from_status,
  to_status: entry.to_status,
  measurer_id: entry.measurer_id,
  actor: { kind: entry.actor_kind, id: entry.actor_id, name: entry.author_name },
  note: entry.note,
  at: entry.at.toISOString(),
});

/** How long a file link handed to the web app keeps working. */
export const fileLinkSeconds = 3600;

/** A job's file as the API shows it, with a signed link valid fileLinkSeconds. */
export function serializeJobFile(file: JobFileRow, store: DispatchContext['files']): JobFile {
  return {
    id: file.id,
    name: file.name,
    content_type: file.content_type,
    size: file.size,
    crew_id: file.crew_id,
    at: file.at.toISOString(),
    url: store.signedUrl(file.file_id, fileLinkSeconds),
  };
}

export function registerJobExtrasRoutes(app: HttpApp, options: { context: DispatchContext; extras: JobExtras; files: JobFiles }): void {
  const { context, extras, files } = options;
  const db = context.ownTables;

  app.get(
    '/api/dispatch/jobs/:id/history',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "A job's history: state, assignment, planned visit, comments, notes; oldest first",
        params: idParams,
      },
    },
    async (request): Promise<JobHistory> => {
      const job = await db.selectFrom('dispatch_jobs').select('id').where('id', '=', request.params.id).executeTakeFirst();
      if (!job) throw notFound(`Job ${request.params.id}`);
      return { results: (await jobHistory(db, job.id)).map(historyEntry) };
    },
  );

  app.get(
    '/api/dispatch/jobs/:id/files',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Photos and documents the crew sent to a job, with signed download links (valid an hour)',
        params: idParams,
      },
    },
    async (request): Promise<JobFileList> => {
      const job = await db.selectFrom('dispatch_jobs').select('id').where('id', '=', request.params.id).executeTakeFirst();
      if (!job) throw notFound(`Job ${request.params.id}`);
      return { results: (await files.list(job.id)).map((file) => serializeJobFile(file, context.files)) };
    },
  );

  app.post(
    '/api/dispatch/jobs/:id/comments',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "Comment on a job; the job's admins, measurer and manager get it in the bot",
        params: idParams,
        body: jobCommentBody,
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const saved = await extras.comment(request.params.id, { actor: { kind: 'staff', id: user.id }, name: user.name }, request.body.text);
      if (!saved) throw notFound(`Job ${request.params.id}`);
      const answer: JobComment = { id: saved.id, text: request.body.text, author: user.name, at: saved.at.toISOString() };
      return reply.code(201).send(answer);
    },
  );

  app.put(
    '/api/dispatch/jobs/:id/visit',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "Plan (or clear) a job's visit; an overlap with another visit of its measurer is refused (409 visit_overlap)",
        params: idParams,
        body: jobVisitBody,
      },
    },
    async (request): Promise<JobVisit> => {
      const user = currentUser(request);
      const settings = await context.settings.read();
      const { planned_at, duration_minutes } = request.body;
      const visit = planned_at === null ? null : { start: new Date(planned_at), minutes: duration_minutes ?? settings.visit_minutes };
      const outcome = await extras.planVisit(request.params.id, visit, { kind: 'staff', id: user.id });
      if (!outcome.ok) {
        if (outcome.reason === 'not_found') throw notFound(`Job ${request.params.id}`);
        if (outcome.reason === 'closed')
          throw conflict(`Job ${outcome.job.id} is ${outcome.job.status}: a closed job gets no visit.`, 'invalid_transition');
        const other = outcome.other;
        throw conflict(
          `The measurer already has a visit for job ${other.id} from ${other.planned_at?.toISOString()} to ${other.planned_end_at?.toISOString()}: pick another time.`,
          'visit_overlap',
        );
      }
      const job = outcome.job;
      return {
        id: job.id,
        planned_at: job.planned_at?.toISOString() ?? null,
        planned_end_at: job.planned_end_at?.toISOString() ?? null,
        duration_minutes: visit?.minutes ?? null,
      };
    },
  );
}
