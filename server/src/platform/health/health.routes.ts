import { sql } from 'kysely';
import type { AnyDb } from '../db/database.ts';
import { withUrgentConnection } from '../db/pglite-dialect.ts';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { z } from 'zod';
import type { DatabaseEngine } from '../db/database.ts';
import type { HttpApp } from '../http/app.ts';
import type { Jobs } from '../jobs.ts';
import type { Heartbeats } from './heartbeats.ts';

export interface HealthDependencies {
  db: AnyDb;
  engine: DatabaseEngine;
  jobs: Jobs;
  heartbeats: Heartbeats;
  version: string;
  startedAt: Date;
  metrics: Registry;
}

export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

async function checkDatabase(db: AnyDb): Promise<string | null> {
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

  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness and readiness: database reachable and workers beating',
        response: {
          200: z.object({
            status: z.literal('healthy'),
            timestamp: z.string(),
            database: z.string(),
            workers: z.array(z.object({ name: z.string(), healthy: z.boolean(), last_beat: z.string() })),
          }),
          503: z.object({ status: z.literal('unhealthy'), timestamp: z.string(), problems: z.array(z.string()) }),
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
      if (problems.length > 0) return reply.status(503).send({ status: 'unhealthy' as const, timestamp, problems });
      return { status: 'healthy' as const, timestamp, database: dependencies.engine, workers };
    },
  );

  app.get(
    '/api/system/status',
    { config: { access: 'admin' }, schema: { tags: ['system'], summary: 'Engine, size, queues, uptime, version (admin)' } },
    async () => {
      const size = await sql<{ bytes: number }>`SELECT pg_database_size(current_database())::bigint AS bytes`.execute(db);
      const queues = await dependencies.jobs.boss.getQueues();
      return {
        version: dependencies.version,
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
        memory_rss_bytes: process.memoryUsage().rss,
      };
    },
  );

  app.get('/metrics', { config: { access: 'admin' }, schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', dependencies.metrics.contentType);
    return dependencies.metrics.metrics();
  });
}
