// Scenario 2 — delivery: outbound messages across 3 bots and many chats through
// the simulator at Telegram's limits, then with every limit raised tenfold
// (the simulator's and the engine's) to show the engine is not the bottleneck.
import { startTelegramSimulator } from '@switchboard/telegram-sim';
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
import { goal, round, type Engine, type Report } from '../lib/report.ts';
import { startServer } from '../lib/server-process.ts';
import { addBot, adminToken, enginesFor, forEachEngine, freshDatabase, sleep, waitUntil, type BenchOptions } from '../lib/setup.ts';

export async function deliveryRun(engine: Engine, options: { factor: number; messages: number; chats: number }) {
  const limits = scaledLimits(options.factor);
  const sim = await startTelegramSimulator({ rates: limits.sim, seed: 7 });
  const database = await freshDatabase(engine);
  const server = await startServer({
    database,
    entry: 'child',
    env: { TELEGRAM_API_ROOT: sim.apiRoot, ...(options.factor === 1 ? {} : { BENCH_DELIVERY_LIMITS: JSON.stringify(limits.engine) }) },
  });
  try {
    const token = await adminToken(server.url);
    const botTokens = [1, 2, 3].map((index) => sim.createBot({ username: `delivery${index}_bot` }).token);
    const bots = [];
    for (const [index, botToken] of botTokens.entries())
      bots.push({ token: botToken, channelId: await addBot(server.url, token, botToken, `Delivery ${index + 1}`) });
    const world: OutboundWorld = { bots, chats: createCustomers(sim, botTokens, options.chats) };
    const perChat = Math.ceil(options.messages / options.chats);
    const rows = outboundRows(world, perChat);

    const startedAt = Date.now();
    await enqueueRows(server, rows);
    const enqueueMs = Date.now() - startedAt;
    const expectedSeconds = rows.length / (90 * options.factor);
    await waitUntil(() => sentTotal(sim, world) >= rows.length, `${rows.length} messages to arrive`, expectedSeconds * 3_000 + 60_000, 100);
    const elapsedMs = Date.now() - startedAt;
    const open = async () =>
      Number(
        (
          (await server.call('query', { text: "SELECT count(*) AS n FROM outbox WHERE state IN ('queued', 'sending')" })) as Array<{
            n: string;
          }>
        )[0]!.n,
      );
    await waitUntil(async () => (await open()) === 0, 'the outbox to be empty', 30_000, 100);
    await sleep(500); // anything sent twice would arrive now
    const engineStats = await server.call('deliveryStats');
    const perBot = rateFigures(sim, world, limits.sim, limits.engine.botBurst);
    const arrivals = verifyArrivals(sim, world, perChat);
    const sends = perBot.reduce((sum, bot) => sum + bot.send_requests, 0);
    const refused = perBot.reduce((sum, bot) => sum + bot.rate_limited_429, 0);
    return {
      factor: options.factor,
      messages: rows.length,
      bots: bots.length,
      chats: options.chats,
      per_chat: perChat,
      simulator_limits: limits.sim,
      engine_limits: options.factor === 1 ? 'defaults' : limits.engine,
      enqueue_ms: enqueueMs,
      seconds_to_deliver: round(elapsedMs / 1000, 1),
      per_bot: perBot,
      min_achieved_vs_permitted: Math.min(...perBot.map((bot) => bot.achieved_vs_permitted ?? 0)),
      send_requests: sends,
      rate_limited_429: refused,
      rate_limited_share: round(refused / Math.max(1, sends), 4),
      ...arrivals,
      engine: {
        sent: engineStats.sent,
        retried: engineStats.retried,
        rateLimited: engineStats.rateLimited,
        botPauses: engineStats.botPauses,
        recordWindowMs: engineStats.recordWindowMs,
      },
    };
  } finally {
    await server.stop();
    await sim.stop();
    await database.drop();
  }
}

export async function runDelivery(report: Report, options: BenchOptions): Promise<void> {
  // In --quick the tenfold run needs more messages than its burst (300 per bot) for the rate to mean anything.
  const size = options.quick ? { messages: 900, chats: 300 } : { messages: 10_000, chats: 2_000 };
  const tenfoldSize = options.quick ? { messages: 3_000, chats: 300 } : size;
  await forEachEngine(
    report,
    enginesFor(options, ['postgres']),
    async (engine) => ({
      telegram: await deliveryRun(engine, { factor: 1, ...size }),
      tenfold: await deliveryRun(engine, { factor: 10, ...tenfoldSize }),
    }),
    (engine, { telegram, tenfold }) => {
      report.figure(engine, { telegram_limits: telegram, tenfold_limits: tenfold });
      for (const run of [telegram, tenfold]) {
        const label = run.factor === 1 ? 'Telegram limits' : 'limits ×10';
        const suffix = run.factor === 1 ? '' : ' (limits ×10)';
        report.ratio(`${engine}.${run.factor === 1 ? 'telegram' : 'tenfold'}.min_achieved_vs_permitted`, run.min_achieved_vs_permitted);
        report.headline(`${label}: achieved÷permitted per bot`, run.per_bot.map((bot) => bot.achieved_vs_permitted).join(' / '), engine);
        report.headline(
          `${label}: ceiling (engine burst); sustained÷permitted per bot`,
          `${run.per_bot[0]!.ceiling}; ${run.per_bot.map((bot) => bot.sustained_vs_permitted).join(' / ')}`,
          engine,
        );
        report.headline(
          `${label}: msg/s per bot (permitted)`,
          `${run.per_bot.map((bot) => bot.achieved_per_second).join(' / ')} (${run.per_bot[0]!.permitted_per_second})`,
          engine,
        );
        report.headline(
          `${label}: 429s / sends; lost, dup, order`,
          `${run.rate_limited_429}/${run.send_requests}; ${run.lost}, ${run.duplicated}, ${run.order_violations}`,
          engine,
        );
        report.goal(
          goal(`achieved ÷ permitted, worst bot${suffix}`, '≥ 0.95', run.min_achieved_vs_permitted, (value) => value >= 0.95, engine),
        );
        if (run.factor !== 1) {
          // Issue 27's goal is the rate: what the bots sustain once both buckets' bursts are spent, against the permitted
          // rate. The burst-inclusive figure above stays below it by design (the engine's burst is 2/3 of Telegram's).
          const sustained = run.per_bot.map((bot) => bot.sustained_vs_permitted);
          const worst = sustained.some((value) => value === null) ? null : Math.min(...(sustained as number[]));
          report.goal(goal(`sustained ÷ permitted rate, worst bot${suffix} (issue 27)`, '≥ 0.98', worst, (value) => value >= 0.98, engine));
        }
        report.goal(goal(`429s ÷ sends${suffix}`, '≤ 0.01', run.rate_limited_share, (value) => value <= 0.01, engine));
        report.goal(goal(`lost${suffix}`, '0', run.lost, (value) => value === 0, engine));
        report.goal(goal(`duplicated${suffix}`, '0', run.duplicated, (value) => value === 0, engine));
        report.goal(goal(`per-chat order violations${suffix}`, '0', run.order_violations, (value) => value === 0, engine));
      }
    },
  );
}
