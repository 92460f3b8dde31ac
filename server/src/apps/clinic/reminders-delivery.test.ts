// Clinic reminders through the delivery port (issues 20, 24), on both engines, against tools/telegram-sim and
// tools/fake-meta on the clinic's controlled clock: a patient on Telegram and WhatsApp (one merged contact) who
// blocked the bot gets the reminder on WhatsApp and confirms it there; the clinic's channel order with the first
// account down falls back; a patient on one messenger gets one outbox message, retried after Telegram's 500;
// each stage goes at most once, also when a claimed stage is resumed; reception's day answer says how each went.
import { createApiClient } from '../../testing/api-client.ts';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { whatsappMessage } from '@switchboard/fake-meta';
import { sql } from 'kysely';
import { testEngines } from '../../testing/harness.ts';
import { startTwoMessengers, type TwoMessengers } from '../../testing/two-messengers.fixture.ts';
import { eventually } from '../../testing/ws-client.ts';
import { importClinic } from './clinic.fixture.ts';
import { makeIin } from './iin.ts';
import { createClinicApp, type ClinicHandles } from './index.ts';

const appSecret = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const secret = 'r'.repeat(40);

for (const engine of testEngines()) {
  describe(`clinic reminders through delivery on ${engine}`, () => {
    let world: TwoMessengers;
    let handles: ClinicHandles;
    let clockMs = Date.parse('2030-03-04T03:00:00Z'); // Mon 4 March 2030, 08:00 in Almaty
    const clock = () => new Date(clockMs);
    const at = async (iso: string) => {
      clockMs = Date.parse(iso);
      await handles.sweep();
    };

    before(async () => {
      const clinic = createClinicApp({ clock, expose: (exposed) => void (handles = exposed) });
      world = await startTwoMessengers(engine, {
        apps: [clinic],
        clock,
        deliveryLimits: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 40 },
      });
      for (const id of [world.botChannelId, world.whatsappChannelId])
        assert.equal((await world.admin.patch(`/api/accounts/${id}`, { apps: ['clinic'] })).status, 200);
      await importClinic(world.admin);
      assert.equal((await world.admin.post('/api/clinic/integrations', { name: 'reminder test', secret })).status, 201);
    });
    after(async () => {
      await world?.stop();
    });

    // The clinic's integrations call with their shared secret as a bearer token.
    const bot = (method: string, path: string, body: unknown) =>
      createApiClient(world.server.url).request(method, path, { body, headers: { authorization: `Bearer ${secret}` } });

    /** A patient registered for the Telegram user, booked with Иванова at `startsAt` (clinic time, +05:00). */
    async function patientBooked(user: { id: number }, birth: string, startsAt: string, language: 'ru' | 'kk' = 'ru') {
      const upserted = await bot('POST', '/api/bot/patient/upsert/', {
        telegram_user_id: String(user.id),
        iin: makeIin(birth, 'F'),
        first_name: 'Алия',
        last_name: `Пациент ${user.id}`,
        birth_date: birth,
        sex: 'F',
        language,
        consents: { personal_data: true, medical: true, marketing: false },
      });
      assert.equal(upserted.status, 201, JSON.stringify(upserted.body));
      const catalogue = (await world.admin.get('/api/clinic/catalogue')).body;
      const service = catalogue.services.find(
        (each: any) => each.name_ru === 'Приём терапевта' && each.branch_id === catalogue.branches[0].id,
      );
      const doctor = catalogue.doctors.find((each: any) => each.full_name === 'Иванова Анна Петровна');
      const booked = await bot('POST', '/api/bot/appointments/', {
        telegram_user_id: String(user.id),
        service_id: service.id,
        doctor_id: doctor.id,
        starts_at: startsAt,
      });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      return booked.body.id as number;
    }

    /** The customer writes on both messengers and staff merge the two contacts into one person. */
    async function onBoth(name: string, waId: string, telegramLast: boolean) {
      const user = world.sim.createUser({ first_name: name, language_code: 'ru' });
      const first = telegramLast
        ? await world.whatsappWrites(waId, name, `${name} on WhatsApp`)
        : await world.telegramWrites(user, `${name} on Telegram`);
      const second = telegramLast
        ? await world.telegramWrites(user, `${name} on Telegram`)
        : await world.whatsappWrites(waId, name, `${name} on WhatsApp`);
      const merged = await world.admin.post(`/api/contacts/${second.contactId}/merge`, { duplicate_id: first.contactId });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      return user;
    }

    const reminderRow = async (appointmentId: number, stage: string) =>
      (
        await sql<any>`SELECT delivery, cascade_id, outbox_id, delivered_channel_id FROM clinic_reminders WHERE appointment_id = ${appointmentId} AND stage = ${stage}`.execute(
          world.server.switchboard.database.db,
        )
      ).rows[0];
    const shownOn = async (day: string, appointmentId: number) => {
      const answer = await world.admin.get(`/api/clinic/appointments?date=${day}`);
      assert.equal(answer.status, 200);
      return answer.body.results.find((row: any) => row.id === appointmentId).reminders as any[];
    };
    const whatsappSent = (waId: string) => world.meta.control.whatsappSent({ to: waId }).map((sent) => sent.payload as any);

    test('the patient blocked the Telegram bot: the reminder falls back to WhatsApp, whose button confirms the visit', async () => {
      const waId = '77031110001';
      const user = await onBoth('Blocked', waId, true);
      const appointmentId = await patientBooked(user, '1990-01-11', '2030-03-05T10:00:00+05:00');
      world.sim.blockBot(world.botToken, user.id);
      // The clinic's order names Telegram first. (Without it the messenger written in last goes first, by the
      // platforms' own stamps: WhatsApp's follow this test's 2030 clock, the simulator's the real one.)
      assert.equal((await world.admin.put('/api/apps/clinic/settings', { reminder_channel_ids: [world.botChannelId] })).status, 200);

      await at('2030-03-04T05:00:00Z'); // Mon 10:00: D-1
      const reminder = await eventually(
        () =>
          whatsappSent(waId).find(
            (payload) => payload.type === 'interactive' && /завтра, 05\.03\.2030 в 10:00/.test(payload.interactive.body.text),
          ),
        20_000,
        'the reminder at Meta',
      );
      const buttons = reminder.interactive.action.buttons.map((button: any) => button.reply);
      assert.deepEqual(
        buttons.map((button: any) => button.title),
        ['✅ Приду', '🔁 Перенести', '❌ Отменить'],
      );
      const row = await eventually(async () => {
        await handles.sweep();
        const read = await reminderRow(appointmentId, 'd1');
        return read.delivery === 'delivered' && read;
      });
      assert.equal(row.delivered_channel_id, world.whatsappChannelId);
      const cascade = (await world.admin.get(`/api/delivery/cascades/${row.cascade_id}`)).body;
      assert.deepEqual(
        cascade.steps.map((step: any) => [step.channel_id, step.outcome, step.error_code]),
        [
          [world.botChannelId, 'failed', 'BLOCKED'],
          [world.whatsappChannelId, 'sent', null],
        ],
      );
      const shown = await shownOn('2030-03-05', appointmentId);
      assert.deepEqual(
        shown.map((each) => [each.stage, each.delivery, each.channel_id]),
        [['d1', 'delivered', world.whatsappChannelId]],
      );

      // The press on WhatsApp reaches the clinic's flow: the visit is confirmed and the answer comes on WhatsApp.
      const press = world.meta.control.whatsappInbound({
        phoneNumberId: world.phone.id,
        senders: [{ name: 'Blocked', wa_id: waId }],
        messages: [whatsappMessage.buttonReply(waId, buttons[0], {})],
      });
      assert.equal(
        (await world.meta.control.sendWebhook({ url: `${world.server.url}/webhooks/whatsapp`, payload: press, appSecret })).status,
        200,
      );
      await eventually(
        () => whatsappSent(waId).some((payload) => payload.text?.body === 'Спасибо, ждём вас!'),
        20_000,
        'the thanks on WhatsApp',
      );
      const status = (await world.admin.get('/api/clinic/appointments?date=2030-03-05')).body.results.find(
        (each: any) => each.id === appointmentId,
      ).status;
      assert.equal(status, 'confirmed');

      // Later sweeps send the stage no more: one cascade, one message.
      await at('2030-03-04T05:01:00Z');
      // (The clinic's welcome menu, sent when the patient first wrote on WhatsApp, is interactive too: count reminders only.)
      const reminders = whatsappSent(waId).filter(
        (payload) => payload.type === 'interactive' && /завтра, 05\.03\.2030 в 10:00/.test(payload.interactive.body.text),
      );
      assert.equal(reminders.length, 1);
      const cascades = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM delivery_cascades WHERE idempotency_key = ${`clinic-reminder:${appointmentId}:d1`}`.execute(
        world.server.switchboard.database.db,
      );
      assert.equal(cascades.rows[0]!.n, 1);
    });

    test('the clinic’s order puts WhatsApp first and it is down: Telegram delivers, its button works; the H-3 moved by quiet hours says the day (kk)', async () => {
      const waId = '77031110002';
      const user = await onBoth('Down', waId, true);
      const appointmentId = await patientBooked(user, '1991-02-12', '2030-03-05T09:30:00+05:00', 'kk');
      assert.equal((await world.admin.put('/api/apps/clinic/settings', { reminder_channel_ids: [world.whatsappChannelId] })).status, 200);
      assert.equal((await world.admin.patch(`/api/accounts/${world.whatsappChannelId}`, { is_enabled: false })).status, 200);
      try {
        await at('2030-03-04T15:59:00Z'); // Mon 20:59: H-3 of the Tue 09:30 visit (06:30, quiet hours) moved here
        const moved = await world.sim.waitForSent(
          world.botToken,
          user.id,
          (message) => /ертең, 05\.03\.2030 сағат 09:30-да/.test(message.text ?? ''),
          20_000,
        );
        assert.doesNotMatch(moved.text ?? '', /3 сағаттан кейін/);
        const row = await eventually(async () => {
          await handles.sweep();
          const read = await reminderRow(appointmentId, 'h3');
          return read.delivery === 'delivered' && read;
        });
        assert.equal(row.delivered_channel_id, world.botChannelId);
        const cascade = (await world.admin.get(`/api/delivery/cascades/${row.cascade_id}`)).body;
        assert.deepEqual(
          cascade.steps.map((step: any) => [step.channel_id, step.outcome, step.error_code]),
          [
            [world.whatsappChannelId, 'down', 'CHANNEL_DOWN'],
            [world.botChannelId, 'sent', null],
          ],
        );
        world.sim.pressButton(world.botToken, { from: user.id, message_id: moved.message_id, text: '✅ Келемін' });
        await world.sim.waitForSent(world.botToken, user.id, (message) => /Рақмет, сізді күтеміз/.test(message.text ?? ''), 20_000);
      } finally {
        await world.admin.patch(`/api/accounts/${world.whatsappChannelId}`, { is_enabled: true });
        await world.admin.put('/api/apps/clinic/settings', { reminder_channel_ids: [] });
      }
    });

    test('on one messenger: one outbox message, retried after Telegram’s 500; a claimed stage is resumed once', async () => {
      const user = world.sim.createUser({ first_name: 'Single', language_code: 'ru' });
      await world.telegramWrites(user, 'Single on Telegram');
      const appointmentId = await patientBooked(user, '1992-03-13', '2030-03-08T11:30:00+05:00');
      world.sim.failNext(world.botToken, 1, '500', { methods: ['sendMessage'] });
      await at('2030-03-07T06:30:00Z'); // Thu 11:30: D-1
      await world.sim.waitForSent(world.botToken, user.id, (message) => /завтра, 08\.03\.2030 в 11:30/.test(message.text ?? ''), 20_000);
      const row = await eventually(async () => {
        await handles.sweep();
        const read = await reminderRow(appointmentId, 'd1');
        return read.delivery === 'delivered' && read;
      });
      assert.equal(row.cascade_id, null);
      assert.deepEqual(
        (await world.server.switchboard.delivery.attempts(Number(row.outbox_id))).map((attempt) => [attempt.outcome, attempt.error_code]),
        [
          ['retrying', 'TEMPORARY'],
          ['sent', null],
        ],
      );

      // Fri 08:30, H-3: a crash between the claim and the hand-over leaves the row claimed and nothing queued;
      // the first sweep after the restart hands it over once, later ones send nothing more.
      clockMs = Date.parse('2030-03-08T03:30:00Z');
      await sql`INSERT INTO clinic_reminders (appointment_id, stage, outcome, at, delivery) VALUES (${appointmentId}, 'h3', 'sent', ${new Date(clockMs)}, 'claimed')`.execute(
        world.server.switchboard.database.db,
      );
      const count = () =>
        world.sim.sentMessages(world.botToken, user.id).filter((message) => /Через 3 часа|Напоминаем/.test(message.text ?? '')).length;
      await handles.sweep();
      await world.sim.waitForSent(world.botToken, user.id, (message) => /Через 3 часа, в 11:30/.test(message.text ?? ''), 20_000);
      await eventually(async () => {
        await handles.sweep();
        return (await reminderRow(appointmentId, 'h3')).delivery === 'delivered';
      });
      await at('2030-03-08T03:31:00Z');
      const outbox = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM outbox WHERE idempotency_key LIKE ${`clinic-reminder:${appointmentId}:%`}`.execute(
        world.server.switchboard.database.db,
      );
      assert.equal(outbox.rows[0]!.n, 2, 'D-1 and H-3, one row each');
      assert.equal(count(), 2);
      const shown = await shownOn('2030-03-08', appointmentId);
      assert.deepEqual(
        shown.map((each) => [each.stage, each.delivery]),
        [
          ['d1', 'delivered'],
          ['h3', 'delivered'],
        ],
      );
    });

    test('ticket .ics files are removed by the sweep once an hour old; newer ones stay', async () => {
      const folder = path.join(os.tmpdir(), 'switchboard-clinic-tickets');
      fs.mkdirSync(folder, { recursive: true });
      const old = path.join(folder, `appointment-test-${process.pid}-old.ics`);
      const fresh = path.join(folder, `appointment-test-${process.pid}-fresh.ics`);
      fs.writeFileSync(old, 'BEGIN:VCALENDAR');
      fs.writeFileSync(fresh, 'BEGIN:VCALENDAR');
      const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
      fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
      try {
        await handles.sweep();
        assert.equal(fs.existsSync(old), false, 'the old ticket file is gone');
        assert.equal(fs.existsSync(fresh), true, 'a ticket file still being sent stays');
      } finally {
        fs.rmSync(old, { force: true });
        fs.rmSync(fresh, { force: true });
      }
    });
  });
}
