// Scenario — search: GET /api/search over a big inbox (1,000,000 messages on
// PostgreSQL) for words, prefixes, phrases, a phone and a username, as an admin
// and as an operator who sees only their own and the queue's conversations:
// one client alone, then among 50 operators clicking at a human pace.
import { startTelegramSimulator } from '@switchboard/telegram-sim';
import { createHttpClient } from '../lib/http-load.ts';
import { seedInbox, tableSizes } from '../lib/inbox-seed.ts';
import { goal, round, summarize, type Engine, type Report } from '../lib/report.ts';
import { searchMessageText, searchTerms } from '../lib/search-texts.ts';
import { readCpuMs, startServer } from '../lib/server-process.ts';
import { enginesFor, forEachEngine, freshDatabase, insertStaffWithTokens, type BenchOptions } from '../lib/setup.ts';

const operatorCount = 50;
const adminCount = 5;
const perConversation = 10;
const kinds = Object.keys(searchTerms);

function sizes(engine: Engine, quick: boolean) {
  if (engine === 'postgres') return { conversations: quick ? 10_000 : 100_000, alonePerTerm: quick ? 3 : 8, paced: quick ? 450 : 2_400 };
  return { conversations: quick ? 5_000 : 10_000, alonePerTerm: 3, paced: quick ? 300 : 900 };
}

const searchPath = (q: string, order?: string) => `/api/search?limit=20&q=${encodeURIComponent(q)}${order ? `&order=${order}` : ''}`;

/** Each term of each kind `times` times from one client, one request at a time: the cost of a search without a queue. */
export async function alone(baseUrl: string, token: string, times: number, order?: string) {
  const http = createHttpClient(baseUrl, 1);
  const byKind: Record<string, ReturnType<typeof summarize>> = {};
  const all: number[] = [];
  let errors = 0;
  try {
    for (const kind of kinds) {
      const latencies: number[] = [];
      for (let round = 0; round < times; round++) {
        for (const q of searchTerms[kind]!) {
          const response = await http.request('GET', searchPath(q, order), { headers: { authorization: `Token ${token}` } });
          if (response.status !== 200) errors++;
          latencies.push(response.ms);
        }
      }
      all.push(...latencies);
      byKind[kind] = summarize(latencies);
    }
  } finally {
    http.close();
  }
  return { errors, ms: summarize(all), by_kind: byKind };
}

/**
 * 55 clients (50 operators, 5 admins), each asking every 500 ms, open loop (110 requests/s): in turn the chat
 * list, a history page and a search (every kind of term in turn). Latency per request kind; search per role and kind.
 */
export async function pacedMixed(
  baseUrl: string,
  clients: Array<{ token: string; role: string }>,
  total: number,
  historyPath: (i: number) => string,
) {
  const intervalMs = 500;
  const http = createHttpClient(baseUrl, clients.length);
  const latencies = { list: [] as number[], history: [] as number[], search: [] as number[] };
  const searchByRole: Record<string, number[]> = {};
  const searchByKind: Record<string, number[]> = {};
  let errors = 0;
  const perClient = Math.ceil(total / clients.length);
  const allTerms = kinds.flatMap((kind) => searchTerms[kind]!.map((q) => ({ kind, q })));
  try {
    await Promise.all(
      clients.map(async (client, index) => {
        await new Promise((resolve) => setTimeout(resolve, (index * intervalMs) / clients.length));
        const started = performance.now();
        for (let turn = 0; turn < perClient; turn++) {
          const wait = started + turn * intervalMs - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          const what = (['list', 'history', 'search'] as const)[(turn + index) % 3]!;
          const term = allTerms[(turn * clients.length + index) % allTerms.length]!;
          const path =
            what === 'list' ? '/api/chats?limit=50' : what === 'history' ? historyPath(turn * clients.length + index) : searchPath(term.q);
          const response = await http.request('GET', path, { headers: { authorization: `Token ${client.token}` } });
          if (response.status !== 200) errors++;
          latencies[what].push(response.ms);
          if (what === 'search') {
            (searchByRole[client.role] ??= []).push(response.ms);
            (searchByKind[term.kind] ??= []).push(response.ms);
          }
        }
      }),
    );
  } finally {
    http.close();
  }
  const map = (values: Record<string, number[]>) => Object.fromEntries(Object.entries(values).map(([key, list]) => [key, summarize(list)]));
  return {
    requests: perClient * clients.length,
    per_second: round((clients.length * 1000) / intervalMs, 0),
    errors,
    list_ms: summarize(latencies.list),
    history_ms: summarize(latencies.history),
    search_ms: summarize(latencies.search),
    search_by_role: map(searchByRole),
    search_by_kind: map(searchByKind),
  };
}

async function measureEngine(engine: Engine, quick: boolean) {
  const size = sizes(engine, quick);
  const sim = await startTelegramSimulator();
  const bot = sim.createBot({ username: 'search_bot' });
  const database = await freshDatabase(engine);
  const env = { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: bot.token };
  try {
    await (await startServer({ database, env })).stop();
    const operators = await insertStaffWithTokens(database, 'operator', operatorCount, 'op');
    const admins = await insertStaffWithTokens(database, 'admin', adminCount, 'admin');
    const seeded = await database.withClient(async (query) => {
      const [channel] = await query<{ id: number }>('SELECT id FROM channels WHERE is_default');
      const startedAt = Date.now();
      const result = await seedInbox(query, {
        channelId: channel!.id,
        conversations: size.conversations,
        perConversation,
        operatorIds: operators.map((operator) => operator.id),
        messageText: searchMessageText,
      });
      const [counts] = await query<{ messages: number }>('SELECT count(*)::int AS messages FROM messages');
      return { ...result, seconds: round((Date.now() - startedAt) / 1000, 1), messages: counts!.messages, sizes: await tableSizes(query) };
    });
    const server = await startServer({ database, env });
    try {
      // Operator 1 holds a fiftieth of the conversations and sees the queue (every fifth): about 22 % of the messages.
      const operator = operators[1]!.token;
      const admin = admins[0]!.token;
      const queueChat = (i: number) => seeded.conversationBase + 5 * (1 + ((i * 104729) % Math.floor(size.conversations / 5 - 1)));
      // A warm-up pass so the first figures are not the cold cache's.
      await alone(server.url, admin, 1);
      const cpuBefore = readCpuMs(server.pid);
      const aloneAdmin = await alone(server.url, admin, size.alonePerTerm);
      const aloneOperator = await alone(server.url, operator, size.alonePerTerm);
      const aloneCount = (aloneAdmin.ms.count ?? 0) + (aloneOperator.ms.count ?? 0);
      const serverCpuPerSearch = round((readCpuMs(server.pid) - cpuBefore) / aloneCount, 2);
      const relevance = await alone(server.url, admin, 1, 'relevance');
      const clients = [
        ...operators.map((entry) => ({ token: entry.token, role: 'operator' })),
        ...admins.map((entry) => ({ token: entry.token, role: 'admin' })),
      ];
      const paced = await pacedMixed(server.url, clients, size.paced, (i) => `/api/messages/by_chat?chat_id=${queueChat(i)}&limit=50`);
      return {
        conversations: size.conversations,
        messages: seeded.messages,
        seed_seconds: seeded.seconds,
        seed_ms: seeded.timings,
        sizes: seeded.sizes,
        terms: searchTerms,
        alone_admin: aloneAdmin,
        alone_operator: aloneOperator,
        alone_server_cpu_ms_per_search: serverCpuPerSearch,
        alone_admin_relevance: relevance,
        paced_mixed: paced,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await sim.stop();
    await database.drop();
  }
}

export async function runSearch(report: Report, options: BenchOptions): Promise<void> {
  await forEachEngine(
    report,
    enginesFor(options, ['postgres']),
    (engine) => measureEngine(engine, options.quick),
    (engine, result) => {
      report.figure(engine, result);
      const messages = result.sizes.tables.find((table) => table.table === 'messages');
      const paced = result.paced_mixed;
      report.headline('messages searched', result.messages, engine);
      report.headline(
        'alone: admin / operator search p50/p95 ms',
        `${result.alone_admin.ms.p50}/${result.alone_admin.ms.p95} / ${result.alone_operator.ms.p50}/${result.alone_operator.ms.p95}`,
        engine,
      );
      report.headline(
        'alone p95 ms by kind (admin)',
        kinds.map((kind) => `${kind} ${result.alone_admin.by_kind[kind]?.p95}`).join(', '),
        engine,
      );
      report.headline(
        'alone: relevance order p50/p95 ms',
        `${result.alone_admin_relevance.ms.p50}/${result.alone_admin_relevance.ms.p95}`,
        engine,
      );
      report.headline('server CPU ms per search (alone)', result.alone_server_cpu_ms_per_search, engine);
      report.headline(
        `paced mixed (${paced.per_second} req/s): search p50/p95 ms, list/history p95`,
        `${paced.search_ms.p50}/${paced.search_ms.p95}, ${paced.list_ms.p95}/${paced.history_ms.p95}`,
        engine,
      );
      report.headline(
        'paced search p95 ms: admin / operator',
        `${paced.search_by_role.admin?.p95} / ${paced.search_by_role.operator?.p95}`,
        engine,
      );
      report.headline('messages table + indexes MB', messages ? `${messages.table_mb} + ${messages.indexes_mb}` : null, engine);
      const errors = result.alone_admin.errors + result.alone_operator.errors + result.alone_admin_relevance.errors + paced.errors;
      report.goal(goal('errors', '0', errors, (value) => value === 0, engine));
      if (engine !== 'postgres') return;
      report.goal(
        goal('search p95 ms under the paced mixed load (issue 27)', '≤ 100', paced.search_ms.p95, (value) => value <= 100, engine),
      );
    },
  );
}
