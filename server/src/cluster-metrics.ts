// Backlog gauges for /metrics, read from the database at each scrape: what is
// waiting in the intake journal, the outbox and the job queues, and how many
// instances are alive. They describe the whole cluster, so every instance
// reports the same values: aggregate them with max(), not sum().
import { sql } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import { instanceDeadAfterSeconds, type Db, type Jobs } from './platform/index.ts';

export function registerBacklogMetrics(registry: Registry, options: { db: Db; jobs: Jobs }): void {
  const { db } = options;
  const gauge = (name: string, help: string, labelNames: string[], collect: (gauge: Gauge) => Promise<void>) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        await collect(this);
      },
    });

  gauge(
    'switchboard_intake_open_updates',
    'Updates journaled and not yet processed, by state (pending, processing)',
    ['state'],
    async (metric) => {
      const { rows } = await sql<{ state: string; count: number }>`
      SELECT state, count(*)::int AS count FROM intake_journal WHERE state IN ('pending', 'processing') GROUP BY state`.execute(db);
      for (const state of ['pending', 'processing']) metric.set({ state }, rows.find((row) => row.state === state)?.count ?? 0);
    },
  );
  gauge('switchboard_intake_oldest_open_seconds', 'Age of the oldest unprocessed update (0 when none)', [], async (metric) => {
    const { rows } = await sql<{ age: number | null }>`
      SELECT extract(epoch FROM now() - min(received_at))::float8 AS age FROM intake_journal WHERE state IN ('pending', 'processing')`.execute(
      db,
    );
    metric.set(rows[0]?.age ?? 0);
  });
  gauge(
    'switchboard_outbox_messages',
    'Outbox rows waiting or failed, by state (queued, sending, failed) and lane',
    ['state', 'lane'],
    async (metric) => {
      const { rows } = await sql<{ state: string; lane: string; count: number }>`
      SELECT state, lane, count(*)::int AS count FROM outbox WHERE state IN ('queued', 'sending', 'failed') GROUP BY state, lane`.execute(
        db,
      );
      for (const row of rows) metric.set({ state: row.state, lane: row.lane }, row.count);
    },
  );
  gauge('switchboard_outbox_oldest_queued_seconds', 'Age of the oldest message waiting to be sent (0 when none)', [], async (metric) => {
    const { rows } = await sql<{ age: number | null }>`
      SELECT extract(epoch FROM now() - min(created_at))::float8 AS age FROM outbox WHERE state IN ('queued', 'sending')`.execute(db);
    metric.set(rows[0]?.age ?? 0);
  });
  gauge('switchboard_instances_live', 'Instances whose heartbeat is recent enough for their claims to stand', [], async (metric) => {
    const { rows } = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM instances WHERE last_seen_at > now() - make_interval(secs => ${instanceDeadAfterSeconds})`.execute(
      db,
    );
    metric.set(rows[0]?.count ?? 0);
  });
  gauge('switchboard_job_queue_jobs', 'pg-boss jobs by queue and state (queued, active)', ['queue', 'state'], async (metric) => {
    for (const queue of await options.jobs.boss.getQueues()) {
      metric.set({ queue: queue.name, state: 'queued' }, queue.queuedCount);
      metric.set({ queue: queue.name, state: 'active' }, queue.activeCount);
    }
  });
}
