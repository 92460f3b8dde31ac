// Segments over fields other parts contribute (issue 22): the clinic's age, sex, services, OSMS, last visit and
// visit count, the contacts' custom attributes, and the customer's last inbound message — counted, sampled and
// turned into a broadcast's recipients exactly; hostile conditions answered with a precise 422.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { sql } from 'kysely';
import { createApiClient, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { botSays, importClinic, registerByBot } from '../clinic/clinic.fixture.ts';
import { createClinicApp } from '../clinic/index.ts';
import { makeIin } from '../clinic/iin.ts';
import { createBroadcastsApp } from './index.ts';

// Monday 4 March 2030, 08:00 in Almaty: "this year" is 2030 for ages.
const now = new Date('2030-03-04T03:00:00Z');

for (const engine of testEngines()) {
  describe(`segment fields on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let channelId: number;
    const contact: Record<'anna' | 'boris' | 'vera' | 'dana', number> = { anna: 0, boris: 0, vera: 0, dana: 0 };
    let ecgId = 0;
    const db = () => server.switchboard.database.db;

    before(async () => {
      const clock = () => now;
      sim = await startTelegramSimulator({ timeScale: 10 });
      const token = sim.createBot({ username: 'segments_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot }, undefined, {
        apps: [createClinicApp({ clock }), createBroadcastsApp({ clock })],
        clock,
      });
      const adminToken = (await createApiClient(server.url).post('/api/api-token-auth/', testAdmin)).body.token;
      admin = createApiClient(server.url, { token: adminToken });
      const channel = await server.switchboard.registry.create({
        kind: 'telegram_bot',
        name: 'Clinic',
        token,
        intakeMode: 'polling',
        settings: { apps: ['clinic', 'broadcasts'] },
      });
      channelId = channel.id;
      await importClinic(admin);
      // Three patients register through the bot; Dana only writes (a contact, not a patient).
      const says = botSays(sim, token);
      const patients = [
        ['anna', { first: 'Анна', last: 'Segment', birth: '1990-05-01', sex: 'F' }],
        ['boris', { first: 'Борис', last: 'Segment', birth: '2000-12-31', sex: 'M' }],
        ['vera', { first: 'Вера', last: 'Segment', birth: '1960-01-15', sex: 'F' }],
      ] as const;
      const patientIds: Record<string, number> = {};
      for (const [index, [key, patient]] of patients.entries()) {
        const user = sim.createUser({ first_name: patient.first });
        await registerByBot(sim, token, says, user, { ...patient, language: 'ru', iin: makeIin(patient.birth, patient.sex, index + 1) });
        const row = await eventually(
          async () => {
            const found = await sql<{ id: number; contact_id: number | null }>`
            SELECT id, contact_id FROM clinic_patients WHERE first_name = ${patient.first}`.execute(db());
            return found.rows[0]?.contact_id ? found.rows[0] : undefined;
          },
          60_000,
          `${key}'s contact`,
        );
        patientIds[key] = row.id;
        contact[key] = row.contact_id!;
      }
      const dana = sim.createUser({ first_name: 'Dana' });
      sim.sendText(token, { from: dana.id, text: 'hello from Dana' });
      contact.dana = await eventually(
        async () => {
          const found = await sql<{ contact_id: number }>`
          SELECT contact_id FROM contact_identities WHERE external_id = ${String(dana.id)}`.execute(db());
          return found.rows[0]?.contact_id;
        },
        60_000,
        'Dana’s contact',
      );

      // The visits already made (history before the clock: booking only takes future slots, so they are written as records).
      const services = await sql<{ id: number; code: string; branch_id: number }>`SELECT id, code, branch_id FROM clinic_services
        WHERE branch_id = (SELECT id FROM clinic_branches WHERE code = 'central')`.execute(db());
      const doctor = await sql<{ id: number }>`SELECT id FROM clinic_doctors WHERE code = 'seitkali'`.execute(db());
      const service = (code: string) => services.rows.find((row) => row.code === code)!;
      ecgId = service('ecg').id;
      const visit = async (patient: string, code: string, at: string, status = 'completed') => {
        const { id, branch_id } = service(code);
        await sql`INSERT INTO clinic_appointments (patient_id, doctor_id, branch_id, service_id, starts_at, ends_at, status)
          VALUES (${patientIds[patient]}, ${doctor.rows[0]!.id}, ${branch_id}, ${id}, ${new Date(at)},
                  ${new Date(new Date(at).getTime() + 1_800_000)}, ${status})`.execute(db());
      };
      await visit('anna', 'therapist', '2029-11-05T04:00:00Z');
      await visit('anna', 'ecg', '2030-02-10T04:00:00Z');
      await visit('boris', 'therapist', '2029-06-01T04:00:00Z');
      await visit('boris', 'ecg', '2030-01-20T05:00:00Z', 'no_show');
      await visit('vera', 'therapist', '2030-02-01T06:00:00Z', 'cancelled');
      const patch = (key: string, body: object) => admin.patch(`/api/clinic/patients/${patientIds[key]}`, body);
      assert.equal((await patch('anna', { osms_status: 'insured', tags: ['vip'] })).status, 200);
      assert.equal((await patch('boris', { osms_status: 'not_insured' })).status, 200);

      for (const definition of [
        { key: 'city', label_ru: 'Город', label_en: 'City', type: 'text' },
        { key: 'score', label_ru: 'Баллы', label_en: 'Score', type: 'number' },
        { key: 'vip', label_ru: 'VIP', label_en: 'VIP', type: 'checkbox' },
        { key: 'renewal', label_ru: 'Продление', label_en: 'Renewal', type: 'date' },
      ]) {
        const created = await admin.post('/api/attributes', { applies_to: 'contact', ...definition });
        assert.equal(created.status, 201, JSON.stringify(created.body));
      }
      const values = (who: number, set: object) => admin.patch(`/api/contacts/${who}/attributes`, { values: set });
      assert.equal((await values(contact.anna, { city: 'Almaty', score: 3, renewal: '2030-06-01' })).status, 200);
      assert.equal((await values(contact.dana, { city: 'ALMATY', score: 7, vip: true })).status, 200);
      assert.equal((await values(contact.boris, { city: 'Astana', vip: false })).status, 200);
    });
    after(async () => {
      await server?.stop();
      await sim?.stop();
    });

    const preview = async (conditions: object[], extra: object = {}) => {
      const answer = await admin.post('/api/broadcasts/preview', {
        kind: 'service',
        filter: { channel_id: channelId, conditions, ...extra },
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const ids = (answer.body.sample as Array<{ id: number }>).map((row) => row.id).sort((a, b) => a - b);
      assert.equal(answer.body.count, ids.length, 'a small audience is sampled whole');
      return ids;
    };
    const who = (...keys: Array<keyof typeof contact>) => keys.map((key) => contact[key]).sort((a, b) => a - b);

    test('the fields list the clinic’s and the custom attributes, with labels and options', async () => {
      const listed = await admin.get('/api/broadcasts/segment-fields');
      assert.equal(listed.status, 200);
      const byKey = new Map((listed.body.results as Array<{ key: string }>).map((field) => [field.key, field as any]));
      assert.deepEqual(byKey.get('clinic.age').label, { ru: 'Возраст', kk: 'Жасы', en: 'Age' });
      assert.equal(byKey.get('clinic.age').type, 'number');
      assert.deepEqual(
        byKey.get('clinic.sex').options.map((option: { value: string }) => option.value),
        ['F', 'M'],
      );
      assert.equal(byKey.get('clinic.services').type, 'multi_enum');
      assert.ok(byKey.get('clinic.services').options.some((option: { value: string }) => option.value === String(ecgId)));
      assert.deepEqual(byKey.get('clinic.tags').options, [{ value: 'vip', label: { ru: 'vip', kk: 'vip', en: 'vip' } }]);
      for (const key of ['clinic.osms', 'clinic.last_visit', 'clinic.visits']) assert.ok(byKey.has(key), key);
      assert.deepEqual(byKey.get('attribute.city'), { key: 'attribute.city', type: 'text', label: { ru: 'Город', en: 'City' } });
      assert.equal(byKey.get('attribute.vip').type, 'boolean');
      assert.equal(byKey.get('attribute.renewal').type, 'date');
    });

    test('each clinic field selects exactly the patients it should', async () => {
      const age = (operator: string, value: number) => ({ field: 'clinic.age', operator, value });
      assert.deepEqual(await preview([age('at_least', 35)]), who('anna', 'vera'));
      assert.deepEqual(await preview([age('at_least', 30), age('at_most', 40)]), who('anna', 'boris'));
      assert.deepEqual(await preview([age('equals', 30)]), who('boris'));
      assert.deepEqual(await preview([{ field: 'clinic.sex', operator: 'any_of', value: ['F'] }]), who('anna', 'vera'));
      assert.deepEqual(await preview([{ field: 'clinic.sex', operator: 'none_of', value: ['F'] }]), who('boris'));
      assert.deepEqual(await preview([{ field: 'clinic.services', operator: 'any_of', value: [String(ecgId)] }]), who('anna'));
      assert.deepEqual(
        await preview([{ field: 'clinic.services', operator: 'none_of', value: [String(ecgId)] }]),
        who('boris', 'vera'),
        'a no-show is not a service received',
      );
      assert.deepEqual(await preview([{ field: 'clinic.visits', operator: 'at_least', value: 1 }]), who('anna', 'boris'));
      assert.deepEqual(await preview([{ field: 'clinic.visits', operator: 'at_least', value: 2 }]), who('anna'));
      assert.deepEqual(await preview([{ field: 'clinic.visits', operator: 'equals', value: 0 }]), who('vera'), 'cancelled is no visit');
      assert.deepEqual(await preview([{ field: 'clinic.last_visit', operator: 'at_least', value: '2030-02-10' }]), who('anna'));
      assert.deepEqual(await preview([{ field: 'clinic.last_visit', operator: 'at_most', value: '2030-02-09' }]), who('boris'));
      assert.deepEqual(await preview([{ field: 'clinic.last_visit', operator: 'is_set', value: false }]), who('vera'));
      assert.deepEqual(await preview([{ field: 'clinic.osms', operator: 'any_of', value: ['insured'] }]), who('anna'));
      assert.deepEqual(await preview([{ field: 'clinic.osms', operator: 'any_of', value: ['unknown'] }]), who('vera'));
      assert.deepEqual(await preview([{ field: 'clinic.tags', operator: 'any_of', value: ['vip'] }]), who('anna'));
    });

    test('custom attributes filter by type, and conditions of different parts intersect', async () => {
      const city = (operator: string, value: unknown) => ({ field: 'attribute.city', operator, value });
      assert.deepEqual(await preview([city('equals', 'almaty')]), who('anna', 'dana'), 'text equals ignores case');
      assert.deepEqual(await preview([city('contains', 'STAN')]), who('boris'));
      assert.deepEqual(await preview([city('is_set', false)]), who('vera'));
      assert.deepEqual(await preview([{ field: 'attribute.score', operator: 'at_least', value: 5 }]), who('dana'));
      assert.deepEqual(await preview([{ field: 'attribute.score', operator: 'at_most', value: 5 }]), who('anna'));
      assert.deepEqual(await preview([{ field: 'attribute.vip', operator: 'equals', value: true }]), who('dana'));
      assert.deepEqual(await preview([{ field: 'attribute.vip', operator: 'equals', value: false }]), who('anna', 'boris', 'vera'));
      assert.deepEqual(await preview([{ field: 'attribute.renewal', operator: 'at_least', value: '2030-05-31' }]), who('anna'));
      const annaOnly = [city('equals', 'Almaty'), { field: 'clinic.age', operator: 'at_least', value: 35 }];
      assert.deepEqual(await preview(annaOnly), who('anna'));
    });

    test('the last inbound message is the customer’s own, not the conversation’s last', async () => {
      // Dana last wrote ten days ago; the bot's later answers keep her conversation's last message recent.
      await sql`UPDATE messages SET sent_at = now() - interval '10 days'
        WHERE direction = 'in' AND conversation_id IN (SELECT id FROM conversations WHERE contact_id = ${contact.dana})`.execute(db());
      const fiveDaysAgo = new Date(Date.now() - 5 * 86_400_000).toISOString();
      assert.deepEqual(await preview([], { last_message_after: fiveDaysAgo }), who('anna', 'boris', 'vera', 'dana'));
      assert.deepEqual(await preview([], { last_inbound_after: fiveDaysAgo }), who('anna', 'boris', 'vera'));
      assert.deepEqual(await preview([], { last_inbound_before: fiveDaysAgo }), who('dana'));
    });

    test('a broadcast’s recipients are exactly the segment’s', async () => {
      const conditions = [{ field: 'clinic.sex', operator: 'any_of', value: ['F'] }];
      const segment = await admin.post('/api/broadcasts/segments', { name: 'Women', filter: { channel_id: channelId, conditions } });
      assert.equal(segment.status, 201, JSON.stringify(segment.body));
      const created = await admin.post('/api/broadcasts', {
        name: 'Clinic closed on Friday',
        kind: 'service',
        filter: segment.body.filter,
        texts: { default: 'Клиника закрыта в пятницу.' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const started = await admin.post(`/api/broadcasts/${created.body.id}/start`);
      assert.equal(started.status, 200, JSON.stringify(started.body));
      assert.equal(started.body.recipients, 2);
      const recipients = await sql<{ contact_id: number }>`
        SELECT contact_id FROM broadcast_recipients WHERE broadcast_id = ${created.body.id} ORDER BY contact_id`.execute(db());
      assert.deepEqual(
        recipients.rows.map((row) => row.contact_id),
        who('anna', 'vera'),
      );
    });

    test('hostile conditions are refused with a precise 422 and nothing is written', async () => {
      const refused = async (condition: object, code: string, pattern: RegExp) => {
        const filter = { channel_id: channelId, conditions: [{ field: 'clinic.age', operator: 'at_least', value: 1 }, condition] };
        for (const [path, body] of [
          ['/api/broadcasts/preview', { kind: 'service', filter }],
          ['/api/broadcasts/segments', { name: 'Bad', filter }],
          ['/api/broadcasts', { name: 'Bad', kind: 'service', filter, texts: { default: 'x' } }],
        ] as const) {
          const answer = await admin.post(path, body);
          assert.equal(answer.status, 422, `${path}: ${JSON.stringify(answer.body)}`);
          assert.equal(answer.body.error.code, code, path);
          assert.match(answer.body.error.message, pattern);
          assert.match(answer.body.error.message, /conditions\[1\]/);
        }
      };
      const counted = async () =>
        (await sql<{ n: string }>`SELECT (SELECT count(*) FROM broadcasts) + (SELECT count(*) FROM broadcast_segments) AS n`.execute(db()))
          .rows[0]!.n;
      const before = await counted();
      await refused({ field: 'clinic.height', operator: 'at_least', value: 1 }, 'unknown_segment_field', /clinic\.height/);
      await refused({ field: 'attribute.nope', operator: 'is_set', value: true }, 'unknown_segment_field', /attribute\.nope/);
      await refused({ field: 'age', operator: 'at_least', value: 1 }, 'unknown_segment_field', /"age"/);
      await refused({ field: 'clinic.age', operator: 'contains', value: '4' }, 'segment_operator_not_allowed', /number field/);
      await refused({ field: 'clinic.sex', operator: 'equals', value: 'F' }, 'segment_operator_not_allowed', /any_of/);
      await refused({ field: 'clinic.age', operator: 'at_least', value: 'forty' }, 'invalid_segment_value', /number/);
      await refused({ field: 'clinic.last_visit', operator: 'at_least', value: '2030-02-30' }, 'invalid_segment_value', /YYYY-MM-DD/);
      await refused({ field: 'clinic.sex', operator: 'any_of', value: ['X'] }, 'invalid_segment_value', /"X" is not an option/);
      await refused({ field: 'clinic.sex', operator: 'any_of', value: [] }, 'invalid_segment_value', /list of 1–100/);
      await refused({ field: 'attribute.vip', operator: 'equals', value: 'yes' }, 'invalid_segment_value', /true or false/);
      await refused({ field: 'attribute.city', operator: 'is_set', value: 'yes' }, 'invalid_segment_value', /is_set/);
      // The shape itself (an operator no type has, a field that is not a string) fails the schema.
      const shape = await admin.post('/api/broadcasts/preview', {
        kind: 'service',
        filter: { channel_id: channelId, conditions: [{ field: 'clinic.age', operator: 'like', value: 1 }] },
      });
      assert.deepEqual([shape.status, shape.body.error.code], [400, 'invalid_input'], JSON.stringify(shape.body));
      assert.match(shape.body.error.message, /conditions\.0\.operator/);
      assert.equal(await counted(), before, 'nothing was written');
    });
  });
}
