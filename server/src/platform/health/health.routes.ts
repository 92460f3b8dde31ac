import { sql, type QueryExecutorProvider } from 'kysely';
import { withUrgentConnection } from '../db/pglite-dialect.ts';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { healthAnswer, healthUnavailable, type ChannelHealth, type SystemStatus, type TemplatesGap } from '@switchboard/contract';
import type { DatabaseEngine } from '../db/database.ts';
import type { HttpApp } from '../http/app.ts';
import type { Jobs } from '../jobs.ts';
import type { Heartbeats } from './heartbeats.ts';

// The answers are the API contract's (@switchboard/contract, system.ts).
export type { ChannelHealth };

/** What the intake reports (the platform knows no channel itself). */
export interface IntakeReport {
  channels(): Promise<ChannelHealth[]>;
  parked(): Promise<SystemStatus['parked_updates']>;
}

export interface HealthDependencies {
  /** Health runs SQL text only, so any handle will do. */
  db: QueryExecutorProvider;
  engine: DatabaseEngine;
  jobs: Jobs;
  heartbeats: Heartbeats;
  version: string;
  startedAt: Date;
  metrics: Registry;
  /** SWITCHBOARD_ROLE of this instance, shown by health and /metrics. */
  role: string;
  intake?: IntakeReport;
  /**
   * What the running apps lack to start messages on accounts that need templates outside the reply window: per app,
   * the purposes without a declared template and those accounts (apps/business-starts.ts).
   */
  templateGaps?(): Promise<TemplatesGap[]>;
}

export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

async function checkDatabase(db: QueryExecutorProvider): Promise<string | null> {
  try {
    await Promise.race([
      // Ahead of queued work on the embedded engine's one connection: the probe asks whether it answers, not how busy it is.
      withUrgentConnection(() => sql`SELECT 1`.execute(db)),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 3 s')), 3_000).unref()),
    ]);
    return null;
  } catch (error) {
    return `database: ${(error as Error).message}`;
  }
}

export function registerHealthRoutes(app: HttpApp, dependencies: HealthDependencies): void {
  const { db, heartbeats } = dependencies;
  // One series per instance, always 1: its labels say what the instance is (Prometheus's "info" idiom).
  new Gauge({
    name: 'switchboard_instance_info',
    help: 'This Switchboard instance: its role (all, web, worker), version and database engine',
    labelNames: ['role', 'version', 'engine'],
    registers: [dependencies.metrics],
  }).set({ role: dependencies.role, version: dependencies.version, engine: dependencies.engine }, 1);

  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness and readiness: database reachable and workers beating; a bot whose intake is stuck or failing is degraded',
        response: {
          200: healthAnswer,
          503: healthUnavailable,
        },
      },
    },
    async (_request, reply) => {
      const problems: string[] = [];
      const databaseProblem = await checkDatabase(db);
      if (databaseProblem) problems.push(databaseProblem);
      const workers = heartbeats.report();
      for (const worker of workers) if (!worker.healthy) problems.push(`worker ${worker.name} silent since ${worker.last_beat}`);
      const timestamp = new Date().toISOString();
      const role = dependencies.role;
      if (problems.length > 0) return reply.status(503).send({ status: 'unhealthy' as const, role, timestamp, problems });
      const channels = ((await dependencies.intake?.channels()) ?? []).map(
        ({ name: _name, connection: _connection, ...channel }) => channel,
      );
      const status = channels.some((channel) => channel.status === 'degraded') ? ('degraded' as const) : ('healthy' as const);
      return { status, role, timestamp, database: dependencies.engine, workers, channels };
    },
  );

  app.get('/metrics', { config: { access: 'admin' }, schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', dependencies.metrics.contentType);
    return dependencies.metrics.metrics();
  });

  // A worker serves only health and metrics (SWITCHBOARD_ROLE=worker).
  if (dependencies.role === 'worker') return;

  app.get(
    '/api/system/status',
    { config: { access: 'admin' }, schema: { tags: ['system'], summary: 'Engine, size, queues, uptime, version (admin)' } },
    async (): Promise<SystemStatus> => {
      const size = await sql<{ bytes: number }>`SELECT pg_database_size(current_database())::bigint AS bytes`.execute(db);
      const queues = await dependencies.jobs.boss.getQueues();
      const intake = dependencies.intake;
      return {
        version: dependencies.version,
        role: dependencies.role,
        uptime_seconds: Math.round((Date.now() - dependencies.startedAt.getTime()) / 1000),
        started_at: dependencies.startedAt.toISOString(),
        node: process.version,
        database: { engine: dependencies.engine, size_bytes: Number(size.rows[0]?.bytes ?? 0) },
        queues: queues.map((queue) => ({
          name: queue.name,
          policy: queue.policy,
          queued: queue.queuedCount,
          active: queue.activeCount,
          total: queue.totalCount,
        })),
        workers: heartbeats.report(),
        channels: (await intake?.channels()) ?? [],
        parked_updates: (await intake?.parked()) ?? [],
        message_template_gaps: (await dependencies.templateGaps?.()) ?? [],
        memory_rss_bytes: process.memoryUsage().rss,
      };
    },
  );
}
