// Scenario 1 — inbound: webhook updates absorbed per second, ack latency,
// webhook→WebSocket latency at 500 updates/s, duplicates; against the floor of
// a hand-written grammY + Fastify bot on a fresh database of the same engine.
import { startTelegramSimulator } from '@switchboard/telegram-sim';
import { findFreePort } from '../../server/src/testing/postgres-cluster.ts';
import { createBenchDatabase, type BenchDatabase } from '../lib/databases.ts';
import { goal, ratio, round, summarize, type Engine, type Report } from '../lib/report.ts';
import { readCpuMs, startServer, type ServerProcess } from '../lib/server-process.ts';
import { adminToken, enginesFor, forEachEngine, freshDatabase, sleep, waitUntil, type BenchOptions } from '../lib/setup.ts';
import { connectClient } from '../lib/ws-clients.ts';
import { figuresOf, makeUpdates, postUpdates, webhookSecret, type WebhookTarget } from './inbound-load.ts';

const connections = 100;
const fixedRate = 500;
// Issue 27: webhook → WebSocket latency at steady rates, and the rate its goal names per engine.
const sweepRates = [100, 200, 500, 1_000];
const steadyGoalRate = { postgres: 500, pglite: 200 };

function sizes(engine: Engine, quick: boolean) {
  if (quick) return { saturation: engine === 'postgres' ? 2_000 : 1_000, chats: 500, fixed: fixedRate * 2, warmup: 200 };
  if (engine === 'postgres') return { saturation: 20_000, chats: 2_000, fixed: fixedRate * 10, warmup: 500 };
  return { saturation: 2_000, chats: 1_000, fixed: fixedRate * 4, warmup: 200 };
}

/** Arrivals on the WebSocket, by run and sequence. */
function createArrivalLog() {
  const runs = new Map<string, Map<number, number>>();
  const pattern = /bench:([a-z0-9]+):(\d+)$/;
  return {
    note(text: string, at: number) {
      const match = pattern.exec(text);
      if (!match) return;
      let run = runs.get(match[1]!);
      if (!run) runs.set(match[1]!, (run = new Map()));
      if (!run.has(Number(match[2]))) run.set(Number(match[2]), at);
    },
    of: (run: string) => runs.get(run) ?? new Map<number, number>(),
  };
}

async function countStored(database: BenchDatabase, table: 'messages' | 'updates') {
  return database.withClient(async (query) => {
    const [row] = await query<{ total: string; distinct_texts: string }>(
      `SELECT count(*) AS total, count(DISTINCT text) AS distinct_texts FROM ${table} WHERE text LIKE '%bench:%'`,
    );
    return { stored: Number(row!.total), duplicates: Number(row!.total) - Number(row!.distinct_texts) };
  });
}

async function journalOpen(server: ServerProcess): Promise<number> {
  const rows = await server.call<Array<{ n: number }>>('query', {
    text: "SELECT count(*) AS n FROM intake_journal WHERE state IN ('pending', 'processing')",
  });
  return Number(rows[0]!.n);
}

/** Seconds from the first post to the last journal entry processed. */
async function lastProcessedSeconds(server: ServerProcess, startedAtEpochMs: number): Promise<number> {
  const rows = await server.call<Array<{ at: number }>>('query', {
    text: "SELECT extract(epoch FROM max(processed_at)) * 1000 AS at FROM intake_journal WHERE state = 'done'",
  });
  return (Number(rows[0]!.at) - startedAtEpochMs) / 1000;
}

async function measureOurs(engine: Engine, quick: boolean) {
  const size = sizes(engine, quick);
  const sim = await startTelegramSimulator();
  const bot = sim.createBot({ username: 'inbound_bot' });
  const database = await freshDatabase(engine);
  const port = await findFreePort();
  const server = await startServer({
    database,
    port,
    entry: 'child',
    env: {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TELEGRAM_API_ROOT: sim.apiRoot,
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_WEBHOOK_SECRET: webhookSecret,
    },
  });
  const arrivals = createArrivalLog();
  const socket = await connectClient(server.url, await adminToken(server.url), 0, (text, at) => arrivals.note(text, at));
  const target: WebhookTarget = { url: server.url, path: '/webhooks/telegram' };
  try {
    // Processed = the journal has nothing open; the WebSocket may have missed events (see websocket_missing).
    // Bounded: what is still open after the wait is reported as stuck, not waited for.
    const waitProcessed = async (count: number) =>
      waitUntil(async () => (await journalOpen(server)) === 0, `${count} updates processed`, 60_000 + count * 20, 100).then(
        () => 0,
        () => journalOpen(server),
      );

    const warmup = makeUpdates(size.warmup, 100, size.chats);
    await postUpdates(target, warmup.updates, { connections, timeoutMs: 60_000 });
    const stuckAfterWarmup = await waitProcessed(size.warmup);

    const saturation = makeUpdates(size.saturation, size.chats);
    const cpuBefore = readCpuMs(server.pid);
    const absorbed = await postUpdates(target, saturation.updates, { connections, timeoutMs: 300_000 });
    const stuckAfterSaturation = await waitProcessed(size.saturation);
    // The server's own CPU per update (PGlite: the database too; PostgreSQL's backends are not in it): less at
    // the mercy of other work on the machine than the rates are.
    const cpuMsPerUpdate = round((readCpuMs(server.pid) - cpuBefore) / size.saturation, 3);
    const processedSeconds = await lastProcessedSeconds(server, absorbed.startedAtEpochMs);
    const processedPerSecond = round(size.saturation / processedSeconds, 0);
    const saturationSeen = arrivals.of(saturation.run).size;

    const fixed = makeUpdates(size.fixed, size.chats);
    const steady = await postUpdates(target, fixed.updates, { connections, ratePerSecond: fixedRate, timeoutMs: 300_000 });
    const stuckAfterFixed = await waitProcessed(size.fixed);
    await sleep(500);
    const seen = arrivals.of(fixed.run);
    const latencies = steady.records.flatMap((record) => {
      const at = seen.get(record.item.sequence);
      return at === undefined ? [] : [at - record.dueAt];
    });
    // Each rate for a few seconds: latency, and the journal entries still open when the last post is answered.
    const sweep = [];
    for (const rate of sweepRates) {
      const run = makeUpdates(rate * (quick ? 2 : 5), size.chats);
      const load = await postUpdates(target, run.updates, { connections, ratePerSecond: rate, timeoutMs: 300_000 });
      const backlogAtEnd = await journalOpen(server);
      const stuck = await waitProcessed(run.updates.length);
      await sleep(300);
      const arrived = arrivals.of(run.run);
      const waits = load.records.flatMap((record) => {
        const at = arrived.get(record.item.sequence);
        return at === undefined ? [] : [at - record.dueAt];
      });
      sweep.push({
        rate,
        updates: run.updates.length,
        errors: load.errors,
        ack_ms: figuresOf(load).ack_ms,
        websocket_ms: summarize(waits),
        backlog_at_end: backlogAtEnd,
        stuck_after_wait: stuck,
        websocket_missing: Math.max(0, run.updates.length - stuck - waits.length),
      });
    }
    const posted = size.warmup + size.saturation + size.fixed + sweep.reduce((sum, step) => sum + step.updates, 0);
    await socket.close();
    await server.stop();
    const stored = await countStored(database, 'messages');
    return {
      saturation: {
        ...figuresOf(absorbed),
        processed_per_second: processedPerSecond,
        processed_seconds: round(processedSeconds, 2),
        server_cpu_ms_per_update: cpuMsPerUpdate,
        websocket_missing: Math.max(0, size.saturation - stuckAfterSaturation - saturationSeen),
      },
      fixed_rate: {
        ...figuresOf(steady),
        rate: fixedRate,
        websocket_ms: summarize(latencies),
        websocket_missing: Math.max(0, size.fixed - stuckAfterFixed - latencies.length),
      },
      posted,
      stored: stored.stored,
      lost: posted - stored.stored + stored.duplicates,
      duplicates: stored.duplicates,
      server_startup_ms: server.startupMs,
      journal_entries_stuck: { after_warmup: stuckAfterWarmup, after_saturation: stuckAfterSaturation, after_fixed_rate: stuckAfterFixed },
      rate_sweep: sweep,
    };
  } finally {
    socket.close();
    await server.stop();
    await sim.stop();
    await database.drop();
  }
}

async function measureFloor(engine: Engine, quick: boolean) {
  const size = sizes(engine, quick);
  const database = await createBenchDatabase(engine, { migrated: false });
  const server = await startServer({
    database,
    entry: 'floor',
    withAdmin: false,
    env: { SECRET: webhookSecret, BOT_TOKEN: '7000000001:floor-bot-token-floor-bot-token' },
  });
  const target: WebhookTarget = { url: server.url, path: '/webhook' };
  try {
    await postUpdates(target, makeUpdates(size.warmup, 100, size.chats).updates, { connections, timeoutMs: 60_000 });
    const absorbed = await postUpdates(target, makeUpdates(size.saturation, size.chats).updates, { connections, timeoutMs: 300_000 });
    const steady = await postUpdates(target, makeUpdates(size.fixed, size.chats).updates, {
      connections,
      ratePerSecond: fixedRate,
      timeoutMs: 300_000,
    });
    await server.stop();
    const stored = await countStored(database, 'updates');
    const posted = size.warmup + size.saturation + size.fixed;
    return {
      saturation: figuresOf(absorbed),
      fixed_rate: { ...figuresOf(steady), rate: fixedRate },
      posted,
      stored: stored.stored,
      duplicates: stored.duplicates,
    };
  } finally {
    await server.stop();
    await database.drop();
  }
}

export async function runInbound(report: Report, options: BenchOptions): Promise<void> {
  const floorGoal = { postgres: 2_000, pglite: 500 };
  await forEachEngine(
    report,
    enginesFor(options),
    async (engine) => ({ ours: await measureOurs(engine, options.quick), floor: await measureFloor(engine, options.quick) }),
    (engine, { ours, floor }) => {
      const versusFloor = ratio(ours.saturation.acked_per_second, floor.saturation.acked_per_second);
      report.figure(engine, { ours, floor });
      report.ratio(`${engine}.ours_vs_floor_acked_per_second`, versusFloor);
      report.ratio(
        `${engine}.ours_processed_vs_floor_acked`,
        ratio(ours.saturation.processed_per_second, floor.saturation.acked_per_second),
      );
      report.headline(
        'updates/s absorbed (ours | floor)',
        `${ours.saturation.acked_per_second} | ${floor.saturation.acked_per_second}`,
        engine,
      );
      report.headline('updates/s processed (journal → inbox)', ours.saturation.processed_per_second, engine);
      report.headline('server CPU ms per update at saturation (absorb + process)', ours.saturation.server_cpu_ms_per_update, engine);
      report.headline(
        'ack p50/p99 ms at saturation (ours | floor)',
        `${ours.saturation.ack_ms.p50}/${ours.saturation.ack_ms.p99} | ${floor.saturation.ack_ms.p50}/${floor.saturation.ack_ms.p99}`,
        engine,
      );
      report.headline(
        `ack p50/p99 ms at ${fixedRate}/s (ours | floor)`,
        `${ours.fixed_rate.ack_ms.p50}/${ours.fixed_rate.ack_ms.p99} | ${floor.fixed_rate.ack_ms.p50}/${floor.fixed_rate.ack_ms.p99}`,
        engine,
      );
      report.headline(
        `webhook→WebSocket p50/p99 ms at ${fixedRate}/s`,
        `${ours.fixed_rate.websocket_ms.p50}/${ours.fixed_rate.websocket_ms.p99}`,
        engine,
      );
      report.headline(
        `webhook→WebSocket p50/p99 ms at ${sweepRates.join('/')}/s`,
        ours.rate_sweep.map((step) => `${step.websocket_ms.p50}/${step.websocket_ms.p99}`).join(' | '),
        engine,
      );
      report.headline(
        'journal backlog when the load ends, per rate',
        ours.rate_sweep.map((step) => step.backlog_at_end).join(' | '),
        engine,
      );
      report.headline(
        'WebSocket frames missed (saturation | fixed)',
        `${ours.saturation.websocket_missing} | ${ours.fixed_rate.websocket_missing}`,
        engine,
      );
      const stuck = ours.journal_entries_stuck;
      report.goal(
        goal(
          'updates/s absorbed',
          `≥ ${floorGoal[engine]}`,
          ours.saturation.acked_per_second,
          (value) => value >= floorGoal[engine],
          engine,
        ),
      );
      report.goal(goal('ours ÷ floor (absorbed)', '≥ 0.5', versusFloor, (value) => value >= 0.5, engine));
      report.goal(goal(`ack p99 ms at ${fixedRate}/s`, '≤ 25', ours.fixed_rate.ack_ms.p99, (value) => value <= 25, engine));
      report.goal(
        goal(`webhook→WebSocket p99 ms at ${fixedRate}/s`, '≤ 250', ours.fixed_rate.websocket_ms.p99, (value) => value <= 250, engine),
      );
      const processedGoal = { postgres: 0.5, pglite: 0.3 }[engine];
      report.goal(
        goal(
          'processed ÷ floor absorbed (issue 27)',
          `≥ ${processedGoal}`,
          ratio(ours.saturation.processed_per_second, floor.saturation.acked_per_second),
          (value) => value >= processedGoal,
          engine,
        ),
      );
      const steadyStep = ours.rate_sweep.find((step) => step.rate === steadyGoalRate[engine])!;
      report.goal(
        goal(
          `webhook→WebSocket p99 ms at a steady ${steadyStep.rate}/s, backlog 0 at the end (issue 27)`,
          '≤ 250',
          steadyStep.websocket_ms.p99,
          // "Backlog zero": what is open when the load ends is no more than the last quarter second's arrivals, and drains.
          (value) => value <= 250 && steadyStep.backlog_at_end <= steadyStep.rate / 4 && steadyStep.stuck_after_wait === 0,
          engine,
        ),
      );
      report.goal(goal('duplicates stored', '0', ours.duplicates, (value) => value === 0, engine));
      report.goal(goal('updates not stored at the end', '0', ours.lost, (value) => value === 0, engine));
      report.goal(
        goal(
          'journal entries stuck after a wait',
          '0',
          stuck.after_warmup + stuck.after_saturation + stuck.after_fixed_rate,
          (value) => value === 0,
          engine,
        ),
      );
      report.goal(
        goal(
          'WebSocket frames missed by a connected client',
          '0',
          ours.saturation.websocket_missing + ours.fixed_rate.websocket_missing,
          (value) => value === 0,
          engine,
        ),
      );
    },
  );
}
