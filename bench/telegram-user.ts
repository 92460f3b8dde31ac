// Scenario "telegram-user" (npm run bench -- telegram-user): personal accounts on the network stub, no real
// Telegram. Inbound messages per second through one account into the inbox (mtcute's update handling → journal
// → inbox), and idle memory per connected account (issue 17's goal: under 5 MB each at 100 accounts). The stub
// lives in this process, so the server does too (the test harness's start-up, not a child process); a stub
// client opens no socket, so a real connection's buffers are not in the memory figure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { signInWithToken } from '../server/src/testing/api-client.ts';
import { prepareTemplates, testAdmin } from '../server/src/testing/harness.ts';
import { startPostgresCluster } from '../server/src/testing/postgres-cluster.ts';
import { connectAccount, createStubNetwork, startWithTelegramStub } from '../server/src/testing/telegram-user.fixture.ts';
import { goal, log, round, type Engine, type Report } from './lib/report.ts';
import type { BenchOptions } from './lib/setup.ts';

const memoryGoalMb = 5;

/** A full garbage collection before each memory reading (bench/run.ts runs without --expose-gc). */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

async function measure(engine: Engine, messages: number, accounts: number) {
  const gc = collector();
  const used = () => {
    gc();
    gc();
    const memory = process.memoryUsage();
    return memory.heapUsed + memory.external + memory.arrayBuffers;
  };
  const network = createStubNetwork();
  const started = await startWithTelegramStub(engine, network, undefined, { messagesPerSecond: 1000 });
  try {
    const admin = await signInWithToken(started.server.url, testAdmin);
    const phone = '+79995550001';
    const accountId = await connectAccount(admin, network, phone, 'Bench');
    const customers = Array.from({ length: 50 }, (_, index) => network.addUser(`Customer ${index}`));
    const db = started.server.switchboard.database.db as any;
    const count = async () => Number((await db.selectFrom('messages').select(db.fn.countAll().as('n')).executeTakeFirst()).n);
    const before = await count();
    const begin = performance.now();
    for (let index = 0; index < messages; index += 1)
      network.incoming(phone, customers[index % customers.length]!, `bench message ${index}`);
    while ((await count()) - before < messages) await new Promise((resolve) => setTimeout(resolve, 50));
    const seconds = (performance.now() - begin) / 1000;
    await started.module.drained(accountId);

    // One account first, so the baseline holds what the first connection loads once (modules, caches).
    await connectAccount(admin, network, '+79996009999', 'Warm-up');
    const baseline = used();
    for (let index = 0; index < accounts; index += 1)
      await connectAccount(admin, network, `+7999600${String(index).padStart(4, '0')}`, `Idle ${index}`);
    const perAccountMb = (used() - baseline) / accounts / 1024 / 1024;
    return {
      messages,
      seconds: round(seconds, 2),
      perSecond: round(messages / seconds, 1),
      accounts,
      perAccountMb: round(perAccountMb, 3),
    };
  } finally {
    await started.server.stop();
  }
}

export async function runTelegramUser(report: Report, options: BenchOptions): Promise<void> {
  const messages = options.quick ? 300 : 2_000;
  // The goal is stated at 100 accounts; fewer leave the figure inside the collector's noise (±1 MB in all).
  const accounts = 100;
  // The harness migrates both engines' templates from one cluster, whichever engines run.
  const cluster = await startPostgresCluster();
  const pgliteFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-tguser-'));
  const previous = { url: process.env.SWITCHBOARD_TEST_PG_URL, template: process.env.SWITCHBOARD_TEST_PGLITE_TEMPLATE };
  process.env.SWITCHBOARD_TEST_PG_URL = cluster.url;
  process.env.SWITCHBOARD_TEST_PGLITE_TEMPLATE = pgliteFolder;
  try {
    await prepareTemplates({ clusterUrl: cluster.url, pgliteFolder });
    for (const engine of options.engines) {
      log(`telegram-user: ${engine}, ${messages} messages, ${accounts} idle accounts`);
      const figures = await measure(engine, messages, accounts);
      report.figure(engine, figures);
      report.headline('inbound msg/s through one account (stub network)', figures.perSecond, engine);
      report.headline(`MB per idle account (${accounts} accounts)`, figures.perAccountMb, engine);
      report.goal(
        goal('MB per idle connected account', `< ${memoryGoalMb}`, figures.perAccountMb, (value) => value < memoryGoalMb, engine),
      );
    }
    report.note(
      'Stub network in process: no TCP connections, so a real connection’s socket buffers are not counted; nothing met real Telegram.',
    );
  } finally {
    process.env.SWITCHBOARD_TEST_PG_URL = previous.url;
    process.env.SWITCHBOARD_TEST_PGLITE_TEMPLATE = previous.template;
    if (previous.url === undefined) delete process.env.SWITCHBOARD_TEST_PG_URL;
    if (previous.template === undefined) delete process.env.SWITCHBOARD_TEST_PGLITE_TEMPLATE;
    await cluster.stop();
    fs.rmSync(pgliteFolder, { recursive: true, force: true });
  }
}
