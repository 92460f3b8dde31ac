// Scenario 4 — fanout: 500 WebSocket clients (admins, operators, and staff of
// a role that sees no conversation), one new message at a time; how long until
// every client allowed to see it has it, and whether anyone else got it.
import { startTelegramSimulator } from '@switchboard/telegram-sim';
import { findFreePort } from '../../server/src/testing/postgres-cluster.ts';
import { createHttpClient } from '../lib/http-load.ts';
import { goal, round, summarize, type Engine, type Report } from '../lib/report.ts';
import { startServer } from '../lib/server-process.ts';
import {
  adminToken,
  enginesFor,
  forEachEngine,
  freshDatabase,
  insertStaffWithTokens,
  sleep,
  waitUntil,
  type BenchOptions,
} from '../lib/setup.ts';
import { closeClients, connectClients } from '../lib/ws-clients.ts';
import { makeUpdates, webhookSecret } from './inbound-load.ts';

const roles = { admin: 10, operator: 390, measurer: 100 };
const chats = 10;

async function measureEngine(engine: Engine, quick: boolean) {
  const messages = quick ? 15 : 60;
  const sim = await startTelegramSimulator();
  const bot = sim.createBot({ username: 'fanout_bot' });
  const database = await freshDatabase(engine);
  const admins = await insertStaffWithTokens(database, 'admin', roles.admin, 'adm');
  const operators = await insertStaffWithTokens(database, 'operator', roles.operator, 'op');
  const measurers = await insertStaffWithTokens(database, 'measurer', roles.measurer, 'meas');
  const port = await findFreePort();
  const server = await startServer({
    database,
    port,
    env: {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TELEGRAM_API_ROOT: sim.apiRoot,
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_WEBHOOK_SECRET: webhookSecret,
    },
  });
  const http = createHttpClient(server.url, 4);
  const staff = [
    ...admins.map((user) => ({ ...user, role: 'admin' })),
    ...operators.map((user) => ({ ...user, role: 'operator' })),
    ...measurers.map((user) => ({ ...user, role: 'measurer' })),
  ];
  let clients: Awaited<ReturnType<typeof connectClients>> = [];
  try {
    const admin = { authorization: `Token ${await adminToken(server.url)}`, 'content-type': 'application/json' };
    const post = (path: string, body: string, headers: Record<string, string>) => http.request('POST', path, { body, headers });
    const hook = { 'x-telegram-bot-api-secret-token': webhookSecret };
    // New conversations stay in the shared queue; half of them then go to one operator each.
    await http.request('PUT', '/api/inbox/policy', {
      body: JSON.stringify({ auto_assign: false, operators_see_unassigned: true }),
      headers: admin,
    });
    for (const update of makeUpdates(chats, chats, 50_000).updates) await post('/webhooks/telegram', update.json, hook);
    const listed = await waitUntil(
      async () => {
        const body = JSON.parse((await http.request('GET', '/api/chats?limit=50', { headers: admin })).body) as {
          results: Array<{ id: number; contact: { username: string } }>;
        };
        return body.results.length >= chats ? body.results : null;
      },
      'the conversations',
      30_000,
    );
    const chatIds = new Map(listed.map((chat) => [Number(chat.contact.username.replace('client_', '')) - 50_000, chat.id]));
    const holder = new Map<number, number>();
    for (let chat = 0; chat < chats / 2; chat++) {
      await post(`/api/chats/${chatIds.get(chat)}/assign`, JSON.stringify({ operator_id: operators[chat]!.id }), admin);
      holder.set(chat, operators[chat]!.id);
    }
    const connectStarted = performance.now();
    clients = await connectClients(
      server.url,
      staff.map((user) => user.token),
      25,
    );
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    await sleep(500);

    const complete: number[] = [];
    const spread: number[] = [];
    const deliveries: number[] = [];
    let leaked = 0;
    let missing = 0;
    const { updates } = makeUpdates(messages, chats, 50_000);
    for (const update of updates) {
      const chat = update.chat - 50_000;
      const allowed = (index: number) => {
        const user = staff[index]!;
        if (user.role === 'admin') return true;
        if (user.role !== 'operator') return false;
        return !holder.has(chat) || holder.get(chat) === user.id;
      };
      const text = JSON.parse(update.json).message.text as string;
      const allowedCount = staff.filter((_, index) => allowed(index)).length;
      const sentAt = performance.now();
      await post('/webhooks/telegram', update.json, hook);
      await waitUntil(
        () => clients.filter((client) => client.arrivals.has(text)).length >= allowedCount,
        'every allowed client',
        10_000,
        2,
      ).catch(() => undefined);
      await sleep(150); // room for a late (or leaked) frame
      const arrivals = clients.flatMap((client) =>
        allowed(client.index) && client.arrivals.has(text) ? [client.arrivals.get(text)! - sentAt] : [],
      );
      leaked += clients.filter((client) => !allowed(client.index) && client.arrivals.has(text)).length;
      missing += allowedCount - arrivals.length;
      deliveries.push(...arrivals);
      if (arrivals.length > 0) {
        complete.push(Math.max(...arrivals));
        spread.push(Math.max(...arrivals) - Math.min(...arrivals));
      }
    }
    return {
      clients: clients.length,
      roles,
      messages,
      connect_seconds: round(connectSeconds, 2),
      rss_mb_with_clients: server.rssMb(),
      until_every_allowed_client_ms: summarize(complete),
      first_to_last_client_ms: summarize(spread),
      per_delivery_ms: summarize(deliveries),
      leaked_to_clients_not_allowed: leaked,
      missing_at_allowed_clients: missing,
    };
  } finally {
    await closeClients(clients);
    http.close();
    await server.stop();
    await sim.stop();
    await database.drop();
  }
}

export async function runFanout(report: Report, options: BenchOptions): Promise<void> {
  await forEachEngine(
    report,
    enginesFor(options, ['postgres']),
    (engine) => measureEngine(engine, options.quick),
    (engine, result) => {
      report.figure(engine, result);
      report.headline(
        'until every allowed client p50/p99 ms',
        `${result.until_every_allowed_client_ms.p50}/${result.until_every_allowed_client_ms.p99}`,
        engine,
      );
      report.headline(
        'first→last client spread p50/p99 ms',
        `${result.first_to_last_client_ms.p50}/${result.first_to_last_client_ms.p99}`,
        engine,
      );
      report.goal(goal('fanout p99 ms (500 clients)', '≤ 100', result.until_every_allowed_client_ms.p99, (value) => value <= 100, engine));
      report.goal(
        goal('clients that got it without being allowed', '0', result.leaked_to_clients_not_allowed, (value) => value === 0, engine),
      );
      report.goal(goal('allowed clients that never got it', '0', result.missing_at_allowed_clients, (value) => value === 0, engine));
    },
  );
}
