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

export async function startJobs(options: { database: Database; logger: Logger; queues: QueueDefinition<never>[] }): Promise<Jobs> {
  const { database, logger } = options;
  const boss = database.pglite
    ? new PgBoss({ backend: 'pglite', db: fromPglite(database.pglite), superviseIntervalSeconds: 60 })
    : new PgBoss({ connectionString: database.connectionString, max: 4, application_name: 'switchboard-jobs' });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const queue of options.queues) {
    await boss.createQueue(queue.name, queue.options);
  }
  for (const queue of options.queues) {
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
