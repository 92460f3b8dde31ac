import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createHeartbeats, registerInstance, type Database, type SwitchboardTables } from '../platform/index.ts';
import { deliveryTables } from './tables.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../testing/harness.ts';
import { createDelivery, type Delivery, type DeliveryOptions, type DeliveryOutcome, type EnqueueInput, type OutboxRow } from './index.ts';
import {
  botChannel,
  channelDirectory,
  openTestDatabase,
  quietLogger,
  simulatorSender,
  waitFor,
  rateLimitsFor,
} from '../testing/simulated-bot.fixture.ts';

interface SeenOutcome extends DeliveryOutcome {
  id: number;
  messageId: number | null;
  /** The row's state read through the transaction handed to onOutcome. */
  stateInTransaction: string;
}

for (const engine of testEngines()) {
  describe(`delivery on ${engine}`, () => {
    const logger = quietLogger();
    const heartbeats = createHeartbeats();
    let testDb: TestDatabase;
    let database: Database<SwitchboardTables>;
    let sim: Simulator;
    let instance: Awaited<ReturnType<typeof registerInstance>>;
    let delivery: Delivery | undefined;
    let nextChannelId = 100;

    before(async () => {
      testDb = await createTestDatabase(engine);
      database = await openTestDatabase(testDb);
      sim = await startTelegramSimulator({ seed: 3 });
      instance = await registerInstance({ db: database.db, logger, heartbeats, beatMs: 1_000 });
    });
    afterEach(async () => {
      await delivery?.stop();
      delivery = undefined;
    });
    after(async () => {
      await instance.stop();
      await database.close();
      await testDb.drop();
      await sim.stop();
    });

    /** A simulated bot with `count` users who have pressed Start, connected as a channel. */
    function newBot(count: number) {
      const bot = sim.createBot();
      const users = Array.from({ length: count }, (_, index) => {
        const user = sim.createUser({ first_name: `User ${index}` });
        sim.sendText(bot.token, { from: user.id, text: '/start' });
        return user.id;
      });
      return { bot, users, channel: botChannel(nextChannelId++, bot.token) };
    }

    async function startDelivery(channels: ReturnType<typeof botChannel>[], extra: Partial<DeliveryOptions> = {}) {
      const outcomes: SeenOutcome[] = [];
      // Each row's handler, then each row's end-of-transaction step, in the order they ran.
      const steps: string[] = [];
      // The rows each call of the handler got: one call per transaction.
      const calls: number[][] = [];
      delivery = createDelivery({
        db: database.db,
        instanceId: instance.id,
        logger,
        heartbeats,
        channels: channelDirectory(channels),
        send: simulatorSender(sim.apiRoot),
        rateLimitsFor,
        async onOutcome(trx, batch) {
          calls.push(batch.map(({ row }) => row.id));
          for (const { row, outcome } of batch) {
            const { rows } = await sql<{ state: string }>`SELECT state FROM outbox WHERE id = ${row.id}`.execute(trx);
            outcomes.push({ ...outcome, id: row.id, messageId: row.message_id, stateInTransaction: rows[0]!.state });
            steps.push(`row ${row.id}`);
          }
          return { atEnd: async () => void steps.push(...batch.map(({ row }) => `end ${row.id}`)) };
        },
        ...extra,
      });
      await delivery.start();
      return { delivery, outcomes, steps, calls };
    }

    async function enqueue(target: Delivery, input: EnqueueInput) {
      const result = await database.db.transaction().execute((trx) => target.enqueue(deliveryTables(trx), input));
      target.wake(input.channelId);
      return result;
    }

    const rowInState = (target: Delivery, id: number, state: string) =>
      waitFor(async () => {
        const row = await target.find(id);
        return row?.state === state ? row : undefined;
      }, `outbox row ${id} to be ${state}`);

    test('a queued message reaches the user: sent, external id and attempt recorded, outcome reported in the same transaction', async () => {
      const { bot, users, channel } = newBot(1);
      const { delivery, outcomes } = await startDelivery([channel]);
      const { id, created } = await enqueue(delivery, {
        channelId: channel.id,
        lane: 'operator',
        message: { chatId: String(users[0]), text: 'Your order has shipped' },
        messageId: 77,
      });
      assert.equal(created, true);
      const received = await sim.waitForSent(bot.token, users[0]!, undefined, 5_000);
      assert.equal(received.text, 'Your order has shipped');
      const row = await rowInState(delivery, id, 'sent');
      assert.deepEqual(row.external_ids, [String(received.message_id)]);
      assert.equal(row.attempts, 1);
      assert.ok(row.sent_at instanceof Date);
      assert.equal(row.claimed_by, null);
      const ledger = await delivery.attempts(id);
      assert.equal(ledger.length, 1);
      assert.equal(ledger[0]!.outcome, 'sent');
      assert.equal(ledger[0]!.instance_id, instance.id);
      assert.deepEqual(ledger[0]!.external_ids, [String(received.message_id)]);
      assert.ok(ledger[0]!.duration_ms >= 0);
      assert.deepEqual(outcomes, [
        { id, messageId: 77, state: 'sent', externalIds: [String(received.message_id)], stateInTransaction: 'sent' },
      ]);
      assert.equal(heartbeats.report().find((worker) => worker.name === 'delivery')?.healthy, true);
      assert.equal(delivery.stats().sent, 1);
    });

    test("403 blocked: failed with code BLOCKED and Telegram's reason, no retry; other chats of the bot still delivered", async () => {
      const { bot, users, channel } = newBot(3);
      const [blocked, second, third] = users as [number, number, number];
      sim.blockBot(bot.token, blocked);
      const { delivery, outcomes } = await startDelivery([channel]);
      const toBlocked = await enqueue(delivery, {
        channelId: channel.id,
        lane: 'notification',
        message: { chatId: String(blocked), text: 'Invoice #1' },
      });
      const others = [
        await enqueue(delivery, { channelId: channel.id, lane: 'notification', message: { chatId: String(second), text: 'Invoice #2' } }),
        await enqueue(delivery, { channelId: channel.id, lane: 'notification', message: { chatId: String(third), text: 'Invoice #3' } }),
      ];
      const failed = await rowInState(delivery, toBlocked.id, 'failed');
      assert.equal(failed.last_error_code, 'BLOCKED');
      assert.equal(failed.last_error, 'Forbidden: bot was blocked by the user');
      assert.equal(failed.attempts, 1);
      for (const other of others) await rowInState(delivery, other.id, 'sent');
      assert.deepEqual(
        (await delivery.attempts(toBlocked.id)).map((entry) => [entry.outcome, entry.error_code, entry.description]),
        [['failed', 'BLOCKED', 'Forbidden: bot was blocked by the user']],
      );
      const outcome = outcomes.find((each) => each.id === toBlocked.id);
      assert.deepEqual([outcome?.state, outcome?.code, outcome?.reason], ['failed', 'BLOCKED', 'Forbidden: bot was blocked by the user']);
      assert.equal(sim.stats(bot.token).byMethod.sendMessage, 3);
    });

    test('the same idempotency key twice: one row, one send', async () => {
      const { bot, users, channel } = newBot(1);
      const { delivery } = await startDelivery([channel]);
      const input: EnqueueInput = {
        channelId: channel.id,
        lane: 'notification',
        message: { chatId: String(users[0]), text: 'Ticket #9 was answered' },
        idempotencyKey: 'ticket-9-comment-3',
        reference: { type: 'notification', id: 9 },
      };
      const first = await enqueue(delivery, input);
      const second = await enqueue(delivery, input);
      assert.deepEqual(second, { id: first.id, created: false });
      await rowInState(delivery, first.id, 'sent');
      const again = await enqueue(delivery, input);
      assert.deepEqual(again, { id: first.id, created: false });
      await delivery.sweep();
      const { rows } = await sql<{
        count: number;
      }>`SELECT count(*)::int AS count FROM outbox WHERE idempotency_key = 'ticket-9-comment-3'`.execute(database.db);
      assert.equal(rows[0]!.count, 1);
      assert.equal(sim.sentMessages(bot.token, users[0]!).length, 1);
      assert.equal((await delivery.find(first.id))?.reference_id, '9');
    });

    test('retry(outboxId) puts a failed row back and delivers it once the cause is gone', async () => {
      const { bot, users, channel } = newBot(1);
      const user = users[0]!;
      sim.blockBot(bot.token, user);
      const { delivery, outcomes } = await startDelivery([channel]);
      const { id } = await enqueue(delivery, {
        channelId: channel.id,
        lane: 'operator',
        message: { chatId: String(user), text: 'Are you there?' },
        messageId: 5,
      });
      await rowInState(delivery, id, 'failed');
      assert.equal((await delivery.retry(id)).status, 'requeued', 'still blocked: it fails again');
      await rowInState(delivery, id, 'failed');
      sim.unblockBot(bot.token, user);
      const result = await delivery.retry(id);
      assert.equal(result.status, 'requeued');
      const sent = await rowInState(delivery, id, 'sent');
      assert.equal(sent.attempts, 1, 'attempts start again from zero');
      assert.equal(sim.sentMessages(bot.token, user).length, 1);
      assert.deepEqual(
        (await delivery.attempts(id)).map((entry) => entry.outcome),
        ['failed', 'failed', 'sent'],
      );
      assert.deepEqual(
        outcomes.filter((each) => each.id === id).map((each) => each.state),
        ['failed', 'queued', 'failed', 'queued', 'sent'],
      );
      assert.equal((await delivery.retry(id)).status, 'not_retryable');
      assert.equal((await delivery.retry(987_654)).status, 'not_found');
    });

    test('a temporary failure is retried with backoff and keeps per-chat order: the next row waits for it', async () => {
      const { bot, users, channel } = newBot(1);
      const user = users[0]!;
      sim.failNext(bot.token, 1, '502', { methods: ['sendMessage'] });
      const { delivery, outcomes } = await startDelivery([channel], { limits: { baseDelayMs: 200 } });
      const ids: number[] = [];
      await database.db.transaction().execute(async (trx) => {
        for (const text of ['first', 'second', 'third']) {
          ids.push(
            (
              await delivery.enqueue(deliveryTables(trx), {
                channelId: channel.id,
                lane: 'operator',
                message: { chatId: String(user), text },
              })
            ).id,
          );
        }
      });
      delivery.wake(channel.id);
      for (const id of ids) await rowInState(delivery, id, 'sent');
      assert.deepEqual(
        sim.sentMessages(bot.token, user).map((message) => message.text),
        ['first', 'second', 'third'],
      );
      assert.deepEqual(
        (await delivery.attempts(ids[0]!)).map((entry) => [entry.outcome, entry.error_code, entry.description]),
        [
          ['retrying', 'TEMPORARY', 'Bad Gateway'],
          ['sent', null, null],
        ],
      );
      assert.deepEqual(
        outcomes.filter((each) => each.id === ids[0]).map((each) => [each.state, each.code ?? null]),
        [
          ['queued', 'TEMPORARY'],
          ['sent', null],
        ],
      );
    });

    test("throttle() shares the bot's per-chat limit with direct replies", async () => {
      const { channel, users } = newBot(1);
      const { delivery } = await startDelivery([channel]);
      const chat = String(users[0]);
      const started = Date.now();
      await delivery.throttle(channel.id, chat, 'interactive');
      await delivery.throttle(channel.id, chat, 'interactive');
      const burst = Date.now() - started;
      await delivery.throttle(channel.id, chat, 'interactive');
      const third = Date.now() - started;
      assert.ok(burst < 100, `the burst of two went at once (${burst} ms)`);
      assert.ok(third >= 800, `the third waited for the chat's 1 msg/s (${third} ms)`);
    });

    test('an outcome handler that throws on one row: the batch is recorded again row by row, that row without it', async () => {
      const { bot, users, channel } = newBot(6);
      const handled: number[] = [];
      const { delivery } = await startDelivery([channel], {
        async onOutcome(_trx, batch) {
          if (batch.some(({ row }) => row.message_id === 13)) throw new Error('the owner cannot take message 13');
          // Counted once committed: a transaction rolled back (its batch is then tried row by row) left nothing.
          return { afterCommit: () => void handled.push(...batch.map(({ row }) => row.message_id!)) };
        },
      });
      await database.db.transaction().execute((trx) =>
        delivery.enqueueMany(
          deliveryTables(trx),
          users.map((user, index) => ({
            channelId: channel.id,
            lane: 'operator' as const,
            message: { chatId: String(user), text: `reply ${index}` },
            messageId: 10 + index,
          })),
        ),
      );
      delivery.wake(channel.id);
      for (const user of users) await sim.waitForSent(bot.token, user, undefined, 10_000);
      const rows = await waitFor(async () => {
        const all = await database.db.selectFrom('outbox').select(['message_id', 'state']).where('channel_id', '=', channel.id).execute();
        return all.every((row) => row.state === 'sent') ? all : undefined;
      }, 'every row to be recorded as sent');
      assert.equal(rows.length, 6);
      assert.deepEqual(
        handled.sort((a, b) => a - b),
        [10, 11, 12, 14, 15],
        'every other row reached its owner, once committed',
      );
      assert.equal(sim.stats(bot.token).sent, 6, 'nothing was sent twice');
    });

    test('a disabled bot keeps its rows queued; cancelling a broadcast cancels its queued rows, every row before any end step', async () => {
      const { bot, users, channel } = newBot(3);
      const { delivery, outcomes, steps, calls } = await startDelivery([{ ...channel, isEnabled: false }]);
      await database.db.transaction().execute(async (trx) => {
        const created = await delivery.enqueueMany(
          deliveryTables(trx),
          users.map((user) => ({
            channelId: channel.id,
            lane: 'broadcast' as const,
            message: { chatId: String(user), text: 'Sale!' },
            reference: { type: 'broadcast', id: 1 },
          })),
        );
        assert.deepEqual(created, { created: 3, channelIds: [channel.id] });
      });
      delivery.wake(channel.id);
      await delivery.sweep();
      assert.deepEqual(
        (await delivery.backlog())
          .filter((entry) => entry.channel_id === channel.id)
          .map((entry) => [entry.lane, entry.state, Number(entry.count)]),
        [['broadcast', 'queued', 3]],
      );
      const cancelled = await database.db
        .transaction()
        .execute((trx) => delivery.cancel(trx, { referenceType: 'broadcast', referenceId: 1 }));
      assert.equal(cancelled, 3);
      assert.deepEqual([...new Set(outcomes.map((each) => `${each.state}/${each.code}`))], ['failed/CANCELLED']);
      // The inbox records its events (the event-order lock) in the end step: no row lock may follow it.
      const ids = outcomes.map((each) => each.id);
      assert.deepEqual(steps, [...ids.map((id) => `row ${id}`), ...ids.map((id) => `end ${id}`)]);
      // One call of the handler for the whole cancellation, its rows in id order (the owner updates them at once).
      assert.deepEqual(calls, [[...ids].sort((a, b) => a - b)]);
      assert.equal(sim.stats(bot.token).byMethod.sendMessage ?? 0, 0);
      const rows = (await database.db.selectFrom('outbox').selectAll().where('channel_id', '=', channel.id).execute()) as OutboxRow[];
      assert.deepEqual([...new Set(rows.map((row) => row.state))], ['cancelled']);
    });
  });
}
