// Cascading delivery (issue 24) on both engines, against tools/fake-meta (WhatsApp) and tools/telegram-sim: the
// first channel fails in each way — reply window closed (refused before sending), blocked (403 from Telegram),
// failed after the retry policy (Meta's 5xx past the attempts), the account disabled — and the second delivers;
// the steps and the delivery ledger record each channel's outcome; per-chat order holds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '../testing/harness.ts';
import { createReminderApp, sendReminder } from '../testing/reminder-app.fixture.ts';
import { startTwoMessengers, type TwoMessengers } from '../testing/two-messengers.fixture.ts';
import { eventually } from '../testing/ws-client.ts';

for (const engine of testEngines()) {
  describe(`cascading delivery on ${engine}`, () => {
    let world: TwoMessengers;
    const reminders = createReminderApp();
    // Two quick attempts: a temporary failure is given up within the test.
    before(async () => {
      world = await startTwoMessengers(engine, {
        deliveryLimits: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 40 },
        apps: [reminders.definition],
      });
    });
    after(async () => {
      await world?.stop();
    });

    /** A customer on both messengers: their Telegram user id and WhatsApp id. */
    async function customer(name: string, waId: string, whatsappSecondsAgo = 0) {
      const user = world.sim.createUser({ first_name: name });
      await world.telegramWrites(user, `${name} on Telegram`);
      await world.whatsappWrites(waId, name, `${name} on WhatsApp`, whatsappSecondsAgo);
      return { user, waId };
    }

    const cascade = async (text: string, channels: Array<{ channel_id: number; chat_id: string }>) => {
      const started = await world.admin.post('/api/delivery/cascades', { text, channels });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      return started.body.id as number;
    };
    const settled = (id: number) =>
      eventually(
        async () => {
          const status = (await world.admin.get(`/api/delivery/cascades/${id}`)).body;
          return status.state !== 'pending' && status;
        },
        20_000,
        `cascade ${id} settled`,
      );
    const ledger = async (outboxId: number) =>
      (await world.server.switchboard.delivery.attempts(outboxId)).map((attempt) => [attempt.outcome, attempt.error_code]);
    const whatsappTexts = (waId: string) => world.meta.control.whatsappSent({ to: waId }).map((sent) => (sent.payload as any).text?.body);
    const telegramTexts = (userId: number) => world.sim.sentMessages(world.botToken, userId).map((message) => message.text);

    test('WhatsApp’s window is closed: refused before sending, Telegram delivers', async () => {
      const { user, waId } = await customer('Window', '77030000001', 25 * 60 * 60);
      const id = await cascade('Your appointment is tomorrow at 10:00', [
        { channel_id: world.whatsappChannelId, chat_id: waId },
        { channel_id: world.botChannelId, chat_id: String(user.id) },
      ]);
      const status = await settled(id);
      assert.equal(status.state, 'delivered');
      assert.equal(status.delivered_channel_id, world.botChannelId);
      assert.deepEqual(
        status.steps.map((step: any) => [step.channel_id, step.outcome, step.error_code, step.attempts]),
        [
          [world.whatsappChannelId, 'refused', 'window_closed', 0],
          [world.botChannelId, 'sent', null, 1],
        ],
      );
      assert.match(status.steps[0].error, /24 hours/);
      assert.equal(status.steps[0].outbox_id, null, 'nothing was queued on WhatsApp');
      assert.deepEqual(await ledger(status.steps[1].outbox_id), [['sent', null]]);
      assert.ok(telegramTexts(user.id).includes('Your appointment is tomorrow at 10:00'));
      assert.ok(!whatsappTexts(waId).includes('Your appointment is tomorrow at 10:00'));
    });

    test('the customer blocked the Telegram bot (403): WhatsApp delivers', async () => {
      const { user, waId } = await customer('Blocked', '77030000002');
      world.sim.blockBot(world.botToken, user.id);
      const id = await cascade('Your courier is on the way', [
        { channel_id: world.botChannelId, chat_id: String(user.id) },
        { channel_id: world.whatsappChannelId, chat_id: waId },
      ]);
      const status = await settled(id);
      assert.equal(status.delivered_channel_id, world.whatsappChannelId);
      assert.deepEqual(
        status.steps.map((step: any) => [step.outcome, step.error_code]),
        [
          ['failed', 'BLOCKED'],
          ['sent', null],
        ],
      );
      assert.deepEqual(await ledger(status.steps[0].outbox_id), [['failed', 'BLOCKED']]);
      assert.deepEqual(await ledger(status.steps[1].outbox_id), [['sent', null]]);
      await eventually(() => whatsappTexts(waId).includes('Your courier is on the way'), 10_000, 'the WhatsApp message at Meta');
    });

    test('WhatsApp fails after the retry policy (5xx on every attempt): Telegram delivers', async () => {
      const { user, waId } = await customer('Flaky', '77030000003');
      world.meta.control.injectFault({
        fault: { kind: 'status', status: 503 },
        count: 2,
        method: 'POST',
        pathPrefix: `/graph.facebook.com/v21.0/${world.phone.id}/messages`,
      });
      const id = await cascade('Your results are ready', [
        { channel_id: world.whatsappChannelId, chat_id: waId },
        { channel_id: world.botChannelId, chat_id: String(user.id) },
      ]);
      const status = await settled(id);
      assert.equal(status.delivered_channel_id, world.botChannelId);
      assert.deepEqual(
        status.steps.map((step: any) => [step.outcome, step.error_code, step.attempts]),
        [
          ['failed', 'TEMPORARY', 2],
          ['sent', null, 1],
        ],
      );
      assert.deepEqual(await ledger(status.steps[0].outbox_id), [
        ['retrying', 'TEMPORARY'],
        ['failed', 'TEMPORARY'],
      ]);
      assert.ok(telegramTexts(user.id).includes('Your results are ready'));
    });

    test('the WhatsApp account is disabled: Telegram delivers; every channel failing exhausts the cascade', async () => {
      const { user, waId } = await customer('Down', '77030000004');
      assert.equal((await world.admin.patch(`/api/accounts/${world.whatsappChannelId}`, { is_enabled: false })).status, 200);
      try {
        const id = await cascade('Your order shipped', [
          { channel_id: world.whatsappChannelId, chat_id: waId },
          { channel_id: world.botChannelId, chat_id: String(user.id) },
        ]);
        const status = await settled(id);
        assert.equal(status.delivered_channel_id, world.botChannelId);
        assert.deepEqual(
          status.steps.map((step: any) => [step.outcome, step.error_code]),
          [
            ['down', 'CHANNEL_DOWN'],
            ['sent', null],
          ],
        );
        assert.match(status.steps[0].error, /disabled/);

        world.sim.blockBot(world.botToken, user.id);
        const none = await settled(
          await cascade('Nobody hears this', [
            { channel_id: world.whatsappChannelId, chat_id: waId },
            { channel_id: world.botChannelId, chat_id: String(user.id) },
          ]),
        );
        assert.equal(none.state, 'exhausted');
        assert.equal(none.delivered_channel_id, null);
        assert.deepEqual(
          none.steps.map((step: any) => step.outcome),
          ['down', 'failed'],
        );
      } finally {
        await world.admin.patch(`/api/accounts/${world.whatsappChannelId}`, { is_enabled: true });
      }
    });

    test('an app sends through the delivery port and reads back which channel delivered', async () => {
      const { user, waId } = await customer('Ported', '77030000006', 25 * 60 * 60);
      const context = reminders.context();
      const reminder = {
        id: 41,
        text: 'Reminder: dentist at 09:30',
        channels: [
          { channelId: world.whatsappChannelId, chatId: waId },
          { channelId: world.botChannelId, chatId: String(user.id) },
        ],
      };
      const id = await sendReminder(context, reminder);
      assert.equal(await sendReminder(context, reminder), id, 'the same reminder is one cascade');
      const status = await eventually(async () => {
        const read = await context.delivery.cascadeStatus(id);
        return read?.state === 'delivered' && read;
      });
      assert.equal(status.delivered_channel_id, world.botChannelId);
      assert.deepEqual(
        status.steps.map((step) => step.outcome),
        ['refused', 'sent'],
      );
      const ledger = await context.delivery.ledger([status.steps[1]!.outbox_id!]);
      assert.equal(ledger.get(status.steps[1]!.outbox_id!)?.state, 'sent');
      assert.equal(telegramTexts(user.id).filter((text) => text === 'Reminder: dentist at 09:30').length, 1);
      assert.equal(await context.delivery.cascadeStatus(999_999), null);
    });

    test('per-chat order holds when messages fall back, a repeated key sends once, bad input is a precise 4xx', async () => {
      const { user, waId } = await customer('Ordered', '77030000005', 25 * 60 * 60);
      const texts = ['first', 'second', 'third', 'fourth'];
      const ids = [];
      for (const text of texts)
        ids.push(
          await cascade(`Ordered ${text}`, [
            { channel_id: world.whatsappChannelId, chat_id: waId },
            { channel_id: world.botChannelId, chat_id: String(user.id) },
          ]),
        );
      for (const id of ids) assert.equal((await settled(id)).delivered_channel_id, world.botChannelId);
      assert.deepEqual(
        telegramTexts(user.id).filter((text) => text?.startsWith('Ordered ')),
        texts.map((text) => `Ordered ${text}`),
      );

      const body = {
        text: 'Once',
        channels: [{ channel_id: world.botChannelId, chat_id: String(user.id) }],
        idempotency_key: 'reminder-7',
      };
      const first = await world.admin.post('/api/delivery/cascades', body);
      const again = await world.admin.post('/api/delivery/cascades', body);
      assert.equal(first.status, 201);
      assert.equal(again.status, 200);
      assert.equal(again.body.id, first.body.id);
      await settled(first.body.id);
      assert.equal(telegramTexts(user.id).filter((text) => text === 'Once').length, 1);

      const empty = await world.admin.post('/api/delivery/cascades', { text: 'x', channels: [] });
      assert.equal(empty.status, 400);
      assert.match(empty.body.error.message, /at least one channel/);
      const unknown = await world.admin.post('/api/delivery/cascades', { text: 'x', channels: [{ channel_id: 999_999, chat_id: '1' }] });
      assert.equal(unknown.status, 422);
      assert.match(unknown.body.error.message, /no account 999999/);
      assert.equal((await world.admin.get('/api/delivery/cascades/999999')).status, 404);
    });
  });
}
