// The clinic admin's routes (issue 21): a branch, a service with its price in tiyn, a doctor and weekly hours
// made over HTTP become free slots in the bot API; overlapping hours, unknown references and records that
// appointments still use are refused with a precise 4xx; a patient that does not exist has no balance (404).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { makeIin } from './iin.ts';
import { createClinicApp } from './index.ts';

// Monday 4 March 2030, 08:00 in Almaty (UTC+5).
const monday0800 = Date.parse('2030-03-04T03:00:00Z');

for (const engine of testEngines()) {
  describe(`clinic admin on ${engine}`, () => {
    let server: TestServer;
    let sim: Simulator;
    let admin: ApiClient;
    let bot: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

    before(async () => {
      const clock = () => new Date(monday0800);
      sim = await startTelegramSimulator({ timeScale: 10 });
      const token = sim.createBot({ username: 'clinic_admin_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot }, undefined, { apps: [createClinicApp({ clock })], clock });
      admin = await signInWithToken(server.url, testAdmin);
      // The bot API links patients to a connected bot's users.
      await server.switchboard.registry.create({
        kind: 'telegram_bot',
        name: 'Clinic',
        token,
        intakeMode: 'polling',
        settings: { apps: ['clinic'] },
      });
      const secret = 'a'.repeat(40);
      assert.equal((await admin.post('/api/clinic/integrations', { name: 'admin test bot', secret })).status, 201);
      bot = (method, path, body) =>
        fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${secret}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        }).then(async (response) => ({ status: response.status, body: (await response.json().catch(() => null)) as any }));
    });
    after(async () => {
      await server?.stop();
      await sim?.stop();
    });

    test('a branch, service, doctor and hours made by an admin give slots; refusals are precise', async () => {
      const branch = await admin.post('/api/clinic/branches', { code: 'east', name_ru: 'Восточный', name_kk: 'Шығыс', address: 'Алматы' });
      assert.equal(branch.status, 201, JSON.stringify(branch.body));
      const again = await admin.post('/api/clinic/branches', { code: 'east', name_ru: 'В', name_kk: 'Ш' });
      assert.deepEqual([again.status, again.body.error.code], [409, 'conflict']);
      assert.match(again.body.error.message, /code "east"/);

      const noBranch = await admin.post('/api/clinic/services', {
        branch_id: 999_999,
        code: 'x',
        name_ru: 'X',
        name_kk: 'X',
        duration_minutes: 30,
        price_minor: 100,
      });
      assert.deepEqual([noBranch.status, noBranch.body.error.message], [422, 'branch_id: branch 999999 does not exist.']);
      const badDuration = await admin.post('/api/clinic/services', {
        branch_id: branch.body.id,
        code: 'x',
        name_ru: 'X',
        name_kk: 'X',
        duration_minutes: 2,
        price_minor: 100,
      });
      assert.equal(badDuration.status, 400);
      const service = await admin.post('/api/clinic/services', {
        branch_id: branch.body.id,
        code: 'uzi',
        name_ru: 'УЗИ',
        name_kk: 'УДЗ',
        duration_minutes: 60,
        price_minor: 1_250_050,
      });
      assert.equal(service.status, 201, JSON.stringify(service.body));
      assert.equal(service.body.price_minor, 1_250_050, '12 500,50 ₸ kept to the tiyn');

      const unknownService = await admin.post('/api/clinic/doctors', { code: 'doc', full_name: 'Ахметова Айгуль', service_ids: [999_999] });
      assert.deepEqual([unknownService.status, unknownService.body.error.message], [422, 'service_ids: no service 999999.']);
      const doctor = await admin.post('/api/clinic/doctors', {
        code: 'akhmetova',
        full_name: 'Ахметова Айгуль',
        specialty_ru: 'Врач УЗИ',
        service_ids: [service.body.id],
      });
      assert.equal(doctor.status, 201, JSON.stringify(doctor.body));
      assert.deepEqual(doctor.body.service_ids, [service.body.id]);

      const hours = { doctor_id: doctor.body.id, branch_id: branch.body.id, weekday: 1, start: '09:00', end: '12:00' };
      const badBreak = await admin.post('/api/clinic/schedules', { ...hours, break_start: '08:00', break_end: '08:30' });
      assert.equal(badBreak.status, 400);
      assert.match(JSON.stringify(badBreak.body), /the break must lie within the hours/);
      const monday = await admin.post('/api/clinic/schedules', {
        ...hours,
        break_start: '10:00',
        break_end: '11:00',
        valid_to: '2030-12-31',
      });
      assert.equal(monday.status, 201, JSON.stringify(monday.body));
      assert.deepEqual([monday.body.start_minute, monday.body.break_start_minute], [540, 600]);
      const overlap = await admin.post('/api/clinic/schedules', { ...hours, start: '11:30', end: '14:00' });
      assert.deepEqual([overlap.status, overlap.body.error.code], [422, 'schedule_overlap']);
      assert.match(overlap.body.error.message, new RegExp(`schedule ${monday.body.id} \\(Monday 09:00–12:00`));
      const later = await admin.post('/api/clinic/schedules', { ...hours, start: '11:30', end: '14:00', valid_from: '2031-01-01' });
      assert.equal(later.status, 201, 'the same hours from a later date, after the first entry ends, do not overlap it');
      const laterClash = await admin.post('/api/clinic/schedules', {
        ...hours,
        start: '13:00',
        end: '15:00',
        valid_from: '2031-06-01',
        valid_to: '2031-06-30',
      });
      assert.equal(laterClash.status, 422, 'June 2031 lies inside the later entry');
      assert.equal((await admin.delete(`/api/clinic/schedules/${later.body.id}`)).status, 204);

      // The bot API sees the new catalogue: one-hour slots at 09:00 and 11:00 (04:00Z, 06:00Z), none across the break.
      const services = await bot('GET', `/api/bot/services/?branch_id=${branch.body.id}`);
      assert.deepEqual(
        services.body.results.map((each: { code: string }) => each.code),
        ['uzi'],
      );
      const slots = await bot('GET', `/api/bot/slots/?doctor_id=${doctor.body.id}&date=2030-03-04&service_id=${service.body.id}`);
      assert.deepEqual(
        slots.body.results.map((slot: { starts_at: string }) => slot.starts_at),
        ['2030-03-04T04:00:00.000Z', '2030-03-04T06:00:00.000Z'],
      );
      const dayOff = await admin.post('/api/clinic/exceptions', { doctor_id: doctor.body.id, day: '2030-03-11', kind: 'leave' });
      assert.equal(dayOff.status, 201, JSON.stringify(dayOff.body));
      assert.equal(dayOff.body.day, '2030-03-11');
      const nextMonday = await bot('GET', `/api/bot/slots/?doctor_id=${doctor.body.id}&date=2030-03-11&service_id=${service.body.id}`);
      assert.deepEqual(nextMonday.body.results, [], 'on leave');
      const halfDay = await admin.post('/api/clinic/exceptions', { doctor_id: null, day: '2030-03-12', kind: 'holiday', start: '09:00' });
      assert.equal(halfDay.status, 400, 'start without end');

      // A patient books; the doctor, service and branch are now in use and are not deleted.
      const patient = await bot('POST', '/api/bot/patient/upsert/', {
        telegram_user_id: '5001',
        iin: makeIin('1990-02-03', 'M'),
        first_name: 'Ерлан',
        last_name: 'Садыков',
        birth_date: '1990-02-03',
        sex: 'M',
        language: 'ru',
        consents: { personal_data: true, medical: true, marketing: false },
      });
      assert.equal(patient.status, 201, JSON.stringify(patient.body));
      const booked = await bot('POST', '/api/bot/appointments/', {
        telegram_user_id: '5001',
        service_id: service.body.id,
        doctor_id: doctor.body.id,
        starts_at: '2030-03-04T04:00:00.000Z',
      });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      for (const path of [`doctors/${doctor.body.id}`, `services/${service.body.id}`, `branches/${branch.body.id}`]) {
        const refused = await admin.delete(`/api/clinic/${path}`);
        assert.deepEqual([refused.status, refused.body.error.code], [409, 'clinic_record_in_use'], path);
        assert.match(
          refused.body.error.message,
          new RegExp(`1 future appointment\\(s\\): №${booked.body.id} on 2030-03-04 09:00 \\(Садыков Ерлан\\)`),
        );
      }
      const off = await admin.patch(`/api/clinic/doctors/${doctor.body.id}`, { is_active: false, service_ids: [] });
      assert.deepEqual([off.status, off.body.is_active, off.body.service_ids], [200, false, []]);
      const repriced = await admin.patch(`/api/clinic/services/${service.body.id}`, { price_minor: 1_300_000 });
      assert.equal(repriced.body.price_minor, 1_300_000);

      // A low score with a comment: the NPS report lists the detractor's words; the patient page shows the score.
      const rated = await bot('POST', '/api/bot/feedback/', {
        telegram_user_id: '5001',
        appointment_id: booked.body.id,
        score: 3,
        comment: 'Долго ждал',
      });
      assert.equal(rated.status, 201, JSON.stringify(rated.body));
      const detractors = await admin.get('/api/clinic/nps/detractors?from=2030-03-01&to=2030-04-01');
      assert.deepEqual(
        detractors.body.results.map((each: { score: number; comment: string; doctor: string }) => [each.score, each.comment, each.doctor]),
        [[3, 'Долго ждал', 'Ахметова Айгуль']],
      );
      assert.equal((await admin.get('/api/clinic/nps/detractors?from=2030-02-31')).status, 400);

      // The patient page's reads; a patient that does not exist is a 404, not a zero balance.
      const visits = await admin.get(`/api/clinic/patients/${patient.body.id}/appointments`);
      assert.equal(visits.status, 200, JSON.stringify(visits.body));
      assert.equal(visits.body.time_zone, 'Asia/Almaty');
      assert.deepEqual(
        visits.body.results.map((each: { doctor: string; status: string; nps_score: number }) => [
          each.doctor,
          each.status,
          each.nps_score,
        ]),
        [['Ахметова Айгуль', 'booked', 3]],
      );
      for (const path of ['/api/clinic/patients/999999/balance', '/api/clinic/patients/999999/appointments']) {
        const missing = await admin.get(path);
        assert.deepEqual([missing.status, missing.body.error.code], [404, 'not_found'], path);
      }

      // Unused records go: a fresh branch with nothing in it.
      const spare = await admin.post('/api/clinic/branches', { code: 'spare', name_ru: 'Запасной', name_kk: 'Қосалқы' });
      assert.equal((await admin.delete(`/api/clinic/branches/${spare.body.id}`)).status, 204);
      assert.equal((await admin.delete(`/api/clinic/branches/${spare.body.id}`)).status, 404);
    });
  });
}
