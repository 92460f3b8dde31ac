import type { DispatchContext } from './context.ts';
import type { Action, ActOutcome, Actor, JobService } from './jobs.service.ts';
import { writeBackQueue } from './sync.service.ts';

/** A lifecycle step and what follows it: a completed job queues its write-back to AmoCRM. */
export function createLifecycle(jobs: JobService, context: Pick<DispatchContext, 'jobs' | 'logger'>) {
  return {
    async act(jobId: number, action: Action, actor: Actor, measurerId?: number): Promise<ActOutcome> {
      const outcome = await jobs.act(jobId, action, actor, measurerId);
      if (outcome.ok) {
        context.logger.info({ job_id: jobId, action, status: outcome.job.status, actor: actor.kind }, 'dispatch job changed');
        if (outcome.job.writeback === 'pending') await context.jobs.send(writeBackQueue, { jobId }, { singletonKey: `writeback-${jobId}` });
      }
      return outcome;
    },
  };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
