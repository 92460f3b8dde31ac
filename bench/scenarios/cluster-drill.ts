// The failover drill, long form (issue 28): three instances on one PostgreSQL
// behind a small proxy; customers write in steadily (the simulator posts its
// webhooks to the proxy) and the business sends steadily (rows enqueued into
// any live instance); kill -9 one instance, wait until the cluster has
// recovered, then kill another. Reported per kill: failover time (inbound: the
// kill until an update sent after it is recorded; outbound: the kill until the
// last row the dead instance was sending is delivered by a survivor), lost,
// doubled (at most the dead instance's in-flight sends), and the bot's rate at
// the simulator. The short form is server/src/cluster-failover.test.ts.
import pg from 'pg';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { telegramBotRateLimits } from '../../server/src/channels/telegram-bot/profile.ts';
import { defaultDeliveryLimits } from '../../server/src/delivery/index.ts';
import { findFreePort } from '../../server/src/testing/postgres-cluster.ts';
import { startProxy } from '../lib/proxy.ts';
import { goal, round, type Report } from '../lib/report.ts';
import { startServer, type ServerProcess } from '../lib/server-process.ts';
import { freshDatabase, waitUntil, type BenchOptions } from '../lib/setup.ts';

const webhookSecret = 'drill-webhook-secret';
const customersCount = 40;
// Steady streams: inbound updates and outbound messages per second.
const inboundPerSecond = 10;
const outboundPerSecond = 20;

/** The most a token bucket went into debt over these times (0 = the rate was never exceeded). */
function worstDebt(times: number[], burst: number, perSecond: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let tokens = burst;
  let last = sorted[0] ?? 0;
  let worst = 0;
  for (const at of sorted) {
    tokens = Math.min(burst, tokens + ((at - last) / 1000) * perSecond) - 1;
    last = at;
    worst = Math.min(worst, tokens);
  }
  return round(-worst, 2);
}

interface KillResult {
  inbound_failover_s: number;
  outbound_failover_s: number;
  in_flight_at_kill: number;
}

export async function clusterDrill(options: { steadySeconds: number }) {
  const sim: Simulator = await startTelegramSimulator({ seed: 28 });
  const bot = sim.createBot({ username: 'drill_bot' });
  const database = await freshDatabase('postgres');
  const databaseUrl = database.env.DATABASE_URL!;
  const ports = await Promise.all([1, 2, 3].map(() => findFreePort()));
  const proxy = await startProxy(ports.map((port) => `http://127.0.0.1:${port}`));
  const client = new pg.Client(databaseUrl);
  await client.connect();
  const instances: ServerProcess[] = [];
  const timers: NodeJS.Timeout[] = [];
  try {
    const env = {
      PUBLIC_URL: proxy.url,
      TELEGRAM_API_ROOT: sim.apiRoot,
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: webhookSecret,
    };
    // One after another: the first one migrates; the others find everything in place (starting at once is cluster-start.test.ts).
    for (const port of ports) instances.push(await startServer({ database, port, entry: 'child', env }));
    const alive = () => instances.filter((instance) => instance.child.exitCode === null && instance.child.signalCode === null);
    const channelId = Number((await client.query<{ id: number }>('SELECT id FROM channels LIMIT 1')).rows[0]!.id);

    const customers = Array.from({ length: customersCount }, (_, index) => sim.createUser({ first_name: `Drill ${index}` }).id);
    for (const customer of customers) sim.sendText(bot.token, { from: customer, text: '/start' });
    const inbound: Array<{ text: string; at: number }> = [];
    const outbound: string[] = [];
    timers.push(
      setInterval(() => {
        const text = `drill in ${inbound.length}`;
        sim.sendText(bot.token, { from: customers[inbound.length % customers.length]!, text });
        inbound.push({ text, at: Date.now() });
      }, 1000 / inboundPerSecond),
    );
    let enqueueing = Promise.resolve();
    timers.push(
      setInterval(() => {
        const batch = Array.from({ length: outboundPerSecond / 5 }, () => {
          const text = `drill out ${outbound.length}`;
          const chatId = String(customers[outbound.length % customers.length]);
          outbound.push(text);
          return { channelId, lane: 'notification', idempotencyKey: `drill:${text}`, message: { chatId, text } };
        });
        // Into any live instance; a batch whose instance dies before it answers is tried on the next one.
        enqueueing = enqueueing.then(async () => {
          for (const instance of alive()) {
            try {
              await instance.call('enqueue', { inputs: batch });
              return;
            } catch {
              continue;
            }
          }
        });
      }, 200),
    );

    const recordedInbound = async () =>
      new Map(
        (
          await client.query<{ text: string; copies: number }>(
            `SELECT text, count(*)::int AS copies FROM messages WHERE direction = 'in' AND text LIKE 'drill in %' GROUP BY text`,
          )
        ).rows.map((row) => [row.text, row.copies]),
      );
    const pause = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

    async function killOne(): Promise<KillResult> {
      const victim = alive()[0]!;
      const { rows: instanceRows } = await client.query<{ id: string }>(`SELECT id FROM instances WHERE id LIKE $1`, [`${victim.pid}-%`]);
      const instanceId = instanceRows[0]!.id;
      const killedAt = Date.now();
      const sentBeforeKill = inbound.length;
      await victim.kill9();
      const { rows: inFlight } = await client.query<{ id: number }>(`SELECT id FROM outbox WHERE state = 'sending' AND claimed_by = $1`, [
        instanceId,
      ]);
      const ids = inFlight.map((row) => row.id);
      const [inboundAt, outboundAt] = await Promise.all([
        waitUntil(
          async () => {
            const recorded = await recordedInbound();
            return inbound.slice(sentBeforeKill).some((update) => recorded.has(update.text)) ? Date.now() : null;
          },
          'an update sent after the kill to be recorded',
          120_000,
          100,
        ),
        waitUntil(
          async () =>
            ids.length === 0 ||
            (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1) AND state <> 'sent'`, [ids]))
              .rows[0]!.n === 0
              ? Date.now()
              : null,
          'the dead instance’s rows to be delivered',
          120_000,
          100,
        ),
      ]);
      return {
        inbound_failover_s: round((inboundAt - killedAt) / 1000, 1),
        outbound_failover_s: round((outboundAt - killedAt) / 1000, 1),
        in_flight_at_kill: ids.length,
      };
    }

    await pause(options.steadySeconds);
    const first = await killOne();
    await pause(options.steadySeconds);
    const second = await killOne();
    await pause(options.steadySeconds);
    for (const timer of timers.splice(0)) clearInterval(timer);
    await enqueueing;

    const recorded = await waitUntil(
      async () => {
        const texts = await recordedInbound();
        return texts.size === inbound.length ? texts : null;
      },
      'every inbound update to be recorded',
      120_000,
      200,
    ).catch(() => recordedInbound());
    await waitUntil(
      async () =>
        (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE state IN ('queued', 'sending')`)).rows[0]!.n === 0,
      'the outbox to be empty',
      120_000,
      200,
    ).catch(() => null);
    const arrived = new Map<string, number>();
    const acceptedAt: number[] = [];
    for (const customer of customers)
      for (const message of sim.sentMessages(bot.token, customer)) {
        if (!message.text?.startsWith('drill out ')) continue;
        arrived.set(message.text, (arrived.get(message.text) ?? 0) + 1);
        acceptedAt.push(message.received_at_ms);
      }
    const stats = sim.stats(bot.token);
    const { rows: interrupted } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM delivery_attempts WHERE outcome = 'interrupted'`,
    );
    return {
      instances: 3,
      steady_seconds: options.steadySeconds,
      inbound_per_second: inboundPerSecond,
      outbound_per_second: outboundPerSecond,
      kills: [first, second],
      inbound: {
        sent: inbound.length,
        lost: inbound.filter((update) => !recorded.has(update.text)).length,
        doubled: [...recorded.values()].filter((copies) => copies > 1).length,
      },
      outbound: {
        enqueued: outbound.length,
        lost: outbound.filter((text) => !arrived.has(text)).length,
        doubled: [...arrived.values()].filter((copies) => copies > 1).length,
        interrupted_rows: interrupted[0]!.n,
        in_flight_window_per_instance: defaultDeliveryLimits.maxInFlightPerChannel,
      },
      bot_rate: {
        permitted: `${telegramBotRateLimits.botPerSecond}/s, burst ${telegramBotRateLimits.botBurst}`,
        worst_debt_tokens: worstDebt(acceptedAt, telegramBotRateLimits.botBurst, telegramBotRateLimits.botPerSecond),
        simulator_429s: stats.rateLimited,
      },
      proxy: proxy.stats(),
    };
  } finally {
    for (const timer of timers) clearInterval(timer);
    await Promise.all(instances.map((instance) => instance.stop()));
    await client.end();
    await proxy.stop();
    await database.drop();
    await sim.stop();
  }
}

export async function runClusterDrill(report: Report, options: BenchOptions): Promise<void> {
  if (!options.engines.includes('postgres')) {
    report.note('the drill needs PostgreSQL (several instances share it); skipped with --engines without postgres');
    return;
  }
  const result = await clusterDrill({ steadySeconds: options.quick ? 10 : 30 });
  report.figure('postgres', result);
  const failover = Math.max(...result.kills.flatMap((kill) => [kill.inbound_failover_s, kill.outbound_failover_s]));
  report.headline(
    'failover s per kill (inbound / outbound)',
    result.kills.map((kill) => `${kill.inbound_failover_s} / ${kill.outbound_failover_s}`).join('; '),
    'postgres',
  );
  report.headline(
    'lost; doubled (in / out)',
    `${result.inbound.lost} / ${result.outbound.lost}; ${result.inbound.doubled} / ${result.outbound.doubled} (in flight at the kills ${result.kills.map((kill) => kill.in_flight_at_kill).join(' + ')})`,
    'postgres',
  );
  report.headline(
    'bot rate: worst debt at the simulator (tokens); 429s',
    `${result.bot_rate.worst_debt_tokens}; ${result.bot_rate.simulator_429s}`,
    'postgres',
  );
  report.goal(goal('failover, worst of both kills (s)', '≤ 30', failover, (value) => value <= 30, 'postgres'));
  report.goal(goal('lost (inbound + outbound)', '0', result.inbound.lost + result.outbound.lost, (value) => value === 0, 'postgres'));
  const window = result.kills.reduce((sum, kill) => sum + kill.in_flight_at_kill, 0);
  report.goal(
    goal(
      'doubled ≤ sends in flight at the kills',
      `≤ ${window}`,
      result.inbound.doubled + result.outbound.doubled,
      (value) => value <= window,
      'postgres',
    ),
  );
  // The profile's bursts sit 10 below Telegram's for network jitter (profile.ts); the simulator enforces Telegram's.
  report.goal(
    goal('bot rate: debt at the simulator (tokens)', '≤ 10', result.bot_rate.worst_debt_tokens, (value) => value <= 10, 'postgres'),
  );
  report.goal(goal('simulator 429s', '0', result.bot_rate.simulator_429s, (value) => value === 0, 'postgres'));
}
