// Scenario — dispatch-board (issue 19): a year of field dispatch seeded in bulk into the real schema
// (10,000 jobs, 50 measurers, planned visits that never overlap), then the board's list
// (GET /api/dispatch/jobs with its filters) and the per-measurer statistics over the year
// (GET /api/dispatch/stats by week and by month), each p50/p95 over sequential requests.
import { createHttpClient } from '../lib/http-load.ts';
import { goal, summarize, type Engine, type Report } from '../lib/report.ts';
import { startServer } from '../lib/server-process.ts';
import { adminToken, enginesFor, forEachEngine, freshDatabase, type BenchOptions } from '../lib/setup.ts';

const measurers = 50;
const jobs = 10_000;
const dayMs = 86_400_000;

async function measureEngine(engine: Engine, quick: boolean) {
  const requests = quick ? 30 : 200;
  const database = await freshDatabase(engine);
  const yearAgo = new Date(Date.now() - 365 * dayMs);
  await database.withClient(async (query) => {
    await query(
      `INSERT INTO dispatch_crew (channel_id, telegram_user_id, chat_id, name, role, amocrm_user_id)
       SELECT 1, 'm' || n, 'm' || n, 'Замерщик ' || n, 'measurer', NULL FROM generate_series(1, $1::int) n`,
      [measurers],
    );
    await query(
      `INSERT INTO dispatch_crew (channel_id, telegram_user_id, chat_id, name, role, amocrm_user_id)
       SELECT 1, 'g' || n, 'g' || n, 'Менеджер ' || n, 'manager', 5000 + n FROM generate_series(1, 10) n`,
    );
    // Job n: created n/10000 of a year ago → now; measurer n % 50; the visit two days after creation at a slot
    // no other job of that measurer shares; 80 % completed (some late), 8 % cancelled, the rest open.
    await query(
      `INSERT INTO dispatch_jobs (amocrm_lead_id, status, client_name, client_phone, address, responsible_user_id, measurer_id,
         created_at, updated_at, assigned_at, completed_at, cancelled_at, planned_at, planned_end_at)
       SELECT 7000000 + n,
         CASE WHEN n % 100 < 80 THEN 'completed' WHEN n % 100 < 88 THEN 'cancelled' WHEN n % 100 < 94 THEN 'assigned' ELSE 'pending' END,
         'Клиент ' || n, '+7701' || lpad(n::text, 7, '0'), 'Абая ' || n, 5001 + n % 10,
         CASE WHEN n % 100 < 94 THEN (SELECT min(id) FROM dispatch_crew WHERE role = 'measurer') + n % $2 END,
         created, created,
         CASE WHEN n % 100 < 94 THEN created + interval '20 minutes' END,
         CASE WHEN n % 100 < 80 THEN created + interval '2 days' + (n % 7) * interval '1 hour' END,
         CASE WHEN n % 100 BETWEEN 80 AND 87 THEN created + interval '1 day' END,
         CASE WHEN n % 100 < 94 THEN created + interval '2 days' END,
         CASE WHEN n % 100 < 94 THEN created + interval '2 days 1 hour' END
       FROM (SELECT n, $3::timestamptz + (n * interval '1 second' * (365 * 86400 / $1::int)) AS created
             FROM generate_series(1, $1::int) n) seeded`,
      [jobs, measurers, yearAgo.toISOString()],
    );
  });
  const server = await startServer({ database });
  const http = createHttpClient(server.url, 1);
  try {
    const token = await adminToken(server.url);
    const headers = { authorization: `Token ${token}` };
    const time = async (paths: (index: number) => string) => {
      const ms: number[] = [];
      for (let index = 0; index < requests; index += 1) {
        const result = await http.request('GET', paths(index), { headers });
        if (result.status !== 200) throw new Error(`${paths(index)}: ${result.status} ${result.body.slice(0, 300)}`);
        ms.push(result.ms);
      }
      return summarize(ms);
    };
    const from = yearAgo.toISOString();
    const to = new Date().toISOString();
    const board = await time(
      (index) =>
        [
          '/api/dispatch/jobs?limit=200',
          '/api/dispatch/jobs?status=pending,assigned,in_progress&limit=200',
          `/api/dispatch/jobs?measurer=${1 + (index % measurers)}&limit=200`,
          `/api/dispatch/jobs?from=${new Date(Date.now() - 30 * dayMs).toISOString()}&to=${to}&limit=200`,
        ][index % 4]!,
    );
    const statsWeek = await time(() => `/api/dispatch/stats?period=week&from=${from}&to=${to}`);
    const statsMonth = await time(() => `/api/dispatch/stats?period=month&from=${from}&to=${to}`);
    return { jobs, measurers, requests, board_list_ms: board, stats_year_by_week_ms: statsWeek, stats_year_by_month_ms: statsMonth };
  } finally {
    http.close();
    await server.stop();
    await database.drop();
  }
}

export async function runDispatchBoard(report: Report, options: BenchOptions): Promise<void> {
  await forEachEngine(
    report,
    enginesFor(options, ['postgres', 'pglite']),
    (engine) => measureEngine(engine, options.quick),
    (engine, result) => {
      report.figure(engine, result);
      report.headline('board list p95 ms (10,000 jobs, 50 measurers)', `${result.board_list_ms.p95}`, engine);
      report.headline(
        'stats for a year p95 ms (by week | by month)',
        `${result.stats_year_by_week_ms.p95} | ${result.stats_year_by_month_ms.p95}`,
        engine,
      );
      report.goal(goal('board list p95 ms', '< 300', result.board_list_ms.p95, (value) => value < 300, engine));
      report.goal(goal('stats for a year p95 ms', '< 1000', result.stats_year_by_week_ms.p95, (value) => value < 1000, engine));
    },
  );
}
