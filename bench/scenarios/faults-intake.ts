// Intake drills: every webhook update posted twice at once; kill -9 while the
// simulator's webhook sender streams updates, then a restart.
import { startTelegramSimulator } from '@switchboard/telegram-sim';
import { findFreePort } from '../../server/src/testing/postgres-cluster.ts';
import { createHttpClient, runChatLoad } from '../lib/http-load.ts';
import type { Engine } from '../lib/report.ts';
import { startServer, type ServerProcess } from '../lib/server-process.ts';
import { freshDatabase, sleep, waitUntil } from '../lib/setup.ts';
import { makeUpdates, webhookSecret } from './inbound-load.ts';

const journalOpenSql = "SELECT count(*)::int AS n FROM intake_journal WHERE state IN ('pending', 'processing')";

async function count(server: ServerProcess, text: string): Promise<number> {
  return Number((await server.call<Array<{ n: number }>>('query', { text }))[0]!.n);
}

/** Markers stored, per chat in id order: each must be there once, in sequence order. */
async function checkStored(server: ServerProcess, run: string, expected: Map<number, number[]>) {
  const rows = await server.call<Array<{ chat: string; text: string }>>('query', {
    text: `SELECT c.external_chat_id AS chat, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id
           WHERE m.text LIKE '%bench:${run}:%' ORDER BY m.id`,
  });
  const byChat = new Map<string, number[]>();
  for (const row of rows) {
    const sequence = Number(row.text.slice(row.text.lastIndexOf(':') + 1));
    if (!byChat.has(row.chat)) byChat.set(row.chat, []);
    byChat.get(row.chat)!.push(sequence);
  }
  let lost = 0;
  let duplicates = 0;
  let orderViolations = 0;
  for (const [chat, sequences] of expected) {
    const stored = byChat.get(String(chat)) ?? [];
    const seen = new Set(stored);
    lost += sequences.filter((sequence) => !seen.has(sequence)).length;
    duplicates += stored.length - seen.size;
    for (let index = 1; index < stored.length; index++) if (stored[index]! < stored[index - 1]!) orderViolations++;
  }
  return { stored: rows.length, lost, duplicates, order_violations: orderViolations };
}

/** Every update POSTed twice at the same moment on two connections (Telegram's retry racing the first attempt). */
export async function duplicateWebhooks(engine: Engine, updatesCount: number) {
  const sim = await startTelegramSimulator();
  const bot = sim.createBot({ username: 'twice_bot' });
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
  const http = createHttpClient(server.url, 100);
  try {
    const { run, updates } = makeUpdates(updatesCount, 200);
    const headers = { 'x-telegram-bot-api-secret-token': webhookSecret };
    const post = (json: string) => http.request('POST', '/webhooks/telegram', { body: json, headers }).then((response) => response.status);
    const load = await runChatLoad({
      items: updates,
      connections: 50,
      timeoutMs: 120_000,
      send: async (update) => Math.max(...(await Promise.all([post(update.json), post(update.json)]))),
    });
    // Bounded: entries still open after the wait are reported (journaled, so not lost, but not processed either).
    const stillOpen = await waitUntil(async () => (await count(server, journalOpenSql)) === 0, 'every update processed', 120_000, 100).then(
      () => 0,
      () => count(server, journalOpenSql),
    );
    const expected = new Map<number, number[]>();
    for (const update of updates) {
      const chat = JSON.parse(update.json).message.chat.id as number;
      if (!expected.has(chat)) expected.set(chat, []);
      expected.get(chat)!.push(update.sequence);
    }
    const journalRows = await count(server, `SELECT count(*)::int AS n FROM intake_journal WHERE body LIKE '%bench:${run}:%'`);
    const stored = await checkStored(server, run, expected);
    return {
      updates: updates.length,
      posts: updates.length * 2,
      non_2xx: load.errors,
      journal_rows: journalRows,
      unprocessed_after_wait: stillOpen,
      ...stored,
      lost: Math.max(0, stored.lost - stillOpen),
    };
  } finally {
    http.close();
    await server.stop();
    await sim.stop();
    await database.drop();
  }
}

/** The simulator delivers by webhook (per-chat FIFO, retries); kill -9 after some are acknowledged; restart. */
export async function killDuringIntake(engine: Engine, chats: number, perChat: number) {
  const sim = await startTelegramSimulator({ timeScale: 20 });
  const bot = sim.createBot({ username: 'crash_bot' });
  const database = await freshDatabase(engine);
  const port = await findFreePort();
  const env = {
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    TELEGRAM_API_ROOT: sim.apiRoot,
    TELEGRAM_BOT_TOKEN: bot.token,
    TELEGRAM_WEBHOOK_SECRET: webhookSecret,
  };
  let server = await startServer({ database, port, entry: 'child', env });
  try {
    await waitUntil(() => sim.webhookInfo(bot.token).url !== '', 'the webhook to be set', 20_000);
    const run = `k${Date.now().toString(36)}`;
    const users = Array.from({ length: chats }, (_, index) => sim.createUser({ first_name: `Crash ${index}` }));
    const expected = new Map<number, number[]>(users.map((user) => [user.id, []]));
    for (let sequence = 0; sequence < chats * perChat; sequence++) {
      const user = users[sequence % chats]!;
      sim.sendText(bot.token, { from: user.id, text: `message bench:${run}:${sequence}` });
      expected.get(user.id)!.push(sequence);
    }
    const acknowledged = () => sim.webhookDeliveries(bot.token).filter((delivery) => delivery.status === 200).length;
    await waitUntil(() => acknowledged() >= chats * perChat * 0.3, '30% acknowledged', 120_000, 5);
    await server.kill9();
    const acknowledgedAtKill = acknowledged();
    const unprocessedAtKill = await database.withClient(async (query) => Number((await query<{ n: number }>(journalOpenSql))[0]!.n));

    const restartedAt = Date.now();
    server = await startServer({ database, port, entry: 'child', env });
    const settled = await waitUntil(
      async () => sim.webhookInfo(bot.token).pending_update_count === 0 && (await count(server, journalOpenSql)) === 0,
      'every update delivered and processed',
      180_000,
      200,
    ).then(
      () => true,
      () => false,
    );
    const recoveryMs = Date.now() - restartedAt;
    const unprocessed = settled ? 0 : (await count(server, journalOpenSql)) + sim.webhookInfo(bot.token).pending_update_count;
    await sleep(300);
    return {
      updates: chats * perChat,
      chats,
      acknowledged_before_kill: acknowledgedAtKill,
      journaled_but_unprocessed_at_kill: unprocessedAtKill,
      recovery_ms: recoveryMs,
      unprocessed_after_wait: unprocessed,
      ...(await checkStored(server, run, expected)),
    };
  } finally {
    await server.stop();
    await sim.stop();
    await database.drop();
  }
}
