import { PgBoss, fromPglite, type Job, type QueueOptions, type WorkOptions } from 'pg-boss';
import type { Database } from './db/database.ts';
import type { Logger } from './logger.ts';

/** A queue a module owns: pg-boss creates it at start, before anything sends to it. */
export interface QueueDefinition<Data extends object = object> {
  name: string;
  options?: QueueOptions;
  work?: { options?: WorkOptions; handle: (jobs: Job<Data>[]) => Promise<void> };
  /** A 5-field cron expression in UTC. */
  cron?: string;
}

export interface Jobs {
  boss: PgBoss;
  send(queue: string, data: object, options?: { startAfter?: number | Date; singletonKey?: string }): Promise<string | null>;
  queueNames(): string[];
  stop(): Promise<void>;
}

/**
 * Starts pg-boss and creates every queue (any instance may send to one). With
 * `work` (the default) this instance also works the queues and keeps the cron
 * schedules: pg-boss fires each occurrence once across the cluster (a singleton
 * per schedule and minute) and one worker fetches each job (SKIP LOCKED).
 * Without it (a web-only instance) pg-boss only sends: no workers, no cron
 * monitor, no maintenance.
 */
export async function startJobs<Tables>(options: {
  database: Database<Tables>;
  logger: Logger;
  queues: QueueDefinition<never>[];
  work?: boolean;
}): Promise<Jobs> {
  const { database, logger } = options;
  const work = options.work ?? true;
  const background = work ? {} : { schedule: false, supervise: false };
  const boss = database.pglite
    ? new PgBoss({ backend: 'pglite', db: fromPglite(database.pglite), superviseIntervalSeconds: 60, ...background })
    : new PgBoss({ connectionString: database.connectionString, max: 4, application_name: 'switchboard-jobs', ...background });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const queue of options.queues) {
    await boss.createQueue(queue.name, queue.options);
  }
  for (const queue of work ? options.queues : []) {
    if (queue.work) {
      const { handle, options: workOptions } = queue.work as { handle: (jobs: Job<object>[]) => Promise<void>; options?: WorkOptions };
      await boss.work(queue.name, { pollingIntervalSeconds: 2, ...workOptions }, handle);
    }
    if (queue.cron) await boss.schedule(queue.name, queue.cron, {}, { tz: 'UTC' });
  }
  return {
    boss,
    send: (queue, data, sendOptions) => boss.send(queue, data, sendOptions ?? {}),
    queueNames: () => options.queues.map((queue) => queue.name),
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}
