// Scenario — heavy work: the health check's latency while 50 invoice PDFs
// render and 20 password sign-ins run at once (issue 14). PDF layout runs in a
// worker pool and hashing is bounded, so the event loop stays free: the goal is
// a health p99 under 100 ms. Renders or sign-ins past their queue bounds answer
// 503 with Retry-After; how many did is reported, not hidden.
import { createHttpClient, type HttpClient, type HttpResult } from '../lib/http-load.ts';
import { goal, round, summarize, type Engine, type Report } from '../lib/report.ts';
import { benchAdmin, startServer } from '../lib/server-process.ts';
import { adminToken, enginesFor, forEachEngine, freshDatabase, sleep, type BenchOptions } from '../lib/setup.ts';

const pdfs = 50;
const logins = 20;
const healthEveryMs = 10;

async function invoiceToRender(client: HttpClient, token: string): Promise<number> {
  const headers = { authorization: `Token ${token}` };
  const created = await client.request('POST', '/api/clients', {
    headers,
    body: JSON.stringify({ name: 'ТОО Тяжёлая работа', email: 'heavy@example.com' }),
  });
  if (created.status !== 201) throw new Error(`client: ${created.status} ${created.body}`);
  const lines = Array.from({ length: 60 }, (_, index) => ({
    description: `Позиция ${index + 1}: монтаж, настройка и выезд специалиста`,
    quantity: 1 + (index % 3),
    unit_price: 1500.5,
  }));
  const invoice = await client.request('POST', '/api/invoices', {
    headers,
    body: JSON.stringify({ client_id: JSON.parse(created.body).id, lines, notes: 'Оплата в течение 5 дней.' }),
  });
  if (invoice.status !== 201) throw new Error(`invoice: ${invoice.status} ${invoice.body}`);
  return JSON.parse(invoice.body).id as number;
}

/** Probes /api/health every few ms until `until` settles; returns each probe's latency. */
async function probeHealth(client: HttpClient, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const latencies: number[] = [];
  while (!done) {
    latencies.push((await client.request('GET', '/api/health')).ms);
    await sleep(healthEveryMs);
  }
  return latencies;
}

const countBy = (results: HttpResult[]) =>
  Object.fromEntries(
    Object.entries(Object.groupBy(results, (result) => String(result.status))).map(([status, items]) => [status, items!.length]),
  );

async function measureEngine(engine: Engine) {
  const database = await freshDatabase(engine);
  const server = await startServer({ database });
  // Separate sockets: the probe must not queue behind the load's connections.
  const probe = createHttpClient(server.url, 1);
  const load = createHttpClient(server.url, pdfs + logins);
  try {
    const token = await adminToken(server.url);
    const invoiceId = await invoiceToRender(load, token);
    // Warm-up: one render starts the worker and loads pdfkit; one sign-in warms argon2.
    await load.request('GET', `/api/invoices/${invoiceId}/pdf`, { headers: { authorization: `Token ${token}` } });
    const idle = await probeHealth(probe, sleep(1_000));
    const startedAt = performance.now();
    const work = Promise.all([
      ...Array.from({ length: pdfs }, () =>
        load.request('GET', `/api/invoices/${invoiceId}/pdf`, { headers: { authorization: `Token ${token}` } }),
      ),
      ...Array.from({ length: logins }, () => load.request('POST', '/api/api-token-auth/', { body: JSON.stringify(benchAdmin) })),
    ]);
    const busy = await probeHealth(probe, work);
    const results = await work;
    const seconds = (performance.now() - startedAt) / 1000;
    const pdfResults = results.slice(0, pdfs);
    const loginResults = results.slice(pdfs);
    return {
      health_idle_ms: summarize(idle),
      health_under_load_ms: summarize(busy),
      pdf: { statuses: countBy(pdfResults), ms: summarize(pdfResults.map((result) => result.ms)) },
      login: { statuses: countBy(loginResults), ms: summarize(loginResults.map((result) => result.ms)) },
      load_seconds: round(seconds, 2),
    };
  } finally {
    probe.close();
    load.close();
    await server.stop();
    await database.drop();
  }
}

export async function runHeavyWork(report: Report, options: BenchOptions): Promise<void> {
  await forEachEngine(
    report,
    enginesFor(options, ['pglite']),
    (engine) => measureEngine(engine),
    (engine, result) => {
      report.figure(engine, result);
      const p99 = result.health_under_load_ms.p99;
      report.headline('health p99 ms idle | under 50 PDFs + 20 sign-ins', `${result.health_idle_ms.p99} | ${p99}`, engine);
      report.headline(
        'PDF answers | sign-in answers (by status)',
        `${JSON.stringify(result.pdf.statuses)} | ${JSON.stringify(result.login.statuses)}`,
        engine,
      );
      report.goal(goal('health p99 ms under PDF and sign-in load', '< 100', p99, (value) => value < 100, engine));
    },
  );
}
