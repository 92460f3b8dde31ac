// Scenario 5 — footprint: start-up time to healthy (first start, which
// migrates, and a restart), idle RSS, and RSS holding 500 WebSocket clients.
// The server is `server/src/main.ts` in a child process, as `npm start` runs it.
import fs from 'node:fs';
import { startTelegramSimulator } from '@switchboard/telegram-sim';
import { findFreePort } from '../../server/src/testing/postgres-cluster.ts';
import { createBenchDatabase } from '../lib/databases.ts';
import { goal, type Engine, type Report } from '../lib/report.ts';
import { startServer } from '../lib/server-process.ts';
import { enginesFor, forEachEngine, insertStaffWithTokens, sleep, type BenchOptions } from '../lib/setup.ts';
import { closeClients, connectClients } from '../lib/ws-clients.ts';
import { webhookSecret } from './inbound-load.ts';

function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 102.4) / 10 : NaN;
}

async function measureEngine(engine: Engine, quick: boolean) {
  const settleMs = quick ? 2_000 : 10_000;
  const sim = await startTelegramSimulator();
  const bot = sim.createBot({ username: 'footprint_bot' });
  // An empty database: the first start creates (PGlite) and migrates it.
  const database = await createBenchDatabase(engine, { migrated: false });
  const port = await findFreePort();
  const env = {
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    TELEGRAM_API_ROOT: sim.apiRoot,
    TELEGRAM_BOT_TOKEN: bot.token,
    TELEGRAM_WEBHOOK_SECRET: webhookSecret,
  };
  try {
    const first = await startServer({ database, port, env });
    await sleep(settleMs);
    const firstIdle = first.rssMb();
    await first.stop();
    const tokens = (await insertStaffWithTokens(database, 'operator', 500, 'ws')).map((user) => user.token);

    const server = await startServer({ database, port, env });
    try {
      await sleep(settleMs);
      const idle = server.rssMb();
      const clients = await connectClients(server.url, tokens, 25);
      await sleep(2_000);
      const withClients = server.rssMb();
      await closeClients(clients);
      await sleep(1_000);
      return {
        startup_first_ms: first.startupMs,
        startup_ms: server.startupMs,
        idle_rss_mb: idle,
        idle_rss_first_start_mb: firstIdle,
        rss_with_500_websockets_mb: withClients,
        per_websocket_kb: Math.round(((withClients - idle) * 1024) / clients.length),
        peak_rss_mb: peakRssMb(server.pid),
        settle_ms: settleMs,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await sim.stop();
    await database.drop();
  }
}

export async function runFootprint(report: Report, options: BenchOptions): Promise<void> {
  await forEachEngine(
    report,
    enginesFor(options),
    (engine) => measureEngine(engine, options.quick),
    (engine, result) => {
      report.figure(engine, result);
      report.headline('start-up to healthy ms (first start | restart)', `${result.startup_first_ms} | ${result.startup_ms}`, engine);
      report.headline('RSS MB idle | with 500 WebSockets', `${result.idle_rss_mb} | ${result.rss_with_500_websockets_mb}`, engine);
      if (engine === 'postgres') report.goal(goal('idle RSS MB', '≤ 150', result.idle_rss_mb, (value) => value <= 150, engine));
    },
  );
}
