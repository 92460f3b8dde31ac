// Personal Telegram accounts on the network stub (no real Telegram): inbound
// messages per second through one account into the inbox (mtcute's update
// handling → journal → inbox), and idle memory per connected account at 100
// accounts. In process, on the engines the test harness makes:
//   bin/node24 --expose-gc bench/telegram-user.ts [pglite|postgres] [messages] [accounts]
// Prints figures; nothing is asserted (goal from issue 17: under 5 MB an account).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiClient, signInWithToken } from '../server/src/testing/api-client.ts';
import { prepareTemplates, testAdmin, type Engine } from '../server/src/testing/harness.ts';
import { startPostgresCluster } from '../server/src/testing/postgres-cluster.ts';
import { connectAccount, createStubNetwork, startWithTelegramStub } from '../server/src/testing/telegram-user.fixture.ts';

const engine = (process.argv[2] ?? 'pglite') as Engine;
const messages = Number(process.argv[3] ?? 2_000);
const accounts = Number(process.argv[4] ?? 100);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const used = () => {
  gc();
  gc();
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.external + memory.arrayBuffers;
};

const cluster = await startPostgresCluster();
const pgliteFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-template-'));
process.env.SWITCHBOARD_TEST_PG_URL = cluster.url;
process.env.SWITCHBOARD_TEST_PGLITE_TEMPLATE = pgliteFolder;
try {
  await prepareTemplates({ clusterUrl: cluster.url, pgliteFolder });
  const network = createStubNetwork();
  const started = await startWithTelegramStub(engine, network, undefined, { messagesPerSecond: 1000 });
  const admin = await signInWithToken(started.server.url, testAdmin);
  void createApiClient;
  const phone = '+79995550001';
  const accountId = await connectAccount(admin, network, phone, 'Bench');
  const customers = Array.from({ length: 50 }, (_, index) => network.addUser(`Customer ${index}`));
  const db = started.server.switchboard.database.db as any;
  const count = async () => Number((await db.selectFrom('messages').select(db.fn.countAll().as('n')).executeTakeFirst()).n);
  const before = await count();
  const begin = performance.now();
  for (let index = 0; index < messages; index += 1) network.incoming(phone, customers[index % customers.length]!, `bench message ${index}`);
  while ((await count()) - before < messages) await new Promise((resolve) => setTimeout(resolve, 50));
  const seconds = (performance.now() - begin) / 1000;
  await started.module.drained(accountId);
  console.log(
    `${engine}: ${messages} inbound messages through one account into the inbox in ${seconds.toFixed(1)} s = ${Math.round(messages / seconds)} msg/s`,
  );

  const baseline = used();
  for (let index = 0; index < accounts; index += 1)
    await connectAccount(admin, network, `+7999600${String(index).padStart(4, '0')}`, `Idle ${index}`);
  const after = used();
  console.log(
    `${engine}: ${accounts} more connected idle accounts: ${((after - baseline) / accounts / 1024 / 1024).toFixed(2)} MB each (heap + external)`,
  );
  await started.server.stop();
} finally {
  await cluster.stop();
  fs.rmSync(pgliteFolder, { recursive: true, force: true });
}
