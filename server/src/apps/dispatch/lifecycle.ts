import type { DispatchContext } from './context.ts';
import type { Action, ActOutcome, Actor, JobService } from './jobs.service.ts';
import { overlappingVisit } from './job-extras.service.ts';
import { writeBackQueue } from './sync.service.ts';

/** The realtime event staff screens (the web board) get after every change of a job, from the bot or the web. */
export const jobChangedEvent = 'dispatch_job';

/** A lifecycle step and what follows it: a completed job queues its write-back to AmoCRM; staff screens hear of it. */
export function createLifecycle(jobs: JobService, context: Pick<DispatchContext, 'jobs' | 'logger' | 'staff' | 'ownTables'>) {
  /** An assignment refused by the no-overlap constraint: which visit of that measurer it would overlap. */
  async function visitConflict(error: unknown, jobId: number, measurerId?: number): Promise<ActOutcome | undefined> {
    if ((error as { code?: unknown } | null)?.code !== '23P01' || measurerId === undefined) return undefined;
    const job = await jobs.find(jobId);
    if (!job?.planned_at || !job.planned_end_at) return undefined;
    const other = await overlappingVisit(context.ownTables, measurerId, job.planned_at, job.planned_end_at, jobId);
    return other ? { ok: false, reason: 'visit_conflict', job, other } : undefined;
  }

  return {
    async act(jobId: number, action: Action, actor: Actor, measurerId?: number, note?: string): Promise<ActOutcome> {
      let outcome: ActOutcome;
      try {
        outcome = await jobs.act(jobId, action, actor, measurerId, note);
      } catch (error) {
        const conflict = await visitConflict(error, jobId, measurerId);
        if (!conflict) throw error;
        outcome = conflict;
      }
      if (outcome.ok) {
        context.logger.info({ job_id: jobId, action, status: outcome.job.status, actor: actor.kind }, 'dispatch job changed');
        if (outcome.job.writeback === 'pending') await context.jobs.send(writeBackQueue, { jobId }, { singletonKey: `writeback-${jobId}` });
        // The change is committed: a screen that misses the event catches up on its next load, so a failure is only logged.
        await context.staff
          .announce(jobChangedEvent, { job_id: outcome.job.id, action, status: outcome.job.status, measurer_id: outcome.job.measurer_id })
          .catch((error: unknown) => context.logger.warn({ err: error, job_id: jobId }, 'dispatch job change not announced'));
      }
      return outcome;
    },
  };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
