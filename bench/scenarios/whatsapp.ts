// Scenario 12 — whatsapp (issue 23): signed WhatsApp Cloud API webhooks acknowledged per second and their ack
// latency, then webhook → admin WebSocket frame at paced rates; lost and duplicated messages counted in the
// database. A number connected through POST /api/accounts against tools/fake-meta (in this process); every
// body is Meta's documented shape, signed with X-Hub-Signature-256 over its raw bytes before the load starts.
import { signBody, startFakeMeta, whatsappMessage, whatsappMessagesPayload } from '@switchboard/fake-meta';
import { findFreePort } from '../../server/src/testing/postgres-cluster.ts';
import type { BenchDatabase } from '../lib/databases.ts';
import { createHttpClient, runChatLoad } from '../lib/http-load.ts';
import { goal, round, summarize, type Engine, type Report } from '../lib/report.ts';
import { readCpuMs, startServer, type ServerProcess } from '../lib/server-process.ts';
import { adminToken, enginesFor, forEachEngine, freshDatabase, sleep, waitUntil, type BenchOptions } from '../lib/setup.ts';
import { personOf } from '../lib/updates.ts';
import { connectClient } from '../lib/ws-clients.ts';

const connections = 100;
const pacedRates = [100, 200];
// Meta's app secrets are 32 hex digits.
const appSecret = '9c4b2e7a1f0d3c5b8a6e4d2f1b0c9a87';
const phrases = [
  'Здравствуйте! Можно записаться к терапевту на завтра?',
  'Hello, is my order ready?',
  'Сәлеметсіз бе, бағасы қанша?',
  'Спасибо, всё получила 🙏',
  'Can I move my appointment to Friday at 15:00?',
  'Ок',
];

function sizes(engine: Engine, quick: boolean) {
  if (quick) return { warmup: 100, saturation: engine === 'postgres' ? 1_000 : 500, customers: 300, pacedSeconds: 2 };
  if (engine === 'postgres') return { warmup: 300, saturation: 10_000, customers: 2_000, pacedSeconds: 10 };
  return { warmup: 200, saturation: 2_000, customers: 1_000, pacedSeconds: 5 };
}

interface SignedBody {
  chat: number;
  sequence: number;
  raw: string;
  signature: string;
}

interface Business {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

let runCounter = 0;

/** One webhook per message (as Meta mostly sends them), `customers` Kazakh numbers in turn, signed ahead of time. */
function makeBodies(business: Business, count: number, customers: number) {
  const run = `w${process.pid.toString(36)}${(runCounter++).toString(36)}`;
  const now = Math.floor(Date.now() / 1000);
  const bodies: SignedBody[] = [];
  for (let sequence = 0; sequence < count; sequence++) {
    const chat = sequence % customers;
    const waId = `7701${String(1_000_000 + chat).padStart(7, '0')}`;
    const person = personOf(chat);
    const text = `${phrases[sequence % phrases.length]} bench:${run}:${sequence}`;
    const payload = whatsappMessagesPayload(
      business,
      [{ name: `${person.first_name} ${person.last_name}`, wa_id: waId }],
      [whatsappMessage.text(waId, text, { timestamp: now })],
    );
    const raw = JSON.stringify(payload);
    bodies.push({ chat, sequence, raw, signature: signBody(appSecret, raw) });
  }
  return { run, bodies };
}

async function postBodies(url: string, bodies: SignedBody[], ratePerSecond?: number) {
  const client = createHttpClient(url, connections);
  try {
    const result = await runChatLoad({
      items: bodies,
      connections,
      ratePerSecond,
      timeoutMs: 300_000,
      send: async (body) =>
        (
          await client.request('POST', '/webhooks/whatsapp', {
            body: body.raw,
            headers: { 'x-hub-signature-256': body.signature, 'user-agent': 'facebookexternalua' },
          })
        ).status,
    });
    const seconds = (result.finishedAt - result.startedAt) / 1000;
    return {
      figures: {
        webhooks: bodies.length,
        errors: result.errors,
        seconds: round(seconds, 2),
        acked_per_second: round(bodies.length / seconds, 0),
        ack_ms: summarize(result.records.map((record) => record.doneAt - record.sentAt)),
        ack_from_due_ms: summarize(result.records.map((record) => record.doneAt - record.dueAt)),
      },
      records: result.records,
    };
  } finally {
    client.close();
  }
}

async function journalOpen(server: ServerProcess): Promise<number> {
  const rows = await server.call<Array<{ n: number }>>('query', {
    text: "SELECT count(*) AS n FROM intake_journal WHERE state IN ('pending', 'processing')",
  });
  return Number(rows[0]!.n);
}

async function countStored(database: BenchDatabase) {
  return database.withClient(async (query) => {
    const [row] = await query<{ total: string; distinct_texts: string }>(
      "SELECT count(*) AS total, count(DISTINCT text) AS distinct_texts FROM messages WHERE text LIKE '%bench:w%'",
    );
    return { stored: Number(row!.total), duplicates: Number(row!.total) - Number(row!.distinct_texts) };
  });
}

async function measure(engine: Engine, quick: boolean) {
  const size = sizes(engine, quick);
  const meta = await startFakeMeta();
  const phone = meta.control.seedWhatsAppNumber({ display_phone_number: '+7 701 555 0100', verified_name: 'Bench Clinic' });
  const business: Business = { wabaId: phone.wabaId, phoneNumberId: phone.id, displayPhoneNumber: phone.display_phone_number };
  const database = await freshDatabase(engine);
  const port = await findFreePort();
  const server = await startServer({
    database,
    port,
    entry: 'child',
    env: { PUBLIC_URL: `http://127.0.0.1:${port}`, META_GRAPH_URL: meta.whatsappUrl },
  });
  // Frames by run and sequence: the marker at the end of each text.
  const arrivals = new Map<string, Map<number, number>>();
  let socket: Awaited<ReturnType<typeof connectClient>> | undefined;
  try {
    const token = await adminToken(server.url);
    const created = await fetch(`${server.url}/api/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${token}` },
      body: JSON.stringify({
        name: 'Bench Clinic',
        account_type: 'whatsapp',
        phone_number_id: phone.id,
        waba_id: phone.wabaId,
        access_token: phone.accessToken,
        app_secret: appSecret,
        verify_token: 'bench-verify-token',
      }),
    });
    if (created.status !== 201) throw new Error(`connecting the number failed: ${created.status} ${await created.text()}`);
    socket = await connectClient(server.url, token, 0, (text, at) => {
      const match = /bench:(w[a-z0-9]+):(\d+)$/.exec(text);
      if (!match) return;
      let run = arrivals.get(match[1]!);
      if (!run) arrivals.set(match[1]!, (run = new Map()));
      if (!run.has(Number(match[2]))) run.set(Number(match[2]), at);
    });
    // What is still open after a bounded wait is reported as stuck, not waited for.
    const waitProcessed = (count: number) =>
      waitUntil(async () => (await journalOpen(server)) === 0, `${count} webhooks processed`, 60_000 + count * 20, 100).then(
        () => 0,
        () => journalOpen(server),
      );

    const warmup = makeBodies(business, size.warmup, Math.min(100, size.customers));
    await postBodies(server.url, warmup.bodies);
    const stuckAfterWarmup = await waitProcessed(size.warmup);

    const saturation = makeBodies(business, size.saturation, size.customers);
    const cpuBefore = readCpuMs(server.pid);
    const absorbed = await postBodies(server.url, saturation.bodies);
    const stuckAfterSaturation = await waitProcessed(size.saturation);
    const cpuMsPerWebhook = round((readCpuMs(server.pid) - cpuBefore) / size.saturation, 3);
    await sleep(300);
    const saturationSeen = arrivals.get(saturation.run)?.size ?? 0;

    const paced = [];
    for (const rate of pacedRates) {
      const run = makeBodies(business, rate * size.pacedSeconds, size.customers);
      const load = await postBodies(server.url, run.bodies, rate);
      const backlogAtEnd = await journalOpen(server);
      const stuck = await waitProcessed(run.bodies.length);
      await sleep(300);
      const seen = arrivals.get(run.run) ?? new Map<number, number>();
      const waits = load.records.flatMap((record) => {
        const at = seen.get(record.item.sequence);
        return at === undefined ? [] : [at - record.dueAt];
      });
      paced.push({
        rate,
        ...load.figures,
        websocket_ms: summarize(waits),
        backlog_at_end: backlogAtEnd,
        stuck_after_wait: stuck,
        websocket_missing: Math.max(0, run.bodies.length - stuck - waits.length),
      });
    }
    const posted = size.warmup + size.saturation + paced.reduce((sum, step) => sum + step.webhooks, 0);
    socket.close();
    await server.stop();
    const stored = await countStored(database);
    return {
      customers: size.customers,
      saturation: {
        ...absorbed.figures,
        server_cpu_ms_per_webhook: cpuMsPerWebhook,
        websocket_missing: Math.max(0, size.saturation - stuckAfterSaturation - saturationSeen),
      },
      paced,
      posted,
      stored: stored.stored,
      lost: posted - stored.stored + stored.duplicates,
      duplicates: stored.duplicates,
      journal_entries_stuck: stuckAfterWarmup + stuckAfterSaturation + paced.reduce((sum, step) => sum + step.stuck_after_wait, 0),
      server_startup_ms: server.startupMs,
    };
  } finally {
    socket?.close();
    await server.stop();
    await meta.stop();
    await database.drop();
  }
}

export async function runWhatsApp(report: Report, options: BenchOptions): Promise<void> {
  await forEachEngine(
    report,
    enginesFor(options),
    (engine) => measure(engine, options.quick),
    (engine, figures) => {
      report.figure(engine, figures);
      const { saturation, paced } = figures;
      report.headline('signed webhooks/s acknowledged', saturation.acked_per_second, engine);
      report.headline('ack p50/p99 ms at saturation', `${saturation.ack_ms.p50}/${saturation.ack_ms.p99}`, engine);
      report.headline('server CPU ms per webhook (absorb + process)', saturation.server_cpu_ms_per_webhook, engine);
      report.headline(
        `ack p50/p99 ms at ${pacedRates.join(' | ')}/s`,
        paced.map((step) => `${step.ack_ms.p50}/${step.ack_ms.p99}`).join(' | '),
        engine,
      );
      report.headline(
        `webhook→WebSocket p50/p99 ms at ${pacedRates.join(' | ')}/s`,
        paced.map((step) => `${step.websocket_ms.p50}/${step.websocket_ms.p99}`).join(' | '),
        engine,
      );
      report.headline('lost · duplicated', `${figures.lost} · ${figures.duplicates}`, engine);
      for (const step of paced) {
        report.goal(goal(`ack p99 ms at ${step.rate}/s`, '≤ 250', step.ack_ms.p99, (value) => value <= 250, engine));
        report.goal(goal(`webhook→WebSocket p99 ms at ${step.rate}/s`, '≤ 250', step.websocket_ms.p99, (value) => value <= 250, engine));
      }
      const errors = saturation.errors + paced.reduce((sum, step) => sum + step.errors, 0);
      const missing = saturation.websocket_missing + paced.reduce((sum, step) => sum + step.websocket_missing, 0);
      report.goal(goal('non-2xx answers to signed webhooks', '0', errors, (value) => value === 0, engine));
      report.goal(goal('WebSocket frames missed by a connected client', '0', missing, (value) => value === 0, engine));
      report.goal(goal('messages lost', '0', figures.lost, (value) => value === 0, engine));
      report.goal(goal('messages duplicated', '0', figures.duplicates, (value) => value === 0, engine));
      report.goal(goal('journal entries stuck after a wait', '0', figures.journal_entries_stuck, (value) => value === 0, engine));
    },
  );
}
