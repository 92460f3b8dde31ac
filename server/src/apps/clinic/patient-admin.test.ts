// Staff's changes to a patient (issue 20): tags and OSMS status, the audited override of an IIN whose birth date or
// sex does not match (the bot then accepts it), and the inbox contact that gets the patient's name and phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { sql } from 'kysely';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { botSays, registerByBot } from './clinic.fixture.ts';
import { makeIin } from './iin.ts';
import { createClinicApp } from './index.ts';

const monday0800 = Date.parse('2030-03-04T03:00:00Z');

for (const engine of testEngines()) {
  describe(`clinic patient administration on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    const clock = () => new Date(monday0800);
    const db = () => server.switchboard.database.db;

    before(async () => {
      sim = await startTelegramSimulator({ timeScale: 10 });
      token = sim.createBot({ username: 'clinic_admin_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot }, undefined, { apps: [createClinicApp({ clock })], clock });
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

    test('an irregular IIN: overridden by staff with a reason (audited), then accepted by the bot (another birth date still refused); the contact gets name and phone; tags and OSMS', async () => {
      const says = botSays(sim, token);
      await server.switchboard.auth.createUser({
        email: 'desk@example.com',
        password: 'reception-pass',
        role: 'operator',
        name: 'Регистратура',
      });
      const desk = await signInWithToken(server.url, { email: 'desk@example.com', password: 'reception-pass' });
      // The IIN says 1970-01-01, the passport says 1970-01-02 (a real case of a wrongly issued number).
      const iin = makeIin('1970-01-01', 'M', 4242);
      const person = {
        iin,
        birth_date: '1970-01-02',
        sex: 'M',
        first_name: 'Ерболат',
        last_name: 'Исключенов',
        phone: '8 701 555 00 77',
        language: 'kk',
        reason: 'Паспорт: дата рождения 02.01.1970, ИИН выдан с ошибкой',
      };

      const refusals = [
        [{ ...person, iin: `${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}` }, 422, /not a valid IIN \(checksum\)/],
        [{ ...person, birth_date: '1970-01-01' }, 422, /matches the birth date and sex/],
        [{ ...person, reason: 'да' }, 400, /reason/],
        [{ ...person, phone: 'звоните' }, 422, /phone/],
      ] as const;
      for (const [body, status, message] of refusals) {
        const refused = await desk.post('/api/clinic/patients/iin-override', body);
        assert.equal(refused.status, status, JSON.stringify(refused.body));
        assert.match(refused.body.error.message, message);
      }
      assert.equal(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM clinic_patients`.execute(db())).rows[0]!.n,
        0,
        'nothing written',
      );

      const overridden = await desk.post('/api/clinic/patients/iin-override', person);
      assert.equal(overridden.status, 201, JSON.stringify(overridden.body));
      assert.equal(overridden.body.mismatch, 'birth_date_mismatch');
      const audit = await sql<{ actor_name: string; details: unknown; patient_id: number }>`SELECT actor_name, details, patient_id
        FROM clinic_audit WHERE action = 'patient.iin_override'`.execute(db());
      assert.equal(audit.rows.length, 1);
      assert.match(audit.rows[0]!.actor_name, /Регистратура <desk@example.com>/);
      const details = typeof audit.rows[0]!.details === 'string' ? JSON.parse(audit.rows[0]!.details) : audit.rows[0]!.details;
      assert.equal(details.reason, person.reason);
      assert.equal(details.mismatch, 'birth_date_mismatch');
      assert.equal(audit.rows[0]!.patient_id, overridden.body.id);

      // The patient registers in the bot with the passport's date: the overridden IIN goes through, to the same record.
      const user = sim.createUser({ first_name: 'Ерболат', language_code: 'kk' });
      await registerByBot(sim, token, says, user, {
        language: 'kk',
        first: 'Ерболат',
        last: 'Исключенов',
        birth: '1970-01-02',
        sex: 'M',
        iin,
        phone: '+77015550077',
      });
      const patients = await sql<{ id: number; contact_id: number | null }>`SELECT id, contact_id FROM clinic_patients`.execute(db());
      assert.deepEqual(
        patients.rows.map((row) => row.id),
        [overridden.body.id],
        'linked to the overridden patient, no duplicate',
      );
      // A different birth date is still refused for that IIN.
      const other = sim.createUser({ first_name: 'Самозванец', language_code: 'ru' });
      sim.sendText(token, { from: other.id, text: '/start' });
      const languages = await says(other.id, /Выберите язык/);
      sim.pressButton(token, { from: other.id, message_id: languages.message_id, text: 'Русский' });
      await says(other.id, /Как вас зовут/);
      for (const [answer, next] of [
        ['Самозванец', /фамилию/],
        ['Иванов', /отчество/],
        ['Петрович', /Поделитесь номером/],
        ['+77015550078', /дату рождения/],
        ['03.01.1970', /Укажите пол/],
      ] as const) {
        sim.sendText(token, { from: other.id, text: answer });
        const asked = await says(other.id, next);
        if (next.source === 'Укажите пол') sim.pressButton(token, { from: other.id, message_id: asked.message_id, text: 'Мужской' });
      }
      await says(other.id, /Напишите ИИН/);
      sim.sendText(token, { from: other.id, text: iin });
      await says(other.id, /ИИН указывает дату рождения 01\.01\.1970, а вы указали 03\.01\.1970/);

      // The inbox contact of the chat carries the patient's name and phone.
      const contactId = patients.rows[0]!.contact_id;
      assert.ok(contactId, 'the patient records its inbox contact');
      const contact = (await admin.get(`/api/contacts/${contactId}`)).body;
      assert.equal(contact.display_name, 'Исключенов Ерболат');
      assert.equal(contact.phone, '+77015550077');

      // Tags and OSMS status, as broadcasts will filter on them.
      const id = overridden.body.id;
      const set = await desk.patch(`/api/clinic/patients/${id}`, { tags: ['Diabetes', 'diabetes', 'VIP клиент'], osms_status: 'insured' });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.deepEqual(set.body.tags, ['diabetes', 'vip клиент']);
      assert.equal(set.body.osms_status, 'insured');
      const onlyOsms = await desk.patch(`/api/clinic/patients/${id}`, { osms_status: 'not_insured' });
      assert.deepEqual([onlyOsms.body.tags, onlyOsms.body.osms_status], [['diabetes', 'vip клиент'], 'not_insured']);
      for (const body of [{}, { osms_status: 'maybe' }, { tags: ['<script>'] }, { tags: 'vip' }]) {
        const refused = await desk.patch(`/api/clinic/patients/${id}`, body);
        assert.equal(refused.status, 400, JSON.stringify(body));
      }
      assert.equal((await desk.patch('/api/clinic/patients/999999', { tags: [] })).status, 404);
      const full = (await desk.get(`/api/clinic/patients/${id}`)).body;
      assert.deepEqual(
        [full.tags, full.osms_status, full.iin_override_by],
        [['diabetes', 'vip клиент'], 'not_insured', overridden.body.iin_override_by],
      );
      const changes = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM clinic_audit WHERE action = 'patient.segments_changed'`.execute(db());
      assert.equal(changes.rows[0]!.n, 2);
    });
  });
}
