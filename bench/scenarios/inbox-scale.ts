// Scenario 3 — inbox-scale: a big inbox seeded in bulk into the real schema,
// 50 operators reading it at once: conversation list, history page, search.
import { startTelegramSimulator } from '@switchboard/telegram-sim';
import { createHttpClient } from '../lib/http-load.ts';
import { seedInbox, tableSizes } from '../lib/inbox-seed.ts';
import { goal, round, summarize, type Engine, type Report } from '../lib/report.ts';
import { startServer } from '../lib/server-process.ts';
import { enginesFor, forEachEngine, freshDatabase, insertStaffWithTokens, type BenchOptions } from '../lib/setup.ts';

const clients = 50;
const perConversation = 10;
const searchTerms = ['Петров', 'Madina', 'client_4242', '70123', 'Smith', 'Нурланова'];

function sizes(engine: Engine, quick: boolean) {
  if (engine === 'postgres') return { conversations: quick ? 10_000 : 100_000, requests: quick ? 500 : 5_000 };
  return { conversations: quick ? 5_000 : 10_000, requests: quick ? 500 : 1_500 };
}

/** `total` requests from 50 clients at once (each with its own token); latency of each. */
async function measure(baseUrl: string, tokens: string[], total: number, pathFor: (client: number, index: number) => string) {
  const http = createHttpClient(baseUrl, clients);
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const startedAt = performance.now();
  try {
    await Promise.all(
      tokens.map(async (token, client) => {
        while (next < total) {
          const index = next++;
          const response = await http.request('GET', pathFor(client, index), { headers: { authorization: `Token ${token}` } });
          if (response.status !== 200) errors++;
          latencies.push(response.ms);
        }
      }),
    );
  } finally {
    http.close();
  }
  const seconds = (performance.now() - startedAt) / 1000;
  return { requests: total, errors, per_second: round(total / seconds, 0), ms: summarize(latencies) };
}

/** 50 clients each asking once every `intervalMs` (operators clicking around), open loop: latency without a queue of 49 others. */
async function measurePaced(
  baseUrl: string,
  tokens: string[],
  total: number,
  intervalMs: number,
  pathFor: (client: number, index: number) => string,
) {
  const http = createHttpClient(baseUrl, clients);
  const latencies: number[] = [];
  let errors = 0;
  const perClient = Math.ceil(total / tokens.length);
  try {
    await Promise.all(
      tokens.map(async (token, client) => {
        await new Promise((resolve) => setTimeout(resolve, (client * intervalMs) / tokens.length));
        const started = performance.now();
        for (let round = 0; round < perClient; round++) {
          const wait = started + round * intervalMs - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          const response = await http.request('GET', pathFor(client, round * tokens.length + client), {
            headers: { authorization: `Token ${token}` },
          });
          if (response.status !== 200) errors++;
          latencies.push(response.ms);
        }
      }),
    );
  } finally {
    http.close();
  }
  return {
    requests: perClient * tokens.length,
    errors,
    per_second: round((tokens.length * 1000) / intervalMs, 0),
    ms: summarize(latencies),
  };
}

async function measureEngine(engine: Engine, quick: boolean) {
  const size = sizes(engine, quick);
  const sim = await startTelegramSimulator();
  const bot = sim.createBot({ username: 'inbox_bot' });
  const database = await freshDatabase(engine);
  const env = { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: bot.token };
  try {
    await (await startServer({ database, env })).stop();
    const operators = await insertStaffWithTokens(database, 'operator', clients, 'op');
    const seeded = await database.withClient(async (query) => {
      const [channel] = await query<{ id: number }>('SELECT id FROM channels WHERE is_default');
      const startedAt = Date.now();
      const result = await seedInbox(query, {
        channelId: channel!.id,
        conversations: size.conversations,
        perConversation,
        operatorIds: operators.map((operator) => operator.id),
      });
      return { ...result, seconds: round((Date.now() - startedAt) / 1000, 1), sizes: await tableSizes(query) };
    });
    const server = await startServer({ database, env });
    try {
      const tokens = operators.map((operator) => operator.token);
      // Operator k holds conversations n with n % 50 = k (unless n % 5 = 0: those wait in the shared queue).
      const visibleChat = (client: number, index: number) => {
        const lap = Math.floor((index * 7919) % Math.floor(size.conversations / 50));
        const n =
          client % 5 !== 0 && index % 2 === 0 ? client + 50 * lap : 5 * (1 + ((index * 104729) % Math.floor(size.conversations / 5 - 1)));
        return seeded.conversationBase + Math.max(1, Math.min(size.conversations, n));
      };
      const paths = {
        list: () => '/api/chats?limit=50',
        history: (client: number, index: number) => `/api/messages/by_chat?chat_id=${visibleChat(client, index)}&limit=50`,
        search: (_client: number, index: number) => `/api/chats?limit=50&q=${encodeURIComponent(searchTerms[index % searchTerms.length]!)}`,
      };
      // One client alone first: the cost of a request without queueing behind 49 others.
      const alone = {
        list: await measure(server.url, tokens.slice(0, 1), size.requests / 10, paths.list),
        history: await measure(server.url, tokens.slice(1, 2), size.requests / 10, (_client, index) => paths.history(1, index)),
        search: await measure(server.url, tokens.slice(0, 1), size.requests / 10, paths.search),
      };
      const list = await measure(server.url, tokens, size.requests, paths.list);
      const history = await measure(server.url, tokens, size.requests, paths.history);
      // Search is the slowest by far: a fifth of the requests keeps the run short and the percentiles stable.
      const search = await measure(server.url, tokens, Math.ceil(size.requests / 5), paths.search);
      // What a request costs before any inbox query: token check + user lookup + framework.
      const authOnly = await measure(server.url, tokens, size.requests, () => '/api/auth/me');
      const pacedRequests = quick ? 150 : 1_000;
      // 50 operators at a human pace: each asks every 500 ms (100 requests/s in all).
      const paced = {
        list: await measurePaced(server.url, tokens, pacedRequests, 500, paths.list),
        history: await measurePaced(server.url, tokens, pacedRequests, 500, paths.history),
        search: await measurePaced(server.url, tokens, Math.ceil(pacedRequests / 3), 500, paths.search),
      };
      return {
        conversations: size.conversations,
        messages: size.conversations * perConversation,
        clients,
        seed_seconds: seeded.seconds,
        seed_ms: seeded.timings,
        sizes: seeded.sizes,
        list_first_page: list,
        history_page: history,
        search: { ...search, terms: searchTerms },
        one_client: alone,
        auth_only_50_clients: authOnly,
        paced_50_clients_100_per_second: paced,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await sim.stop();
    await database.drop();
  }
}

export async function runInboxScale(report: Report, options: BenchOptions): Promise<void> {
  await forEachEngine(
    report,
    enginesFor(options, ['postgres']),
    (engine) => measureEngine(engine, options.quick),
    (engine, result) => {
      report.figure(engine, result);
      const messages = result.sizes.tables.find((table) => table.table === 'messages');
      report.headline('conversations / messages', `${result.conversations} / ${result.messages}`, engine);
      report.headline(
        'list p50/p95 ms (req/s)',
        `${result.list_first_page.ms.p50}/${result.list_first_page.ms.p95} (${result.list_first_page.per_second})`,
        engine,
      );
      report.headline(
        'history p50/p95 ms (req/s)',
        `${result.history_page.ms.p50}/${result.history_page.ms.p95} (${result.history_page.per_second})`,
        engine,
      );
      report.headline('search p50/p95 ms (req/s)', `${result.search.ms.p50}/${result.search.ms.p95} (${result.search.per_second})`, engine);
      report.headline(
        '50 clients at 2 req/s each: list/history/search p95 ms',
        `${result.paced_50_clients_100_per_second.list.ms.p95}/${result.paced_50_clients_100_per_second.history.ms.p95}/${result.paced_50_clients_100_per_second.search.ms.p95}`,
        engine,
      );
      report.headline(
        'GET /api/auth/me, 50 clients: p95 ms (req/s)',
        `${result.auth_only_50_clients.ms.p95} (${result.auth_only_50_clients.per_second})`,
        engine,
      );
      report.headline(
        'one client alone: list/history/search p50 ms',
        `${result.one_client.list.ms.p50}/${result.one_client.history.ms.p50}/${result.one_client.search.ms.p50}`,
        engine,
      );
      report.headline('messages table + indexes MB', messages ? `${messages.table_mb} + ${messages.indexes_mb}` : null, engine);
      if (engine !== 'postgres') return;
      report.goal(goal('list p95 ms', '≤ 20', result.list_first_page.ms.p95, (value) => value <= 20, engine));
      report.goal(goal('history p95 ms', '≤ 10', result.history_page.ms.p95, (value) => value <= 10, engine));
      report.goal(goal('search p95 ms', '≤ 100', result.search.ms.p95, (value) => value <= 100, engine));
      report.goal(
        goal(
          'errors',
          '0',
          result.list_first_page.errors + result.history_page.errors + result.search.errors,
          (value) => value === 0,
          engine,
        ),
      );
    },
  );
}
