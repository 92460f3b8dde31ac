import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createHeartbeats, registerInstance, type Database, type SwitchboardTables } from '../platform/index.ts';
import { deliveryTables } from './tables.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../testing/harness.ts';
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

for (const engine of testEngines()) {
  describe(`delivery under load on ${engine}`, () => {
    const logger = quietLogger();
    const heartbeats = createHeartbeats();
    let testDb: TestDatabase;
    let database: Database<SwitchboardTables>;
    let instance: Awaited<ReturnType<typeof registerInstance>>;

    before(async () => {
      testDb = await createTestDatabase(engine);
      database = await openTestDatabase(testDb);
      instance = await registerInstance({ db: database.db, logger, heartbeats, beatMs: 1_000 });
    });
    after(async () => {
      await instance.stop();
      await database.close();
      await testDb.drop();
    });

    function startedUsers(sim: Simulator, token: string, count: number): number[] {
      return Array.from({ length: count }, (_, index) => {
        const user = sim.createUser({ first_name: `User ${index}` });
        sim.sendText(token, { from: user.id, text: '/start' });
        return user.id;
      });
    }

    function startDelivery(sim: Simulator, channel: ReturnType<typeof botChannel>, limits: Partial<DeliveryLimits> = {}) {
      return createDelivery({
        db: database.db,
        instanceId: instance.id,
        logger,
        heartbeats,
        channels: channelDirectory([channel]),
        send: simulatorSender(sim.apiRoot),
        rateLimitsFor,
        limits,
      });
    }

    async function countByState(channelId: number, state: string): Promise<number> {
      const { rows } = await sql<{
        count: number;
      }>`SELECT count(*)::int AS count FROM outbox WHERE channel_id = ${channelId} AND state = ${state}`.execute(database.db);
      return rows[0]!.count;
    }

    test('20% of calls failing with 429 and 5xx: everything delivered once, in per-chat order', async () => {
      // Ten times Telegram's speed on both sides, so the test waits seconds, not minutes.
      const sim = await startTelegramSimulator({ timeScale: 10, seed: 20 });
      try {
        const bot = sim.createBot();
        const users = startedUsers(sim, bot.token, 4);
        const channel = botChannel(1, bot.token);
        const delivery = startDelivery(sim, channel, { botPerSecond: 300, privateChatPerSecond: 10 });
        const perChat = 15;
        const inputs: EnqueueInput[] = [];
        for (let index = 0; index < perChat; index++) {
          for (const user of users)
            inputs.push({ channelId: channel.id, lane: 'operator', message: { chatId: String(user), text: `message ${index}` } });
        }
        sim.setFaults(bot.token, { rate429: 0.1, rate5xx: 0.1, methods: ['sendMessage'] });
        await database.db.transaction().execute((trx) => delivery.enqueueMany(deliveryTables(trx), inputs));
        await delivery.start();
        await waitFor(async () => (await countByState(channel.id, 'sent')) === inputs.length, 'every row to be sent', 40_000);
        await delivery.stop();

        const expected = Array.from({ length: perChat }, (_, index) => `message ${index}`);
        for (const user of users)
          assert.deepEqual(
            sim.sentMessages(bot.token, user).map((message) => message.text),
            expected,
            `chat ${user}`,
          );
        const stats = sim.stats(bot.token);
        const { rows } = await sql<{ outcome: string; count: number }>`
          SELECT outcome, count(*)::int AS count FROM delivery_attempts WHERE channel_id = ${channel.id} GROUP BY outcome ORDER BY outcome`.execute(
          database.db,
        );
        const ledger = Object.fromEntries(rows.map((row) => [row.outcome, row.count]));
        assert.equal(ledger.sent, inputs.length);
        assert.equal(ledger.failed, undefined);
        assert.equal(
          ledger.retrying,
          stats.injected.http429 + stats.injected.http5xx + stats.rateLimited,
          'every refused call is one ledger entry',
        );
        assert.ok(stats.injected.http429 > 0 && stats.injected.http5xx > 0, 'faults were injected');
        console.log(
          `# [${engine}] faults: ${inputs.length} messages in ${stats.byMethod.sendMessage} calls; injected ${stats.injected.http429} × 429, ` +
            `${stats.injected.http5xx} × 5xx; simulator flood control refused ${stats.rateLimited}; none lost, none duplicated`,
        );
      } finally {
        await sim.stop();
      }
    });

    // How long the reply waits is a benchmark figure (wall clock); what the test proves is the order: the reply
    // overtakes the backlog, so at most the sends already in flight or claimed go out before it.
    test('an operator reply overtakes 1,000 queued notifications on the same bot', async () => {
      const sim = await startTelegramSimulator({ seed: 21 });
      try {
        const bot = sim.createBot();
        const users = startedUsers(sim, bot.token, 201);
        const operatorChat = users.pop()!;
        const channel = botChannel(2, bot.token);
        const delivery = startDelivery(sim, channel);
        await delivery.start();
        const backlog: EnqueueInput[] = Array.from({ length: 1000 }, (_, index) => ({
          channelId: channel.id,
          lane: 'notification',
          message: { chatId: String(users[index % users.length]), text: `notification ${index}` },
        }));
        await database.db.transaction().execute((trx) => delivery.enqueueMany(deliveryTables(trx), backlog));
        delivery.wake(channel.id);
        // Past the first burst, measure the steady pace before the reply arrives.
        await waitFor(() => sim.stats(bot.token).sent >= 30, 'the backlog to be draining', 10_000);
        const paceFrom = { at: Date.now(), sent: sim.stats(bot.token).sent };
        await waitFor(() => sim.stats(bot.token).sent >= 90, 'the backlog to keep draining', 10_000);
        const steadyPace = ((sim.stats(bot.token).sent - paceFrom.sent) * 1000) / (Date.now() - paceFrom.at);

        const enqueuedAt = Date.now();
        const sentAtEnqueue = sim.stats(bot.token).sent;
        await database.db.transaction().execute((trx) =>
          delivery.enqueue(deliveryTables(trx), {
            channelId: channel.id,
            lane: 'operator',
            message: { chatId: String(operatorChat), text: 'Operator here' },
          }),
        );
        delivery.wake(channel.id);
        await sim.waitForSent(bot.token, operatorChat, undefined, 5_000);
        const delayMs = Date.now() - enqueuedAt;
        const stats = sim.stats(bot.token);
        // Sent to others between the enqueue and the reply (the reply itself is one of them).
        const overtaking = stats.sent - sentAtEnqueue - 1;
        await delivery.stop();
        console.log(
          `# [${engine}] operator reply behind 1,000 notifications: delivered ${delayMs} ms after enqueue; ` +
            `steady pace ${steadyPace.toFixed(1)} msg/s with ${stats.permittedPerSecond} permitted; ${overtaking} notifications went before it; simulator 429s: ${stats.rateLimited}`,
        );
        const window = delivery.limits.maxInFlightPerChannel;
        assert.ok(overtaking <= window, `${overtaking} notifications went out before the reply; at most the ${window} in flight may`);
        assert.ok((await countByState(channel.id, 'queued')) > 500, 'most notifications were still waiting');
      } finally {
        await sim.stop();
      }
    });

    // Per-chat order is per lane: a broadcast row waiting in the operator's chat must not hold the reply back. The
    // chat's broadcast row is the last of the backlog, so without the overtaking the reply would leave after them all.
    test("an operator reply goes out before the broadcast rows waiting, its own chat's included", async () => {
      const sim = await startTelegramSimulator({ seed: 22 });
      let stopDelivery = async () => {};
      try {
        const bot = sim.createBot();
        const users = startedUsers(sim, bot.token, 200);
        const operatorChat = users.at(-1)!;
        const channel = botChannel(3, bot.token);
        const delivery = startDelivery(sim, channel, { botPerSecond: 10, botBurst: 5 });
        stopDelivery = () => delivery.stop();
        await delivery.start();
        const broadcast: EnqueueInput[] = users.map((user, index) => ({
          channelId: channel.id,
          lane: 'broadcast',
          idempotencyKey: `lanes-broadcast:${index}`,
          message: { chatId: String(user), text: `broadcast ${index}` },
        }));
        await database.db.transaction().execute((trx) => delivery.enqueueMany(deliveryTables(trx), broadcast));
        delivery.wake(channel.id);
        await waitFor(() => sim.stats(bot.token).sent >= 5, 'the broadcast to be sending', 60_000);
        const ownChatRow = () =>
          database.db
            .selectFrom('outbox')
            .select(['state'])
            .where('idempotency_key', '=', `lanes-broadcast:${users.length - 1}`)
            .executeTakeFirstOrThrow();
        assert.equal((await ownChatRow()).state, 'queued', "the broadcast row in the operator's chat waits");

        await database.db.transaction().execute((trx) =>
          delivery.enqueue(deliveryTables(trx), {
            channelId: channel.id,
            lane: 'operator',
            message: { chatId: String(operatorChat), text: 'Operator here' },
          }),
        );
        delivery.wake(channel.id);
        await sim.waitForSent(bot.token, operatorChat, (message) => message.text === 'Operator here', 60_000);
        assert.deepEqual(
          sim.sentMessages(bot.token, operatorChat).map((message) => message.text),
          ['Operator here'],
          "the reply is the chat's first message",
        );
        assert.equal((await ownChatRow()).state, 'queued', "the chat's broadcast row still waits");
      } finally {
        await stopDelivery();
        await sim.stop();
      }
    });
  });
}
