import { idParams, jobAssignBody, jobCancelBody, jobStepBody, type BoardCrew, type JobMoved } from '@switchboard/contract';
import { conflict, currentUser, HttpError, notFound, unprocessable, type HttpApp } from '../../platform/index.ts';
import type { DispatchContext } from './context.ts';
import type { CrewService } from './crew.service.ts';
import type { ActOutcome, Action, JobService } from './jobs.service.ts';
import type { Lifecycle } from './lifecycle.ts';

const tags = ['dispatch'];

/** The web board's states a staff user may move a job to by dropping it on a column (assignment and cancel have their own routes). */
const stepFor = { in_progress: 'start', completed: 'complete' } as const satisfies Record<string, Action>;

/**
 * The web board (issue 19): staff assign, move and cancel jobs through the same lifecycle as the bot's
 * buttons, so the rules (one assignment wins a race), the history and the crew's notifications are the
 * bot's; the lifecycle announces each change to staff screens (`dispatch_job`).
 */
export function registerBoardRoutes(
  app: HttpApp,
  options: { context: Pick<DispatchContext, 'settings'>; crew: CrewService; jobs: JobService; lifecycle: Lifecycle },
): void {
  const { crew, jobs, lifecycle } = options;

  async function answer(outcome: ActOutcome, jobId: number): Promise<JobMoved> {
    if (outcome.ok) return { id: outcome.job.id, status: outcome.job.status, measurer_id: outcome.job.measurer_id };
    switch (outcome.reason) {
      case 'not_found':
        throw notFound(`Job ${jobId}`);
      case 'no_measurer':
        throw unprocessable('There is no active measurer with that id: pick one from GET /api/dispatch/board/crew.', 'unknown_assignee');
      case 'already_assigned': {
        const measurer = outcome.job.measurer_id === null ? undefined : await crew.find(outcome.job.measurer_id);
        throw conflict(`Job ${jobId} is already assigned to ${measurer?.name ?? 'another measurer'}.`, 'conflict');
      }
      case 'visit_conflict':
        throw conflict(
          `Job ${jobId}'s visit overlaps job ${outcome.other.id} of that measurer: move one of the visits, or pick another measurer.`,
          'visit_overlap',
        );
      default:
        throw new HttpError(
          409,
          'invalid_transition',
          `Job ${jobId} is ${outcome.job.status}: it cannot go there (pending → assigned → in_progress → completed; cancel from any open state).`,
        );
    }
  }

  app.get(
    '/api/dispatch/board/crew',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          "The active measurers and managers (the board's drop targets and filters), and the business's time zone the calendar shows visits in",
      },
    },
    async (): Promise<BoardCrew> => {
      const [measurers, managers, counts] = await Promise.all([crew.withRole('measurer'), crew.withRole('manager'), crew.openJobCounts()]);
      const { time_zone } = await options.context.settings.read();
      return {
        time_zone,
        measurers: measurers.map((each) => ({
          id: each.id,
          name: each.name,
          username: each.username,
          open_jobs: counts.get(each.id) ?? 0,
        })),
        managers: managers.map((each) => ({ id: each.id, name: each.name, username: each.username })),
      };
    },
  );

  app.post(
    '/api/dispatch/jobs/:id/assign',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Assign a pending job to a measurer, or reassign an assigned one (the measurer and the manager are told)',
        params: idParams,
        body: jobAssignBody,
      },
    },
    async (request): Promise<JobMoved> => {
      const jobId = request.params.id;
      const job = await jobs.find(jobId);
      if (!job) throw notFound(`Job ${jobId}`);
      const action: Action = job.status === 'assigned' ? 'reassign' : 'assign';
      const actor = { kind: 'staff' as const, id: currentUser(request).id };
      return answer(await lifecycle.act(jobId, action, actor, request.body.measurer_id), jobId);
    },
  );

  app.post(
    '/api/dispatch/jobs/:id/state',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Move an assigned job to in_progress, or an in-progress one to completed, on the measurer’s behalf',
        params: idParams,
        body: jobStepBody,
      },
    },
    async (request): Promise<JobMoved> => {
      const jobId = request.params.id;
      const actor = { kind: 'staff' as const, id: currentUser(request).id };
      return answer(await lifecycle.act(jobId, stepFor[request.body.status], actor), jobId);
    },
  );

  app.post(
    '/api/dispatch/jobs/:id/cancel',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Cancel an open job with a reason (kept in its history; the measurer and the manager are told)',
        params: idParams,
        body: jobCancelBody,
      },
    },
    async (request): Promise<JobMoved> => {
      const jobId = request.params.id;
      const user = currentUser(request);
      const outcome = await lifecycle.act(jobId, 'cancel', { kind: 'staff', id: user.id }, undefined, request.body.reason);
      return answer(outcome, jobId);
    },
  );
}
