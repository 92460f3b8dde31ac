// Two instances sending for one bot share its limits: the bot's bucket lives in
// PostgreSQL (the claim takes its tokens there) and a chat's pace is rebuilt from
// its recorded sends. The proof is counted at the simulator, from the time it
// accepted each message: replayed through the engine's own buckets, no bot and
// no chat goes further into debt than the margin the Telegram profile keeps
// below Telegram's bursts for network jitter (profile.ts: 20 of 30, 2 of 3).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTelegramSimulator, type SentMessage, type Simulator } from '@switchboard/telegram-sim';
import { createHeartbeats, registerInstance, type Database, type SwitchboardTables } from '../platform/index.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../testing/harness.ts';
import { createDelivery, type Delivery, type DeliveryLimits, type EnqueueInput } from './index.ts';
import { deliveryTables } from './tables.ts';
import {
  botChannel,
  channelDirectory,
  openTestDatabase,
  quietLogger,
  rateLimitsFor,
  simulatorSender,
  waitFor,
} from '../testing/simulated-bot.fixture.ts';

// Near Telegram's pace (30/s, burst 20; 1/s per chat, burst 2), a little faster so the test takes seconds.
const limits: Partial<DeliveryLimits> = { botPerSecond: 40, botBurst: 20, privateChatPerSecond: 4, privateChatBurst: 2 };
// Telegram allows bursts of 30 per bot and 3 per chat: the profile's margin below them is what jitter may use.
const botSlack = 10;
const chatSlack = 1;

/** The most a token bucket went into debt over these acceptance times (0 = never exceeded). */
function worstDebt(times: number[], burst: number, perSecond: number): number {
  let tokens = burst;
  let last = times[0] ?? 0;
  let worst = 0;
  for (const at of [...times].sort((a, b) => a - b)) {
    tokens = Math.min(burst, tokens + ((at - last) / 1000) * perSecond);
    last = at;
    tokens -= 1;
    worst = Math.min(worst, tokens);
  }
  return -worst;
}

describe('two instances sending for one bot', { skip: !testEngines().includes('postgres') && 'needs PostgreSQL' }, () => {
  const logger = quietLogger();
  let testDb: TestDatabase;
  const databases: Database<SwitchboardTables>[] = [];
  let sim: Simulator;
  const deliveries: Delivery[] = [];
  const stops: Array<() => Promise<void>> = [];

  before(async () => {
    testDb = await createTestDatabase('postgres');
    // Limits far above the engine's: the simulator counts, it does not pace.
    sim = await startTelegramSimulator({
      rates: { botPerSecond: 10_000, botBurst: 10_000, privateChatPerSecond: 1_000, privateChatBurst: 1_000 },
    });
  });
  after(async () => {
    await Promise.all(deliveries.map((delivery) => delivery.stop()));
    for (const stop of stops) await stop();
    await Promise.all(databases.map((database) => database.close()));
    await testDb.drop();
    await sim.stop();
  });

  test('never exceed the bot rate or a chat rate together, counted at the simulator', async () => {
    const bot = sim.createBot();
    const channel = botChannel(1, bot.token);
    // Each instance has its own pool and its own row in `instances`, as two processes would.
    for (const _ of [1, 2]) {
      const database = await openTestDatabase(testDb);
      databases.push(database);
      const heartbeats = createHeartbeats();
      const instance = await registerInstance({ db: database.db, logger, heartbeats, beatMs: 1_000 });
      stops.push(() => instance.stop());
      deliveries.push(
        createDelivery({
          db: database.db,
          instanceId: instance.id,
          logger,
          heartbeats,
          channels: channelDirectory([channel]),
          send: simulatorSender(sim.apiRoot),
          rateLimitsFor,
          limits,
        }),
      );
    }
    // 300 one-off notifications to 300 chats (the bot's rate binds) and 8 chats of 12 messages each (the chat's rate binds).
    const users = Array.from({ length: 308 }, (_, index) => sim.createUser({ first_name: `User ${index}` }).id);
    for (const user of users) sim.sendText(bot.token, { from: user, text: '/start' });
    const inputs: EnqueueInput[] = [];
    for (const [index, user] of users.entries()) {
      const messages = index < 8 ? 12 : 1;
      for (let sequence = 0; sequence < messages; sequence++)
        inputs.push({ channelId: channel.id, lane: 'notification', message: { chatId: String(user), text: `m ${sequence}` } });
    }
    await databases[0]!.db.transaction().execute((trx) => deliveries[0]!.enqueueMany(deliveryTables(trx), inputs));
    await Promise.all(deliveries.map((delivery) => delivery.start()));
    for (const delivery of deliveries) delivery.wake(channel.id);

    const accepted = () => users.flatMap((user) => sim.sentMessages(bot.token, user)).filter((message) => message.text?.startsWith('m '));
    await waitFor(() => accepted().length >= inputs.length, `${inputs.length} messages at the simulator`, 60_000);

    const { rows: byInstance } = await sql<{ instance_id: string; sends: number }>`
      SELECT instance_id, count(*)::int AS sends FROM delivery_attempts WHERE outcome = 'sent' GROUP BY instance_id`.execute(
      databases[0]!.db,
    );

    const messages: SentMessage[] = accepted();
    assert.equal(messages.length, inputs.length, 'each message arrived once');
    const botDebt = worstDebt(
      messages.map((message) => message.received_at_ms),
      limits.botBurst!,
      limits.botPerSecond!,
    );
    const chatDebts = users.slice(0, 8).map((user) =>
      worstDebt(
        sim.sentMessages(bot.token, user).map((message) => message.received_at_ms),
        limits.privateChatBurst!,
        limits.privateChatPerSecond!,
      ),
    );
    const times = messages.map((message) => message.received_at_ms);
    const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
    console.log(
      `# two instances, ${inputs.length} messages in ${seconds.toFixed(2)} s (${limits.botPerSecond}/s, burst ${limits.botBurst} permitted); ` +
        `shares ${byInstance.map((each) => each.sends).join(' + ')}; worst bot debt ${botDebt.toFixed(2)}, worst chat debt ${Math.max(...chatDebts).toFixed(2)} tokens`,
    );
    assert.equal(byInstance.length, 2, 'both instances sent');
    assert.ok(
      byInstance.every((each) => each.sends >= inputs.length / 10),
      `both took a real share: ${JSON.stringify(byInstance)}`,
    );
    assert.ok(botDebt <= botSlack, `the bot went ${botDebt.toFixed(2)} tokens over its bucket`);
    for (const [index, debt] of chatDebts.entries())
      assert.ok(debt <= chatSlack, `chat ${index} went ${debt.toFixed(2)} tokens over its bucket`);
  });
  test("flows' direct replies (throttle) on two instances keep the bot's rate together", async () => {
    // A second bot: its shared bucket starts full, and only direct sends spend it.
    const bot = sim.createBot();
    const channel = botChannel(2, bot.token);
    const throttled = await Promise.all(
      [0, 1].map(async (index) => {
        const database = await openTestDatabase(testDb);
        databases.push(database);
        const delivery = createDelivery({
          db: database.db,
          instanceId: `throttle-${index}`,
          logger,
          channels: channelDirectory([channel]),
          send: simulatorSender(sim.apiRoot),
          rateLimitsFor,
          limits,
        });
        deliveries.push(delivery);
        await delivery.start();
        return delivery;
      }),
    );
    // 120 replies per instance, each to its own chat (so only the bot's rate binds), all asked for at once.
    const granted: number[] = [];
    await Promise.all(
      throttled.flatMap((delivery, index) =>
        Array.from({ length: 120 }, (_, chat) => delivery.throttle(channel.id, `${index}-${chat}`).then(() => granted.push(Date.now()))),
      ),
    );
    const botDebt = worstDebt(granted, limits.botBurst!, limits.botPerSecond!);
    const seconds = (Math.max(...granted) - Math.min(...granted)) / 1000;
    console.log(
      `# two instances, ${granted.length} direct replies granted in ${seconds.toFixed(2)} s; worst bot debt ${botDebt.toFixed(2)} tokens`,
    );
    assert.equal(granted.length, 240);
    // Each instance alone would let 20 go at once and 40/s after: together about 120 tokens over.
    assert.ok(botDebt <= botSlack, `direct replies went ${botDebt.toFixed(2)} tokens over the bot's bucket`);
  });
});
