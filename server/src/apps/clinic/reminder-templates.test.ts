// Messages the clinic starts on an account that needs templates outside the reply window (issue 23), on both
// engines against tools/fake-meta and tools/telegram-sim: a patient whose WhatsApp window closed gets the reminder
// as the template the clinic declared, its variables the visit's details and its quick replies the reminder's
// answers (a press confirms the visit); with none declared, the WhatsApp step is refused with the reason and
// Telegram delivers, or, WhatsApp being the patient's only account, the reminder fails with that reason and nothing
// reaches Meta; at start, an account that needs templates for purposes with none declared is logged and shown in system health.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeMeta, whatsappMessage } from '@switchboard/fake-meta';
import { sql } from 'kysely';
import { signInWithToken, createApiClient } from '../../testing/api-client.ts';
import { createTestDatabase, startTestServer, testAdmin, testEngines } from '../../testing/harness.ts';
import { startTwoMessengers, type TwoMessengers } from '../../testing/two-messengers.fixture.ts';
import { eventually } from '../../testing/ws-client.ts';
import { importClinic } from './clinic.fixture.ts';
import { makeIin } from './iin.ts';
import { createClinicApp, type ClinicHandles } from './index.ts';

const appSecret = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const secret = 't'.repeat(40);
const dayAgo = 25 * 3600;
const declared = { reminder: { name: 'visit_reminder', parameters: ['day', 'time', 'doctor'] } };

for (const engine of testEngines()) {
  describe(`clinic messages outside the WhatsApp window on ${engine}`, () => {
    let world: TwoMessengers;
    let handles: ClinicHandles;
    let clockMs = Date.parse('2030-03-04T03:00:00Z'); // Mon 4 March 2030, 08:00 in Almaty
    const at = async (iso: string) => {
      clockMs = Date.parse(iso);
      await handles.sweep();
    };

    before(async () => {
      const clock = () => new Date(clockMs);
      const clinic = createClinicApp({ clock, expose: (exposed) => void (handles = exposed) });
      world = await startTwoMessengers(engine, { apps: [clinic], clock });
      for (const id of [world.botChannelId, world.whatsappChannelId])
        assert.equal((await world.admin.patch(`/api/accounts/${id}`, { apps: ['clinic'] })).status, 200);
      await importClinic(world.admin);
      assert.equal((await world.admin.post('/api/clinic/integrations', { name: 'template test', secret })).status, 201);
      world.meta.control.seedTemplate({
        wabaId: world.phone.wabaId,
        name: 'visit_reminder',
        language: 'ru',
        components: [
          { type: 'BODY', text: 'Напоминаем о приёме {{1}} в {{2}}, врач {{3}}. Вы придёте?' },
          {
            type: 'BUTTONS',
            buttons: [
              { type: 'QUICK_REPLY', text: 'Приду' },
              { type: 'QUICK_REPLY', text: 'Перенести' },
              { type: 'QUICK_REPLY', text: 'Отменить' },
            ],
          },
        ],
      });
      const synced = await world.admin.post(`/api/accounts/${world.whatsappChannelId}/templates/sync`);
      assert.equal(synced.status, 200, JSON.stringify(synced.body));
      const settings = { reminder_channel_ids: [world.whatsappChannelId], message_templates: declared };
      assert.equal((await world.admin.put('/api/apps/clinic/settings', settings)).status, 200);
    });
    after(async () => {
      await world?.stop();
    });

    // The clinic's integrations call with their shared secret as a bearer token.
    const bot = (path: string, body: unknown) =>
      createApiClient(world.server.url).request('POST', path, { body, headers: { authorization: `Bearer ${secret}` } });

    /** A patient who wrote on WhatsApp a day ago (its window closed) and on Telegram, merged into one contact, booked at `startsAt`. */
    async function patientBooked(name: string, waId: string, birth: string, startsAt: string) {
      const user = world.sim.createUser({ first_name: name, language_code: 'ru' });
      const onWhatsApp = await world.whatsappWrites(waId, name, `${name} on WhatsApp`, dayAgo);
      world.meta.control.setLastInbound({ businessId: world.phone.id, customerId: waId, at: Date.now() - dayAgo * 1000 });
      const onTelegram = await world.telegramWrites(user, `${name} on Telegram`);
      const merged = await world.admin.post(`/api/contacts/${onTelegram.contactId}/merge`, { duplicate_id: onWhatsApp.contactId });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      const upserted = await bot('/api/bot/patient/upsert/', {
        telegram_user_id: String(user.id),
        iin: makeIin(birth, 'F'),
        first_name: name,
        last_name: 'Пациент',
        birth_date: birth,
        sex: 'F',
        language: 'ru',
        consents: { personal_data: true, medical: true, marketing: false },
      });
      assert.equal(upserted.status, 201, JSON.stringify(upserted.body));
      const catalogue = (await world.admin.get('/api/clinic/catalogue')).body;
      const service = catalogue.services.find(
        (each: any) => each.name_ru === 'Приём терапевта' && each.branch_id === catalogue.branches[0].id,
      );
      const doctor = catalogue.doctors.find((each: any) => each.full_name === 'Иванова Анна Петровна');
      const booked = await bot('/api/bot/appointments/', {
        telegram_user_id: String(user.id),
        service_id: service.id,
        doctor_id: doctor.id,
        starts_at: startsAt,
      });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      return { user, appointmentId: booked.body.id as number };
    }

    const reminderRow = async (appointmentId: number) =>
      (
        await sql<any>`SELECT delivery, cascade_id, delivered_channel_id, delivery_error FROM clinic_reminders WHERE appointment_id = ${appointmentId} AND stage = 'd1'`.execute(
          world.server.switchboard.database.db,
        )
      ).rows[0];
    const settled = (appointmentId: number) =>
      eventually(async () => {
        await handles.sweep();
        const row = await reminderRow(appointmentId);
        return row && row.delivery !== 'pending' && row.delivery !== 'claimed' && row;
      });
    const sentTo = (waId: string) => world.meta.control.whatsappSent({ to: waId }).map((sent) => sent.payload as any);
    // (The clinic's welcome menu answers the patient's first WhatsApp message: only what names the visit counts.)
    const aboutVisit = (waId: string, day: string) =>
      sentTo(waId).filter((payload) => payload.type === 'template' || JSON.stringify(payload).includes(day));

    test('the window closed: the reminder goes as the declared template with the visit’s details, and its quick reply confirms', async () => {
      const waId = '77032220001';
      const { appointmentId } = await patientBooked('Шаблон', waId, '1990-03-11', '2030-03-05T10:00:00+05:00');
      await at('2030-03-04T05:00:00Z'); // Mon 10:00: D-1
      const sent = await eventually(() => sentTo(waId).find((payload) => payload.type === 'template'), 20_000, 'the template at Meta');
      assert.equal(sent.template.name, 'visit_reminder');
      assert.equal(sent.template.language.code, 'ru');
      const body = sent.template.components.find((component: any) => component.type === 'body');
      assert.deepEqual(
        body.parameters.map((parameter: any) => parameter.text),
        ['05.03.2030', '10:00', 'Иванова Анна Петровна'],
      );
      const payloads = sent.template.components
        .filter((component: any) => component.type === 'button')
        .map((component: any) => [component.sub_type, component.index, component.parameters[0].payload]);
      assert.deepEqual(payloads, [
        ['quick_reply', '0', `r:yes:${appointmentId}`],
        ['quick_reply', '1', `r:move:${appointmentId}`],
        ['quick_reply', '2', `r:no:${appointmentId}`],
      ]);
      assert.ok(!sentTo(waId).some((payload) => payload.type === 'interactive' && /05\.03\.2030/.test(payload.interactive.body.text)));
      const row = await settled(appointmentId);
      assert.equal(row.delivery, 'delivered');
      assert.equal(row.delivered_channel_id, world.whatsappChannelId);

      // The patient presses the template's first quick reply: Meta sends type "button" with our payload.
      const wamid = world.meta.control.whatsappSent({ to: waId }).find((message) => message.type === 'template')!.id;
      const press = world.meta.control.whatsappInbound({
        phoneNumberId: world.phone.id,
        senders: [{ name: 'Шаблон', wa_id: waId }],
        messages: [
          whatsappMessage.templateButton(
            waId,
            { payload: `r:yes:${appointmentId}`, text: 'Приду' },
            { context: { from: world.phone.id, id: wamid } },
          ),
        ],
      });
      const answer = await world.meta.control.sendWebhook({ url: `${world.server.url}/webhooks/whatsapp`, payload: press, appSecret });
      assert.equal(answer.status, 200);
      await eventually(() => sentTo(waId).some((payload) => payload.text?.body === 'Спасибо, ждём вас!'), 20_000, 'the thanks');
      const day = (await world.admin.get('/api/clinic/appointments?date=2030-03-05')).body.results;
      assert.equal(day.find((each: any) => each.id === appointmentId).status, 'confirmed');
    });

    test('none declared: the WhatsApp step is refused with the reason and Telegram delivers', async () => {
      const malformed = await world.admin.put('/api/apps/clinic/settings', {
        message_templates: { reminder: { name: 'Visit Reminder!', parameters: ['weather'] } },
      });
      assert.equal(malformed.status, 400);
      assert.match(JSON.stringify(malformed.body), /message_templates/);
      assert.equal((await world.admin.put('/api/apps/clinic/settings', { message_templates: {} })).status, 200);
      const waId = '77032220002';
      const { user, appointmentId } = await patientBooked('Безшаблона', waId, '1991-04-12', '2030-03-05T11:30:00+05:00');
      await at('2030-03-04T06:30:00Z'); // Mon 11:30: D-1
      await world.sim.waitForSent(world.botToken, user.id, (message) => /05\.03\.2030 в 11:30/.test(message.text ?? ''));
      const row = await settled(appointmentId);
      assert.equal(row.delivered_channel_id, world.botChannelId);
      const cascade = (await world.admin.get(`/api/delivery/cascades/${row.cascade_id}`)).body;
      const [first, second] = cascade.steps;
      assert.deepEqual([first.channel_id, first.outcome, first.error_code], [world.whatsappChannelId, 'refused', 'template_not_declared']);
      assert.match(first.error, /more than 24 hours ago.*No template is declared for “clinic\.reminder”/s);
      assert.deepEqual([second.channel_id, second.outcome], [world.botChannelId, 'sent']);
      assert.deepEqual(aboutVisit(waId, '11:30'), [], 'the reminder did not go to Meta');
    });

    test('none declared and WhatsApp the only account: the reminder fails with the reason, nothing reaches Meta', async () => {
      assert.equal((await world.admin.patch(`/api/accounts/${world.botChannelId}`, { apps: [] })).status, 200);
      try {
        const waId = '77032220003';
        const { appointmentId } = await patientBooked('Одинокий', waId, '1992-05-13', '2030-03-05T12:00:00+05:00');
        await at('2030-03-04T07:00:00Z'); // Mon 12:00: D-1
        const row = await settled(appointmentId);
        assert.equal(row.delivery, 'failed');
        assert.equal(row.cascade_id, null);
        assert.match(row.delivery_error, /^INVALID_INPUT: .*No template is declared for “clinic\.reminder”/s);
        assert.deepEqual(aboutVisit(waId, '12:00'), [], 'the reminder did not go to Meta');
      } finally {
        assert.equal((await world.admin.patch(`/api/accounts/${world.botChannelId}`, { apps: ['clinic'] })).status, 200);
      }
    });
    test('a declared template Meta would refuse (other variable counts) is refused with the reason; Telegram delivers', async () => {
      const oneValue = { reminder: { name: 'visit_reminder', parameters: ['day'] } };
      assert.equal((await world.admin.put('/api/apps/clinic/settings', { message_templates: oneValue })).status, 200);
      const waId = '77032220004';
      const { user, appointmentId } = await patientBooked('Неполный', waId, '1993-06-14', '2030-03-05T12:30:00+05:00');
      await at('2030-03-04T07:30:00Z'); // Mon 12:30: D-1
      await world.sim.waitForSent(world.botToken, user.id, (message) => /05\.03\.2030 в 12:30/.test(message.text ?? ''));
      const row = await settled(appointmentId);
      const [first] = (await world.admin.get(`/api/delivery/cascades/${row.cascade_id}`)).body.steps;
      assert.deepEqual([first.channel_id, first.outcome, first.error_code], [world.whatsappChannelId, 'refused', 'template_variables']);
      assert.match(first.error, /“visit_reminder” \(ru\) takes 0 header and 3 body values; 0 and 1 were given/);
      assert.deepEqual(aboutVisit(waId, '12:30'), [], 'the reminder did not go to Meta');
    });
  });

  describe(`the clinic's start check of declared templates on ${engine}`, () => {
    test('an account that needs templates is named at start with the purposes that have none', async () => {
      const meta = await startFakeMeta();
      const phone = meta.control.seedWhatsAppNumber({ verified_name: 'Clinic' });
      const database = await createTestDatabase(engine);
      const env = { META_GRAPH_URL: meta.whatsappUrl };
      try {
        const first = await startTestServer(engine, env, database, { apps: [createClinicApp()] });
        try {
          const admin = await signInWithToken(first.url, testAdmin);
          const created = await admin.post('/api/accounts', {
            name: 'Clinic WhatsApp',
            account_type: 'whatsapp',
            phone_number_id: phone.id,
            waba_id: phone.wabaId,
            access_token: phone.accessToken,
            app_secret: appSecret,
            verify_token: 'start-check-verify',
          });
          assert.equal(created.status, 201, JSON.stringify(created.body));
          assert.equal((await admin.patch(`/api/accounts/${created.body.id}`, { apps: ['clinic'] })).status, 200);
          assert.equal((await admin.put('/api/apps/clinic/settings', { message_templates: declared })).status, 200);
        } finally {
          await first.stop({ keepData: true });
        }
        const again = await startTestServer(engine, env, database, { apps: [createClinicApp()] });
        try {
          const warned = again
            .logs()
            .map((line) => JSON.parse(line))
            .filter((line) => String(line.msg).startsWith('clinic: account “Clinic WhatsApp”'));
          assert.equal(warned.length, 1, JSON.stringify(warned));
          assert.deepEqual(warned[0].purposes, ['arrival', 'nps', 'document']);
          assert.match(warned[0].msg, /no template is declared for arrival, nps, document/);
          // System health keeps saying it (the log is said once).
          const status = await (await signInWithToken(again.url, testAdmin)).get('/api/system/status');
          assert.deepEqual(status.body.message_template_gaps[0].purposes_without_template, ['arrival', 'nps', 'document']);
        } finally {
          await again.stop();
        }
      } finally {
        await meta.stop();
      }
    });
  });
}
