// The waitlist (issue 20): no free slot → the patient waits; a cancel frees the slot, the first waiting patient
// gets an offer that holds it for the clinic setting waitlist_hold_minutes (controlled clock), then the next; staff see the list. Also: text
// typed mid-flow reaches an operator with the step, and the seed's TELEGRAM_BOT_API_SECRET from the environment.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { sql } from 'kysely';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { botSays, buttons, importClinic, registerByBot } from './clinic.fixture.ts';
import { makeIin } from './iin.ts';
import { createClinicApp, type ClinicHandles } from './index.ts';

// Monday 4 March 2030, 08:00 in Almaty (UTC+5).
const monday0800 = Date.parse('2030-03-04T03:00:00Z');
const sharedSecret = 'seed-004-shared-secret-0123456789';

for (const engine of testEngines()) {
  describe(`clinic waitlist on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    let handles: ClinicHandles;
    let clockMs = monday0800;
    const clock = () => new Date(clockMs);
    const db = () => server.switchboard.database.db;

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'clinic_waitlist_bot' }).token;
      const clinic = createClinicApp({ clock, expose: (exposed) => void (handles = exposed) });
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_API_SECRET: sharedSecret }, undefined, {
        apps: [clinic],
        clock,
      });
      admin = await signInWithToken(server.url, testAdmin);
      await server.switchboard.registry.create({
        kind: 'telegram_bot',
        name: 'Clinic',
        token,
        intakeMode: 'polling',
        settings: { apps: ['clinic'] },
      });
    });
    after(async () => {
      await server?.stop();
      await sim?.stop();
    });

    const call = (method: string, path: string, auth: string | undefined, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { ...(auth ? { authorization: auth } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }).then(async (response) => ({ status: response.status, body: (await response.json().catch(() => null)) as any }));

    test('no slot → waitlist; a cancel offers the slot held as long as the clinic setting says (30, then 45 minutes), a lapse passes it on, the next takes it; typed text reaches an operator', async () => {
      const says = botSays(sim, token);
      await importClinic(admin);
      // Only today can be booked: the ECG (60 min, Сейтқали 14:00–16:00) has two slots, both taken below.
      assert.equal((await admin.put('/api/apps/clinic/settings', { booking_days: 1 })).status, 200);
      const catalogue = (await admin.get('/api/clinic/catalogue')).body;
      const ecg = catalogue.services.find((service: { code: string }) => service.code === 'ecg');
      const seitkali = catalogue.doctors.find((doctor: { code: string }) => doctor.code === 'seitkali');

      // The seed's shared secret from the environment is an integration; a wrong one is refused.
      const bearer = `Bearer ${sharedSecret}`;
      assert.equal((await call('GET', '/api/bot/branches/', `Bearer ${sharedSecret}x`)).status, 401);
      const early = [sim.createUser({ first_name: 'Асель' }), sim.createUser({ first_name: 'Бекзат' })];
      const booked: number[] = [];
      for (const [index, user] of early.entries()) {
        const saved = await call('POST', '/api/bot/patient/upsert/', bearer, {
          telegram_user_id: String(user.id),
          iin: makeIin('1991-05-0' + (index + 1), 'F', 700 + index),
          first_name: user.first_name,
          last_name: 'Ранняя',
          birth_date: '1991-05-0' + (index + 1),
          sex: 'F',
          consents: { personal_data: true, medical: true },
        });
        assert.equal(saved.status, 201, JSON.stringify(saved.body));
        const made = await call('POST', '/api/bot/appointments/', bearer, {
          telegram_user_id: String(user.id),
          service_id: ecg.id,
          doctor_id: seitkali.id,
          starts_at: index === 0 ? '2030-03-04T09:00:00Z' : '2030-03-04T10:00:00Z',
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        booked.push(made.body.id);
      }
      const audited = await sql<{
        actor_name: string;
      }>`SELECT a.actor_name FROM clinic_audit a WHERE a.action = 'appointment.booked'`.execute(db());
      const actors = await sql<{ name: string }>`SELECT name FROM clinic_integrations`.execute(db());
      assert.deepEqual(
        actors.rows.map((row) => row.name),
        ['TELEGRAM_BOT_API_SECRET'],
        'the environment secret is kept as a named integration (its hash only)',
      );
      assert.ok(audited.rows.length >= 2);

      // Two patients find no ECG slot and join the waitlist, one in Russian and one in Kazakh.
      const waiting = [
        sim.createUser({ first_name: 'Гульнар', language_code: 'ru' }),
        sim.createUser({ first_name: 'Дәурен', language_code: 'kk' }),
      ];
      await registerByBot(sim, token, says, waiting[0]!, {
        language: 'ru',
        first: 'Гульнар',
        last: 'Ждущая',
        birth: '1985-02-02',
        sex: 'F',
        iin: makeIin('1985-02-02', 'F', 811),
        phone: '+77015550021',
      });
      await registerByBot(sim, token, says, waiting[1]!, {
        language: 'kk',
        first: 'Дәурен',
        last: 'Күтуші',
        birth: '1984-04-04',
        sex: 'M',
        iin: makeIin('1984-04-04', 'M', 812),
        phone: '+77015550022',
      });
      const menus = [
        await (async () => {
          sim.sendText(token, { from: waiting[0]!.id, text: '/start' });
          return says(waiting[0]!.id, /Добро пожаловать в клинику/);
        })(),
      ];
      sim.pressButton(token, { from: waiting[0]!.id, message_id: menus[0]!.message_id, text: '📅 Записаться' });
      const branches = await says(waiting[0]!.id, /Выберите филиал/);
      sim.pressButton(token, { from: waiting[0]!.id, message_id: branches.message_id, text: 'Центральный филиал' });
      const services = await says(waiting[0]!.id, /Выберите услугу/);

      // Text typed where buttons are expected reaches an operator, with the step the patient is on.
      const conversation = (
        await sql<{ id: number }>`SELECT id FROM conversations WHERE external_chat_id = ${String(waiting[0]!.id)}`.execute(db())
      ).rows[0]!.id;
      sim.sendText(token, { from: waiting[0]!.id, text: 'Не знаю, какую услугу выбрать при болях в сердце' });
      await says(waiting[0]!.id, /Передаю ваш вопрос администратору/);
      const notes = await sql<{ text: string; kind: string }>`SELECT text, kind FROM messages WHERE conversation_id = ${conversation}
        AND text LIKE 'Support ticket #%'`.execute(db());
      assert.equal(notes.rows.length, 1);
      assert.match(notes.rows[0]!.text, /Flow step: booking → service/);
      assert.match(notes.rows[0]!.text, /Question: Не знаю, какую услугу выбрать при болях в сердце/);
      const queued = await sql<{
        assigned_operator_id: number | null;
      }>`SELECT assigned_operator_id FROM conversations WHERE id = ${conversation}`.execute(db());
      assert.equal(queued.rows[0]!.assigned_operator_id, null, 'the conversation is in the queue');

      // The flow still waits at its step: the buttons go on working.
      sim.pressButton(token, { from: waiting[0]!.id, message_id: services.message_id, text: 'ЭКГ — 5000 ₸' });
      const doctors = await says(waiting[0]!.id, /Выберите врача/);
      sim.pressButton(token, { from: waiting[0]!.id, message_id: doctors.message_id, text: 'Сейтқали Ерлан' });
      const none = await says(waiting[0]!.id, /Свободного времени в ближайшие 1 дн\. нет[\s\S]*лист ожидания/);
      assert.deepEqual(buttons(none), ['⏳ В лист ожидания']);
      sim.pressButton(token, { from: waiting[0]!.id, message_id: none.message_id, text: '⏳ В лист ожидания' });
      await says(waiting[0]!.id, /Вы в листе ожидания\..*на 30 мин\./);
      // The hold is a clinic setting (default 30 minutes): from now on offers hold for 45.
      assert.equal((await admin.put('/api/apps/clinic/settings', { booking_days: 1, waitlist_hold_minutes: 45 })).status, 200);
      assert.equal((await admin.put('/api/apps/clinic/settings', { booking_days: 1, waitlist_hold_minutes: 2 })).status, 400);

      sim.sendText(token, { from: waiting[1]!.id, text: '/start' });
      const menuKk = await says(waiting[1]!.id, /Клиникаға қош келдіңіз/);
      sim.pressButton(token, { from: waiting[1]!.id, message_id: menuKk.message_id, text: '📅 Жазылу' });
      const branchesKk = await says(waiting[1]!.id, /филиал/i);
      sim.pressButton(token, { from: waiting[1]!.id, message_id: branchesKk.message_id, text: 'Орталық филиал' });
      const servicesKk = await says(waiting[1]!.id, /қызмет/i);
      sim.pressButton(token, { from: waiting[1]!.id, message_id: servicesKk.message_id, text: 'ЭКГ — 5000 ₸' });
      const doctorsKk = await says(waiting[1]!.id, /дәрігер/i);
      sim.pressButton(token, { from: waiting[1]!.id, message_id: doctorsKk.message_id, text: 'Сейтқали Ерлан' });
      const noneKk = await says(waiting[1]!.id, /күту тізіміне/);
      sim.pressButton(token, { from: waiting[1]!.id, message_id: noneKk.message_id, text: '⏳ Күту тізіміне' });
      await says(waiting[1]!.id, /Сіз күту тізіміндесіз\..*45 минут сақтаймын/);

      const list = await admin.get('/api/clinic/waitlist');
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.results.map((row: { first_name: string; status: string; doctor: string }) => [row.first_name, row.status, row.doctor]),
        [
          ['Гульнар', 'waiting', 'Сейтқали Ерлан'],
          ['Дәурен', 'waiting', 'Сейтқали Ерлан'],
        ],
      );
      assert.equal((await admin.get('/api/clinic/waitlist?status=nope')).status, 400);

      // 09:00: the 14:00 ECG is cancelled; the first waiting patient is offered it, held until 09:45.
      clockMs = Date.parse('2030-03-04T04:00:00Z');
      assert.equal(
        (
          await call('POST', `/api/bot/appointments/${booked[0]}/cancel/`, bearer, {
            telegram_user_id: String(early[0]!.id),
            reason: 'Уезжаю',
          })
        ).status,
        200,
      );
      const offer = await says(
        waiting[0]!.id,
        /Освободилось время: ЭКГ, Сейтқали Ерлан, 04\.03\.2030 в 14:00\. Держу его для вас до 09:45/,
      );
      assert.deepEqual(buttons(offer), ['✅ Записаться', '❌ Не нужно']);
      // While held, nobody else gets the slot.
      const grab = await call('POST', '/api/bot/appointments/', bearer, {
        telegram_user_id: String(early[1]!.id),
        service_id: ecg.id,
        doctor_id: seitkali.id,
        starts_at: '2030-03-04T09:00:00Z',
      });
      assert.equal(grab.status, 409, JSON.stringify(grab.body));

      // 09:44 nothing lapses; 09:46 the hold lapses and the next patient (in Kazakh) gets the offer. The every-minute
      // job reads the same clock and may get there before this call, so the lapse is awaited as its messages.
      clockMs = Date.parse('2030-03-04T04:44:00Z');
      assert.equal(await handles.expireWaitlist!(), 0);
      clockMs = Date.parse('2030-03-04T04:46:00Z');
      await handles.expireWaitlist!();
      await says(waiting[0]!.id, /передано следующему в листе ожидания/);
      const offerKk = await says(
        waiting[1]!.id,
        /Уақыт босады: ЭКГ, Сейтқали Ерлан, 04\.03\.2030, сағат 14:00\. Оны сізге 10:31 дейін сақтаймын/,
      );
      assert.equal(await handles.expireWaitlist!(), 0, 'each lapse once');
      // The lapsed offer's button no longer books anything.
      sim.pressButton(token, { from: waiting[0]!.id, message_id: offer.message_id, text: '✅ Записаться' });
      await says(waiting[0]!.id, /предложение уже недействительно/);
      sim.pressButton(token, { from: waiting[1]!.id, message_id: offerKk.message_id, text: '✅ Жазылу' });
      await says(waiting[1]!.id, /ЭКГ/);

      const rows = await sql<{ status: string; patient: string }>`SELECT a.status, p.first_name AS patient FROM clinic_appointments a
        JOIN clinic_patients p ON p.id = a.patient_id WHERE a.starts_at = '2030-03-04T09:00:00Z' ORDER BY a.id`.execute(db());
      assert.deepEqual(
        rows.rows.map((row) => [row.patient, row.status]),
        [
          ['Асель', 'cancelled'],
          ['Гульнар', 'cancelled'],
          ['Дәурен', 'booked'],
        ],
      );
      const final = (await admin.get('/api/clinic/waitlist')).body.results;
      assert.deepEqual(final.map((row: { first_name: string; status: string }) => [row.first_name, row.status]).sort(), [
        ['Гульнар', 'expired'],
        ['Дәурен', 'booked'],
      ]);
      assert.equal((await admin.delete(`/api/clinic/waitlist/${final[0].id}`)).status, 409, 'a closed entry cannot be withdrawn');
      assert.equal((await admin.delete('/api/clinic/waitlist/999999')).status, 404);
    });
  });
}
