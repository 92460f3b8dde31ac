import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTelegramSimulator } from '@switchboard/telegram-sim';
import { createHeartbeats, registerInstance } from '../platform/index.ts';
import { deliveryTables } from './tables.ts';
import { createTestDatabase, testEngines } from '../testing/harness.ts';
import { createDelivery, type DeliveryLimits, type EnqueueInput } from './index.ts';
import {
  botChannel,
  channelDirectory,
  openTestDatabase,
  quietLogger,
  simulatorSender,
  waitFor,
  rateLimitsFor,
} from '../testing/simulated-bot.fixture.ts';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), '../testing/delivery-crash.fixture.ts');
const rowCount = 400;
const channelId = 9;
const fastLimits: Partial<DeliveryLimits> = {
  botPerSecond: 2_000,
  botBurst: 150,
  privateChatPerSecond: 100,
  privateChatBurst: 5,
  maxInFlightPerChannel: 150,
  maxClaimBatch: 150,
};

for (const engine of testEngines()) {
  describe(`delivery after kill -9 on ${engine}`, () => {
    test('kill -9 with ≥ 100 messages in flight, then a restart: none lost, duplicates counted', async () => {
      const logger = quietLogger();
      const testDb = await createTestDatabase(engine);
      const sim = await startTelegramSimulator({
        seed: 30,
        rates: { botPerSecond: 10_000, botBurst: 10_000, privateChatPerSecond: 100, privateChatBurst: 100 },
      });
      try {
        const bot = sim.createBot();
        const users = Array.from({ length: rowCount }, (_, index) => {
          const user = sim.createUser({ first_name: `User ${index}` });
          sim.sendText(bot.token, { from: user.id, text: '/start' });
          return user.id;
        });
        const channel = botChannel(channelId, bot.token);
        const send = simulatorSender(sim.apiRoot);

        let database = await openTestDatabase(testDb);
        const inputs: EnqueueInput[] = users.map((user, index) => ({
          channelId,
          lane: 'notification',
          message: { chatId: String(user), text: `reminder ${index}` },
        }));
        const seeder = createDelivery({
          db: database.db,
          instanceId: 'seeder',
          logger,
          channels: channelDirectory([channel]),
          send,
          rateLimitsFor,
        });
        await database.db.transaction().execute((trx) => seeder.enqueueMany(deliveryTables(trx), inputs));
        await database.close();

        // Every send takes 1.5 s inside the simulator, so a crowd of requests is always mid-flight.
        sim.setFaults(bot.token, { rateSlow: 1, slowMs: 1_500, methods: ['sendMessage'] });
        const atKill = await runChildAndKill(testDb.env, { apiRoot: sim.apiRoot, token: bot.token }, () => {
          const stats = sim.stats(bot.token);
          return stats.sent >= 100 && stats.requests - stats.sent >= 100 ? stats : undefined;
        });
        const inFlightAtKill = atKill.requests - atKill.sent;
        sim.setFaults(bot.token, null);

        database = await openTestDatabase(testDb);
        const heartbeats = createHeartbeats();
        const instance = await registerInstance({ db: database.db, logger, heartbeats, beatMs: 250 });
        const delivery = createDelivery({
          db: database.db,
          instanceId: instance.id,
          logger,
          heartbeats,
          channels: channelDirectory([channel]),
          send,
          rateLimitsFor,
          limits: { ...fastLimits, sweepIntervalMs: 250, deadInstanceAfterMs: 1_500 },
        });
        const restartedAt = Date.now();
        await delivery.start();
        const countSent = async () =>
          (await sql<{ count: number }>`SELECT count(*)::int AS count FROM outbox WHERE state = 'sent'`.execute(database.db)).rows[0]!
            .count;
        await waitFor(async () => (await countSent()) === rowCount, 'every row to be sent after the restart', 30_000);
        const recoveryMs = Date.now() - restartedAt;
        const { rows } = await sql<{
          count: number;
        }>`SELECT count(*)::int AS count FROM delivery_attempts WHERE outcome = 'interrupted'`.execute(database.db);
        const interrupted = rows[0]!.count;
        await delivery.stop();
        await instance.stop();
        await database.close();

        const received = users.map((user) => sim.sentMessages(bot.token, user).length);
        const lost = received.filter((count) => count === 0).length;
        const duplicates = received.reduce((sum, count) => sum + Math.max(0, count - 1), 0);
        console.log(
          `# [${engine}] kill -9: ${rowCount} rows, ${atKill.sent} delivered and ${inFlightAtKill} requests in flight at the kill; ` +
            `after restart ${interrupted} rows reclaimed as interrupted, ${duplicates} duplicates, ${lost} lost; all sent ${recoveryMs} ms after restart`,
        );
        assert.equal(lost, 0, 'no message lost');
        assert.ok(interrupted > 0, 'the kill caught rows mid-send');
        assert.ok(duplicates <= interrupted, `duplicates (${duplicates}) stay within the rows caught mid-send (${interrupted})`);
      } finally {
        await sim.stop();
        await testDb.drop();
      }
    });
  });
}

/** Starts the fixture dispatcher in a child process and SIGKILLs it as soon as `ready` returns something. */
async function runChildAndKill<T>(
  databaseEnv: Record<string, string>,
  target: { apiRoot: string; token: string },
  ready: () => T | undefined,
): Promise<T> {
  const child = spawn(process.execPath, [fixture], {
    env: {
      ...process.env,
      ...databaseEnv,
      API_ROOT: target.apiRoot,
      BOT_TOKEN: target.token,
      CHANNEL_ID: String(channelId),
      DELIVERY_LIMITS: JSON.stringify(fastLimits),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  try {
    const state = await waitFor(
      () => {
        if (exited) throw new Error(`the fixture exited before the kill:\n${output}`);
        return ready();
      },
      'a crowd of messages in flight',
      30_000,
    );
    child.kill('SIGKILL');
    await exit;
    return state;
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\nfixture output:\n${output}`, { cause: error });
  }
}
