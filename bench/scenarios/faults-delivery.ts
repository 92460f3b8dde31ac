// Delivery drills: kill -9 with sends in flight, then a restart; and the
// simulator failing 20% of calls (429, 5xx, dropped connections).
import { startTelegramSimulator, type FaultConfig, type Simulator } from '@switchboard/telegram-sim';
import { findFreePort } from '../../server/src/testing/postgres-cluster.ts';
import type { BenchDatabase } from '../lib/databases.ts';
import {
  createCustomers,
  enqueueRows,
  outboundRows,
  rateFigures,
  scaledLimits,
  sentTotal,
  verifyArrivals,
  type OutboundWorld,
} from '../lib/outbound.ts';
import { round, type Engine } from '../lib/report.ts';
import { startServer, type ServerProcess } from '../lib/server-process.ts';
import { addBot, adminToken, freshDatabase, sleep, waitUntil } from '../lib/setup.ts';

const factor = 10;

async function openRows(database: BenchDatabase, server: ServerProcess | null): Promise<Record<string, number>> {
  const text = 'SELECT state, count(*)::int AS n FROM outbox GROUP BY state';
  const rows = server
    ? await server.call<Array<{ state: string; n: number }>>('query', { text })
    : await database.withClient((query) => query<{ state: string; n: number }>(text));
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}

async function setUp(engine: Engine, chats: number, perChat: number, seed: number, extraLimits: Record<string, number> = {}) {
  const limits = scaledLimits(factor);
  const sim = await startTelegramSimulator({ rates: limits.sim, seed });
  const database = await freshDatabase(engine);
  const port = await findFreePort();
  const env = { TELEGRAM_API_ROOT: sim.apiRoot, BENCH_DELIVERY_LIMITS: JSON.stringify({ ...limits.engine, ...extraLimits }) };
  const server = await startServer({ database, port, entry: 'child', env });
  const token = await adminToken(server.url);
  const botTokens = [1, 2, 3].map((index) => sim.createBot({ username: `drill${index}_bot` }).token);
  const bots = [];
  for (const [index, botToken] of botTokens.entries())
    bots.push({ token: botToken, channelId: await addBot(server.url, token, botToken, `Drill ${index + 1}`) });
  const world: OutboundWorld = { bots, chats: createCustomers(sim, botTokens, chats) };
  return { limits, sim, database, port, env, server, world, rows: outboundRows(world, perChat) };
}

function faultsOn(sim: Simulator, world: OutboundWorld, config: FaultConfig | null): void {
  for (const bot of world.bots) sim.setFaults(bot.token, config);
}

/**
 * kill -9 while sends are in flight (100 ms of network latency on every send), restart, count.
 * `fastReclaim` (--quick) takes rows of the dead process over after 2 s instead of the default 15 s.
 */
export async function killDuringDelivery(engine: Engine, messages: number, fastReclaim: boolean) {
  const perChat = 5;
  const setup = await setUp(
    engine,
    Math.ceil(messages / perChat),
    perChat,
    31,
    fastReclaim ? { deadInstanceAfterMs: 2_000, sweepIntervalMs: 250 } : {},
  );
  const { sim, database, world, rows } = setup;
  let server: ServerProcess = setup.server;
  try {
    faultsOn(sim, world, { rateSlow: 1, slowMs: 100, methods: ['sendMessage'] });
    await enqueueRows(server, rows);
    await waitUntil(() => sentTotal(sim, world) >= rows.length * 0.4, '40% delivered', 120_000, 5);
    await server.kill9();
    const sentAtKill = sentTotal(sim, world);
    const requestsAtKill = world.bots.reduce((sum, bot) => sum + (sim.stats(bot.token).byMethod.sendMessage ?? 0), 0);
    const atKill = await openRows(database, null);
    faultsOn(sim, world, null);

    const restartedAt = Date.now();
    server = await startServer({ database, port: setup.port, entry: 'child', env: setup.env });
    await waitUntil(
      async () => {
        const states = await openRows(database, server);
        return (states.queued ?? 0) + (states.sending ?? 0) === 0;
      },
      'every row sent after the restart',
      180_000,
      200,
    );
    const recoveryMs = Date.now() - restartedAt;
    await sleep(500);
    const interrupted = Number(
      (
        await server.call<Array<{ n: number }>>('query', {
          text: "SELECT count(*)::int AS n FROM delivery_attempts WHERE outcome = 'interrupted'",
        })
      )[0]!.n,
    );
    const arrivals = verifyArrivals(sim, world, perChat);
    return {
      messages: rows.length,
      limits: `Telegram's ×${factor}, 100 ms answer latency`,
      dead_instance_after_ms: fastReclaim ? 2_000 : 'default',
      sent_before_kill: sentAtKill,
      requests_before_kill: requestsAtKill,
      in_flight_at_kill: atKill.sending ?? 0,
      rows_at_kill: atKill,
      interrupted_rows_reclaimed: interrupted,
      recovery_ms: recoveryMs,
      ...arrivals,
      duplicates_within_in_flight_window: arrivals.duplicated <= (atKill.sending ?? 0),
    };
  } finally {
    await server.stop();
    await sim.stop();
    await database.drop();
  }
}

/** 20% of send calls fail: 7% 429 (retry_after 1), 7% 500/502, 6% connections dropped without an answer. */
export async function failingCalls(engine: Engine, messages: number) {
  const perChat = 5;
  const setup = await setUp(engine, Math.ceil(messages / perChat), perChat, 32);
  const { sim, database, world, rows, server } = setup;
  try {
    faultsOn(sim, world, { rate429: 0.07, rate5xx: 0.07, rateDrop: 0.06, methods: ['sendMessage'], seed: 32 });
    const startedAt = Date.now();
    await enqueueRows(server, rows);
    await waitUntil(
      async () => {
        const states = await openRows(database, server);
        return (states.queued ?? 0) + (states.sending ?? 0) === 0;
      },
      'every row settled',
      300_000,
      200,
    );
    const seconds = (Date.now() - startedAt) / 1000;
    await sleep(500);
    const states = await openRows(database, server);
    const perBot = rateFigures(sim, world, setup.limits.sim);
    const injected = perBot.reduce(
      (sum, bot) => ({
        http429: sum.http429 + bot.injected.http429,
        http5xx: sum.http5xx + bot.injected.http5xx,
        dropped: sum.dropped + bot.injected.dropped,
      }),
      { http429: 0, http5xx: 0, dropped: 0 },
    );
    const calls = perBot.reduce((sum, bot) => sum + bot.send_requests, 0);
    return {
      messages: rows.length,
      send_calls: calls,
      injected,
      injected_share: round((injected.http429 + injected.http5xx + injected.dropped) / Math.max(1, calls), 3),
      simulator_429s: perBot.reduce((sum, bot) => sum + bot.rate_limited_429, 0),
      failed_rows: states.failed ?? 0,
      seconds: round(seconds, 1),
      ...verifyArrivals(sim, world, perChat),
    };
  } finally {
    await server.stop();
    await sim.stop();
    await database.drop();
  }
}
