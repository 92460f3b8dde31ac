import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { sql } from 'kysely';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { botSays, buttons, clinicCsv, importClinic, registerByBot } from './clinic.fixture.ts';
import { makeIin } from './iin.ts';
import { createClinicApp, type ClinicHandles } from './index.ts';

// Monday 4 March 2030, 08:00 in Almaty (UTC+5).
const monday0800 = Date.parse('2030-03-04T03:00:00Z');

for (const engine of testEngines()) {
  describe(`clinic assistant on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    let handles: ClinicHandles;
    let clockMs = monday0800;
    const clock = () => new Date(clockMs);
    let says: ReturnType<typeof botSays>;
    const db = () => server.switchboard.database.db;

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'clinic_bot' }).token;
      const clinic = createClinicApp({ clock, expose: (exposed) => void (handles = exposed) });
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot }, undefined, { apps: [clinic], clock });
      admin = await signInWithToken(server.url, testAdmin);
      await server.switchboard.registry.create({
        kind: 'telegram_bot',
        name: 'Clinic',
        token,
        intakeMode: 'polling',
        settings: { apps: ['clinic'] },
      });
      says = botSays(sim, token);
    });
    after(async () => {
      await server?.stop();
      await sim?.stop();
    });

    test('the CSV import refuses a bad file whole, with its lines, and takes good ones', async () => {
      const bad = await admin.post('/api/clinic/import/services', {
        csv: `${clinicCsv.services}central,x,X,X,0,-5\nnowhere,y,Y,Y,30,100\n`,
      });
      assert.equal(bad.status, 422);
      assert.equal(bad.body.error.code, 'import_invalid');
      assert.match(bad.body.error.message, /line 5: duration_minutes/);
      assert.match(bad.body.error.message, /line 5: price/);
      const unknownBranch = await admin.post('/api/clinic/import/services', {
        csv: 'branch_code,code,name_ru,name_kk,duration_minutes,price\nnowhere,y,Y,Y,30,100\n',
      });
      assert.equal(unknownBranch.status, 422);
      assert.match(unknownBranch.body.error.message, /line 2: there is no branch with code "nowhere"/);
      assert.equal((await admin.post('/api/clinic/import/branches', { csv: 'code,name_ru\n"unclosed' })).status, 422);
      assert.equal((await admin.post('/api/clinic/import/nurses', { csv: 'a' })).status, 400);
      assert.equal(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM clinic_services`.execute(db())).rows[0]!.n,
        0,
        'nothing half-written',
      );
      await importClinic(admin);
      const catalogue = (await admin.get('/api/clinic/catalogue')).body;
      assert.deepEqual(
        [
          catalogue.branches.length,
          catalogue.services.length,
          catalogue.doctors.length,
          catalogue.schedules.length,
          catalogue.exceptions.length,
        ],
        [2, 3, 2, 10, 2],
      );
      // Importing again updates rather than duplicates.
      await importClinic(admin);
      assert.equal((await admin.get('/api/clinic/catalogue')).body.schedules.length, 10);
    });

    test('registration in Russian refuses wrong IINs precisely, then registers; the IIN is stored sealed', async () => {
      const user = sim.createUser({ first_name: 'Айгерим', language_code: 'ru' });
      sim.sendText(token, { from: user.id, text: '/start' });
      const languages = await says(user.id, /Выберите язык \/ Тілді таңдаңыз/);
      assert.deepEqual(buttons(languages), ['Русский', 'Қазақша']);
      sim.pressButton(token, { from: user.id, message_id: languages.message_id, text: 'Русский' });
      await says(user.id, /Как вас зовут/);
      sim.sendText(token, { from: user.id, text: '12345' });
      await says(user.id, /Напишите буквами/);
      sim.sendText(token, { from: user.id, text: 'Айгерим' });
      await says(user.id, /фамилию/);
      sim.sendText(token, { from: user.id, text: 'Нурланова' });
      await says(user.id, /отчество/);
      sim.sendText(token, { from: user.id, text: 'Болатовна' });
      await says(user.id, /Поделитесь номером/);
      sim.sendText(token, { from: user.id, text: 'позвоните мне' });
      await says(user.id, /Не похоже на номер телефона/);
      sim.sendText(token, { from: user.id, text: '8 (701) 555-12-34' });
      await says(user.id, /дату рождения/);
      sim.sendText(token, { from: user.id, text: '31.02.1990' });
      await says(user.id, /Такой даты нет/);
      sim.sendText(token, { from: user.id, text: '15.03.1990' });
      const sex = await says(user.id, /Укажите пол/);
      sim.pressButton(token, { from: user.id, message_id: sex.message_id, text: 'Женский' });
      await says(user.id, /Напишите ИИН/);
      const iin = makeIin('1990-03-15', 'F', 4321);
      sim.sendText(token, { from: user.id, text: '9003154' });
      await says(user.id, /ровно 12 цифр, а в вашем — 7/);
      sim.sendText(token, { from: user.id, text: `${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}` });
      await says(user.id, /Контрольная цифра ИИН не сходится/);
      sim.sendText(token, { from: user.id, text: makeIin('1990-03-16', 'F') });
      await says(user.id, /ИИН указывает дату рождения 16\.03\.1990, а вы указали 15\.03\.1990/);
      sim.sendText(token, { from: user.id, text: makeIin('1990-03-15', 'M') });
      await says(user.id, /ИИН указывает другой пол/);
      sim.sendText(token, { from: user.id, text: iin });
      const personal = await says(user.id, /персональных данных/);
      sim.pressButton(token, { from: user.id, message_id: personal.message_id, text: '❌ Не согласен(на)' });
      await says(user.id, /Без этого согласия мы не можем записать вас/);
      sim.pressButton(token, { from: user.id, message_id: personal.message_id, text: '✅ Согласен(на)' });
      const medical = await says(user.id, /медицинское вмешательство/);
      sim.pressButton(token, { from: user.id, message_id: medical.message_id, text: '✅ Согласен(на)' });
      const marketing = await says(user.id, /новости и акции/);
      sim.pressButton(token, { from: user.id, message_id: marketing.message_id, text: '❌ Не согласен(на)' });
      await says(user.id, /Регистрация завершена, Айгерим!/);
      const menu = await says(user.id, /Добро пожаловать в клинику!/);
      assert.deepEqual(buttons(menu), ['📅 Записаться', '📋 Мои записи', '📄 Документы', '💳 Оплата', '👤 Профиль', '❓ Поддержка']);

      const rows = await sql<Record<string, unknown>>`SELECT * FROM clinic_patients`.execute(db());
      assert.equal(rows.rows.length, 1);
      assert.equal(rows.rows[0]!.phone, '+77015551234');
      assert.equal(rows.rows[0]!.patronymic, 'Болатовна');
      const stored = JSON.stringify(rows.rows) + JSON.stringify((await sql`SELECT * FROM flow_sessions`.execute(db())).rows);
      assert.ok(!stored.includes(iin) && !stored.includes('1990-03-15'), 'the IIN and birth date are not stored in the clear');
      const consents = await sql<{
        kind: string;
        granted: boolean;
        text_version: string;
      }>`SELECT kind, granted, text_version FROM clinic_consents ORDER BY id`.execute(db());
      assert.deepEqual(
        consents.rows.map((row) => [row.kind, row.granted]),
        [
          ['personal_data', true],
          ['medical', true],
          ['marketing', false],
        ],
      );
      assert.ok(consents.rows.every((row) => row.text_version.length > 0));

      // The same IIN from another Telegram account is the same patient, never a second one.
      const again = sim.createUser({ first_name: 'Айгерим 2', language_code: 'ru' });
      await registerByBot(sim, token, says, again, {
        language: 'ru',
        first: 'Айгерим',
        last: 'Нурланова',
        birth: '1990-03-15',
        sex: 'F',
        iin,
      });
      assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM clinic_patients`.execute(db())).rows[0]!.n, 1);
    });

    /** Menu → Book → branch → service → doctor → day: returns the time menu. */
    async function toTimes(userId: number, ru: boolean, doctor: string, day: string) {
      const menu = await says(userId, ru ? /Добро пожаловать в клинику/ : /Клиникаға қош келдіңіз/);
      sim.pressButton(token, { from: userId, message_id: menu.message_id, text: ru ? '📅 Записаться' : '📅 Жазылу' });
      const branches = await says(userId, ru ? /Выберите филиал/ : /Филиалды таңдаңыз/);
      sim.pressButton(token, { from: userId, message_id: branches.message_id, text: ru ? 'Центральный филиал' : 'Орталық филиал' });
      const services = await says(userId, ru ? /Выберите услугу/ : /Қызметті таңдаңыз/);
      sim.pressButton(token, {
        from: userId,
        message_id: services.message_id,
        text: ru ? 'Приём терапевта — 8000 ₸' : 'Терапевт қабылдауы — 8000 ₸',
      });
      const doctors = await says(userId, ru ? /Выберите врача/ : /Дәрігерді таңдаңыз/);
      assert.deepEqual(buttons(doctors), [ru ? 'Любой врач' : 'Кез келген дәрігер', 'Иванова Анна Петровна', 'Сейтқали Ерлан']);
      sim.pressButton(token, { from: userId, message_id: doctors.message_id, text: doctor });
      const days = await says(userId, ru ? /Выберите день/ : /Күнді таңдаңыз/);
      sim.pressButton(token, { from: userId, message_id: days.message_id, text: day });
      return { days, times: await says(userId, ru ? /Выберите время/ : /Уақытты таңдаңыз/) };
    }

    test('booking in Kazakh ends with a ticket and an .ics file; the calendar shows only days with free slots', async () => {
      const user = sim.createUser({ first_name: 'Ерлан', language_code: 'kk' });
      await registerByBot(sim, token, says, user, {
        language: 'kk',
        first: 'Ерлан',
        last: 'Оспанов',
        birth: '1985-07-01',
        sex: 'M',
        iin: makeIin('1985-07-01', 'M', 77),
      });
      sim.sendText(token, { from: user.id, text: '/start' });
      const { days, times } = await toTimes(user.id, false, 'Иванова Анна Петровна', '04.03');
      // Wednesday 6 March is a holiday; the weekend has no hours. The last button joins the waitlist for an earlier slot.
      assert.deepEqual(buttons(days), [
        '04.03',
        '05.03',
        '07.03',
        '08.03',
        '11.03',
        '12.03',
        '13.03',
        '14.03',
        '15.03',
        '⏳ Ертерек керек — күту тізіміне',
      ]);
      assert.deepEqual(buttons(times), ['09:00', '09:30', '10:00', '10:30', '11:30', '12:00', '12:30']);
      sim.pressButton(token, { from: user.id, message_id: times.message_id, text: '09:30' });
      const confirm = await says(user.id, /Жазылуды тексеріңіз/);
      assert.match(confirm.text!, /Терапевт қабылдауы — 8000 ₸\nИванова Анна Петровна\n04\.03\.2030, 09:30/);
      sim.pressButton(token, { from: user.id, message_id: confirm.message_id, text: '✅ Растау' });
      const ticket = await says(user.id, /Қабылдау талоны/);
      assert.match(
        ticket.text!,
        /Орталық филиал, Алматы, Абая 10\nТерапевт қабылдауы — 8000 ₸\nДәрігер: Иванова Анна Петровна\n04\.03\.2030, 09:30/,
      );
      const file = await says(user.id, /Күнтізбеге арналған талон/);
      const ics = file.files[0]!.bytes.toString('utf8');
      assert.match(ics, /BEGIN:VEVENT/);
      assert.match(ics, /DTSTART:20300304T043000Z/, '09:30 in Almaty is 04:30 UTC');
      assert.match(ics, /DTEND:20300304T050000Z/);
    });

    test('two patients confirming one slot at once: exactly one gets it, the other is offered the nearest free times', async () => {
      const users = [
        sim.createUser({ first_name: 'Racer A', language_code: 'ru' }),
        sim.createUser({ first_name: 'Racer B', language_code: 'ru' }),
      ];
      await Promise.all(
        users.map((user, index) =>
          registerByBot(sim, token, says, user, {
            language: 'ru',
            first: 'Гонщик',
            last: ['Первый', 'Второй'][index]!,
            birth: '1970-01-0' + (index + 2),
            sex: 'M',
            iin: makeIin(`1970-01-0${index + 2}`, 'M'),
          }),
        ),
      );
      const confirms = await Promise.all(
        users.map(async (user) => {
          sim.sendText(token, { from: user.id, text: '/start' });
          const { times } = await toTimes(user.id, true, 'Иванова Анна Петровна', '05.03');
          sim.pressButton(token, { from: user.id, message_id: times.message_id, text: '10:00' });
          return says(user.id, /Проверьте запись/);
        }),
      );
      users.forEach((user, index) =>
        sim.pressButton(token, { from: user.id, message_id: confirms[index]!.message_id, text: '✅ Подтвердить' }),
      );
      const outcomes = await Promise.all(users.map((user) => says(user.id, /Талон на приём|только что заняли/)));
      const winners = outcomes.filter((message) => /Талон/.test(message.text!));
      assert.equal(winners.length, 1, outcomes.map((message) => message.text).join(' | '));
      const loser = outcomes.find((message) => /заняли/.test(message.text!))!;
      assert.deepEqual(buttons(loser), ['09:00', '09:30', '10:30']);
      const held = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM clinic_appointments WHERE starts_at = '2030-03-05T05:00:00Z' AND status <> 'cancelled'`.execute(
        db(),
      );
      assert.equal(held.rows[0]!.n, 1);
      // The database itself refuses an overlapping appointment, whatever the code does.
      await assert.rejects(
        sql`INSERT INTO clinic_appointments (patient_id, doctor_id, branch_id, service_id, starts_at, ends_at) SELECT patient_id, doctor_id, branch_id, service_id, starts_at + interval '10 minutes', ends_at + interval '10 minutes' FROM clinic_appointments WHERE starts_at = '2030-03-05T05:00:00Z'`.execute(
          db(),
        ),
        (error: { code?: string }) => error.code === '23P01',
      );
    });

    test('the bot API: integrations only, with their own secret; six racing bookings of one slot give one appointment', async () => {
      const secret = 's'.repeat(40);
      const created = await admin.post('/api/clinic/integrations', { name: 'seed bot', secret });
      assert.equal(created.status, 201);
      const call = (method: string, path: string, auth: string | undefined, body?: unknown) =>
        fetch(`${server.url}${path}`, {
          method,
          headers: { ...(auth ? { authorization: auth } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        }).then(async (response) => ({ status: response.status, body: (await response.json().catch(() => null)) as any }));
      const staffToken = (await admin.post('/api/tokens', { name: 'staff' })).body.token as string;
      for (const [auth, status] of [
        [undefined, 401],
        ['Bearer wrong-secret', 401],
        [`Token ${staffToken}`, 403],
        [`Bearer ${secret}`, 200],
      ] as const)
        assert.equal((await call('GET', '/api/bot/branches/', auth)).status, status, String(auth));
      const bearer = `Bearer ${secret}`;
      const verified = await call('POST', '/api/bot/patient/verify-iin/', bearer, { iin: makeIin('2001-12-31', 'F') });
      assert.deepEqual(verified.body, { valid: true, reason: null, birth_date: '2001-12-31', sex: 'F' });
      assert.equal((await call('POST', '/api/bot/patient/verify-iin/', bearer, { iin: '123' })).body.reason, 'length');
      assert.equal((await call('POST', '/api/bot/patient/verify-iin/', bearer, {})).status, 400);

      const users = Array.from({ length: 6 }, (_unused, index) => sim.createUser({ first_name: `Api ${index}`, language_code: 'ru' }));
      for (const [index, user] of users.entries()) {
        const upserted = await call('POST', '/api/bot/patient/upsert/', bearer, {
          telegram_user_id: String(user.id),
          iin: makeIin(`1995-05-1${index}`, 'F'),
          first_name: 'Алия',
          last_name: 'Каримова',
          phone: '+7 701 000 00 00',
          birth_date: `1995-05-1${index}`,
          sex: 'F',
          language: 'ru',
          consents: { personal_data: true, medical: true, marketing: false },
        });
        assert.equal(upserted.status, 201, JSON.stringify(upserted.body));
        assert.equal(upserted.body.same_phone_patients.length, index, 'a shared phone is a hint, never a match');
      }
      const mismatch = await call('POST', '/api/bot/patient/upsert/', bearer, {
        telegram_user_id: '1',
        iin: makeIin('1995-05-10', 'F'),
        first_name: 'А',
        last_name: 'Б',
        birth_date: '1995-05-11',
        sex: 'F',
        consents: { personal_data: true, medical: true },
      });
      assert.deepEqual([mismatch.status, mismatch.body.error.code], [422, 'invalid_input']);
      assert.equal((await call('GET', `/api/bot/patient/by-telegram/${users[0]!.id}/`, bearer)).body.birth_date, '1995-05-10');
      assert.equal((await call('GET', '/api/bot/patient/by-telegram/42/', bearer)).body.error.code, 'patient_not_registered');

      const branch = (await call('GET', '/api/bot/branches/', bearer)).body.results.find(
        (each: { code: string }) => each.code === 'central',
      );
      const service = (await call('GET', `/api/bot/services/?branch_id=${branch.id}`, bearer)).body.results.find(
        (each: { code: string }) => each.code === 'ecg',
      );
      const doctors = (await call('GET', `/api/bot/doctors/?service_id=${service.id}&date=2030-03-08`, bearer)).body.results;
      assert.deepEqual(
        doctors.map((each: { full_name: string }) => each.full_name),
        ['Сейтқали Ерлан'],
      );
      const slots = (await call('GET', `/api/bot/slots/?doctor_id=${doctors[0].id}&date=2030-03-08&service_id=${service.id}`, bearer)).body;
      assert.deepEqual(
        slots.results.map((slot: { starts_at: string }) => slot.starts_at),
        ['2030-03-08T09:00:00.000Z', '2030-03-08T10:00:00.000Z'],
      );
      assert.equal(
        (await call('GET', `/api/bot/slots/?doctor_id=${doctors[0].id}&date=2030-03-08`, bearer)).status,
        400,
        'two services: say which',
      );
      assert.equal((await call('GET', '/api/bot/slots/?doctor_id=abc&date=2030-02-30', bearer)).status, 400);

      const attempts = await Promise.all(
        users.map((user) =>
          call('POST', '/api/bot/appointments/', bearer, {
            telegram_user_id: String(user.id),
            service_id: service.id,
            doctor_id: doctors[0].id,
            starts_at: '2030-03-08T14:00:00+05:00',
          }),
        ),
      );
      const statuses = attempts.map((attempt) => attempt.status).sort();
      assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409], JSON.stringify(attempts.map((attempt) => attempt.body)));
      assert.match(attempts.find((attempt) => attempt.status === 409)!.body.error.message, /Nearest free: 2030-03-08T10:00:00\.000Z/);
      const winner = users[attempts.findIndex((attempt) => attempt.status === 201)]!;
      const booked = attempts.find((attempt) => attempt.status === 201)!.body;
      // The 60-minute ECG takes the 30-minute therapist slots of that doctor it overlaps (14:00, 14:30), and nobody else's.
      const therapist = (await call('GET', `/api/bot/services/?branch_id=${branch.id}`, bearer)).body.results.find(
        (each: { code: string }) => each.code === 'therapist',
      );
      const therapistSlots = await call(
        'GET',
        `/api/bot/slots/?doctor_id=${doctors[0].id}&date=2030-03-08&service_id=${therapist.id}`,
        bearer,
      );
      assert.deepEqual(
        therapistSlots.body.results.map((slot: { starts_at: string }) => slot.starts_at),
        ['2030-03-08T10:00:00.000Z', '2030-03-08T10:30:00.000Z'],
      );
      const therapists = await call('GET', `/api/bot/doctors/?service_id=${therapist.id}&date=2030-03-08`, bearer);
      assert.deepEqual(
        therapists.body.results.map((each: { full_name: string }) => each.full_name),
        ['Иванова Анна Петровна', 'Сейтқали Ерлан'],
      );
      assert.equal(
        (
          await call('POST', '/api/bot/appointments/', bearer, {
            telegram_user_id: String(winner.id),
            service_id: service.id,
            doctor_id: doctors[0].id,
            starts_at: '2030-03-08T15:20:00+05:00',
          })
        ).body.error.code,
        'slot_not_offered',
      );

      const other = users.find((user) => user !== winner)!;
      assert.equal(
        (await call('POST', `/api/bot/appointments/${booked.id}/cancel/`, bearer, { telegram_user_id: String(other.id) })).status,
        404,
        "another patient's appointment",
      );
      const moved = await call('PATCH', `/api/bot/appointments/${booked.id}/`, bearer, {
        telegram_user_id: String(winner.id),
        starts_at: '2030-03-08T10:00:00Z',
      });
      assert.deepEqual([moved.status, moved.body.starts_at], [200, '2030-03-08T10:00:00.000Z']);
      const takenOld = await call('POST', '/api/bot/appointments/', bearer, {
        telegram_user_id: String(other.id),
        service_id: service.id,
        doctor_id: doctors[0].id,
        starts_at: '2030-03-08T09:00:00Z',
      });
      assert.equal(takenOld.status, 201, 'the old time was freed by the reschedule');
      const mine = await call('GET', `/api/bot/appointments/my/?telegram_user_id=${winner.id}`, bearer);
      assert.equal(mine.body.results.length, 1);
      const cancelled = await call('POST', `/api/bot/appointments/${booked.id}/cancel/`, bearer, {
        telegram_user_id: String(winner.id),
        reason: 'заболел',
      });
      assert.equal(cancelled.body.status, 'cancelled');
      assert.equal(
        (await call('POST', `/api/bot/appointments/${booked.id}/cancel/`, bearer, { telegram_user_id: String(winner.id) })).status,
        409,
      );
      const audit = await sql<{ actor: string; action: string }>`SELECT actor, action FROM clinic_audit ORDER BY id`.execute(db());
      assert.ok(audit.rows.some((row) => row.action === 'appointment.cancelled' && row.actor === `integration:${created.body.id}`));
      assert.equal(
        (await call('POST', '/api/bot/feedback/', bearer, { telegram_user_id: String(winner.id), appointment_id: booked.id, score: 11 }))
          .status,
        400,
      );
    });

    test('reminders D-1 and H-3 (moved out of quiet hours) and H-1, typed answers, arrival seen by reception, NPS with a comment', async () => {
      const user = sim.createUser({ first_name: 'Reminded', language_code: 'ru' });
      await registerByBot(sim, token, says, user, {
        language: 'ru',
        first: 'Марат',
        last: 'Ахметов',
        birth: '1980-10-10',
        sex: 'M',
        iin: makeIin('1980-10-10', 'M', 5),
      });
      sim.sendText(token, { from: user.id, text: '/start' });
      const { times } = await toTimes(user.id, true, 'Иванова Анна Петровна', '05.03');
      assert.ok(!buttons(times).includes('10:00'), 'the raced slot stays taken');
      sim.pressButton(token, { from: user.id, message_id: times.message_id, text: '09:00' });
      const confirm = await says(user.id, /Проверьте запись/);
      sim.pressButton(token, { from: user.id, message_id: confirm.message_id, text: '✅ Подтвердить' });
      await says(user.id, /Талон на приём/);
      await says(user.id, /Талон для календаря/);
      const count = () => sim.sentMessages(token, user.id).length;
      const at = async (iso: string) => {
        clockMs = Date.parse(iso);
        await handles.sweep();
      };

      await at('2030-03-04T03:59:00Z'); // Mon 08:59
      const before = count();
      await at('2030-03-04T04:00:00Z'); // Mon 09:00: D-1
      const d1 = await says(user.id, /Напоминаем: завтра, 05\.03\.2030 в 09:00/);
      assert.equal(before + 1, count());
      assert.deepEqual(buttons(d1), ['✅ Приду', '🔁 Перенести', '❌ Отменить']);
      await at('2030-03-04T04:00:30Z');
      assert.equal(count(), before + 1, 'each stage at most once');
      await at('2030-03-04T15:58:00Z'); // Mon 20:58
      assert.equal(count(), before + 1);
      await at('2030-03-04T15:59:00Z'); // Mon 20:59: H-3 (Tue 06:00) moved before quiet hours
      // Moved 9 hours earlier, it says when the visit is, not "in 3 hours".
      const h3 = await says(user.id, /Напоминаем: завтра, 05\.03\.2030 в 09:00, ваш приём/);
      assert.doesNotMatch(h3.text ?? '', /Через 3 часа/);
      sim.sendText(token, { from: user.id, text: 'да' });
      await says(user.id, /Спасибо, ждём вас/);
      await at('2030-03-05T03:00:00Z'); // Tue 08:00: H-1
      await says(user.id, /Через час, в 09:00/);

      await at('2030-03-05T04:05:00Z'); // Tue 09:05: have you arrived?
      const arrived = await says(user.id, /Вы пришли на приём \(09:00, Иванова Анна Петровна\)/);
      sim.pressButton(token, { from: user.id, message_id: arrived.message_id, text: '✅ Я в клинике' });
      await says(user.id, /Администратор знает, что вы пришли/);
      const day = await admin.get('/api/clinic/appointments?date=2030-03-05');
      const visit = day.body.results.find((row: { last_name: string }) => row.last_name === 'Ахметов');
      assert.equal(visit.status, 'arrived');
      assert.equal((await admin.get('/api/clinic/appointments?date=2030-02-31')).status, 400);

      await at('2030-03-05T06:29:00Z');
      await at('2030-03-05T06:30:00Z'); // Tue 11:30: 2 hours after the visit ended
      const nps = await says(user.id, /Оцените визит к врачу Иванова Анна Петровна/);
      assert.deepEqual(buttons(nps), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      sim.pressButton(token, { from: user.id, message_id: nps.message_id, text: '4' });
      await says(user.id, /Хотите что-то добавить/);
      sim.sendText(token, { from: user.id, text: 'Долго ждал в очереди' });
      await says(user.id, /Администратор свяжется с вами/);
      const feedback = await sql<{
        score: number;
        comment: string;
      }>`SELECT score, comment FROM clinic_feedback f JOIN clinic_appointments a ON a.id = f.appointment_id WHERE a.id = ${visit.id}`.execute(
        db(),
      );
      assert.deepEqual(feedback.rows[0], { score: 4, comment: 'Долго ждал в очереди' });
      const note = await sql<{ n: number }>`SELECT count(*)::int AS n FROM messages WHERE text LIKE 'NPS 4/10%'`.execute(db());
      assert.equal(note.rows[0]!.n, 1, 'a low score reaches staff in the conversation');
      const scores = (await admin.get('/api/clinic/nps?from=2030-03-01&to=2030-04-01')).body;
      assert.deepEqual(
        scores.doctors.map((row: { name: string; nps: number; answers: number }) => [row.name, row.nps, row.answers]),
        [['Иванова Анна Петровна', -100, 1]],
      );
    });

    test('my appointments: cancel with a reason frees the slot at once; a cancelled visit gets no reminder', async () => {
      clockMs = Date.parse('2030-03-11T02:00:00Z'); // Mon 11 March, 07:00
      const user = sim.createUser({ first_name: 'Canceller', language_code: 'ru' });
      await registerByBot(sim, token, says, user, {
        language: 'ru',
        first: 'Дина',
        last: 'Садыкова',
        birth: '1999-09-09',
        sex: 'F',
        iin: makeIin('1999-09-09', 'F', 9),
      });
      sim.sendText(token, { from: user.id, text: '/start' });
      const { times } = await toTimes(user.id, true, 'Иванова Анна Петровна', '12.03');
      sim.pressButton(token, { from: user.id, message_id: times.message_id, text: '12:30' });
      const confirm = await says(user.id, /Проверьте запись/);
      sim.pressButton(token, { from: user.id, message_id: confirm.message_id, text: '✅ Подтвердить' });
      await says(user.id, /Талон на приём/);
      sim.sendText(token, { from: user.id, text: 'Мои записи' });
      const mine = await says(user.id, /Ваши записи/);
      assert.deepEqual(buttons(mine), ['12.03.2030 12:30 — Приём терапевта, Иванова Анна Петровна']);
      sim.pressButton(token, { from: user.id, message_id: mine.message_id, text: buttons(mine)[0]! });
      const actions = await says(user.id, /Ваши записи/);
      sim.pressButton(token, { from: user.id, message_id: actions.message_id, text: '❌ Отменить' });
      await says(user.id, /причину отмены/);
      sim.sendText(token, { from: user.id, text: 'Уезжаю' });
      await says(user.id, /Запись отменена/);
      const row = await sql<{
        status: string;
        cancel_reason: string;
      }>`SELECT status, cancel_reason FROM clinic_appointments a JOIN clinic_patients p ON p.id = a.patient_id WHERE p.last_name = 'Садыкова'`.execute(
        db(),
      );
      assert.deepEqual(row.rows[0], { status: 'cancelled', cancel_reason: 'Уезжаю' });
      const before = sim.sentMessages(token, user.id).length;
      clockMs = Date.parse('2030-03-11T07:30:00Z'); // Mon 12:30: the cancelled visit's D-1
      await handles.sweep();
      assert.equal(sim.sentMessages(token, user.id).length, before, 'no reminder for a cancelled visit');
      sim.sendText(token, { from: user.id, text: '/start' });
      const again = await toTimes(user.id, true, 'Иванова Анна Петровна', '12.03');
      assert.ok(buttons(again.times).includes('12:30'), 'the slot is free again');
    });
  });
}
