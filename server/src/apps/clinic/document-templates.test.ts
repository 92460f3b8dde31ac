// A message the clinic starts besides reminders, a new document's notice, on WhatsApp with the patient's window
// closed (issue 23), on both engines against tools/fake-meta: it goes as the template declared for the purpose
// `document` (the shared mechanism, apps/business-starts.ts), the document's title its variable; with none
// declared it fails with the reason and nothing reaches Meta; system health names the account and the clinic's
// purposes that still have no template.
import { createApiClient } from '../../testing/api-client.ts';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testEngines } from '../../testing/harness.ts';
import { startTwoMessengers, type TwoMessengers } from '../../testing/two-messengers.fixture.ts';
import { eventually } from '../../testing/ws-client.ts';
import { importClinic } from './clinic.fixture.ts';
import { makeIin } from './iin.ts';
import { createClinicApp } from './index.ts';

const secret = 'd'.repeat(40);
const dayAgo = 25 * 3600;

for (const engine of testEngines()) {
  describe(`the clinic's document notice outside the WhatsApp window on ${engine}`, () => {
    let world: TwoMessengers;
    const clock = () => new Date(Date.parse('2030-03-04T03:00:00Z'));

    before(async () => {
      world = await startTwoMessengers(engine, { apps: [createClinicApp({ clock })], clock });
      for (const id of [world.botChannelId, world.whatsappChannelId])
        assert.equal((await world.admin.patch(`/api/accounts/${id}`, { apps: ['clinic'] })).status, 200);
      await importClinic(world.admin);
      assert.equal((await world.admin.post('/api/clinic/integrations', { name: 'document test', secret })).status, 201);
      world.meta.control.seedTemplate({
        wabaId: world.phone.wabaId,
        name: 'new_document',
        language: 'ru',
        components: [{ type: 'BODY', text: 'В разделе «Документы» новый документ: {{1}}' }],
      });
      assert.equal((await world.admin.post(`/api/accounts/${world.whatsappChannelId}/templates/sync`)).status, 200);
    });
    after(async () => {
      await world?.stop();
    });

    // The clinic's integrations call with their shared secret as a bearer token.
    const bot = (path: string, body: unknown) =>
      createApiClient(world.server.url).request('POST', path, { body, headers: { authorization: `Bearer ${secret}` } });

    /** A patient whose chat with the clinic is on WhatsApp, last written a day ago (the window closed), with a visit. */
    async function patientOnWhatsApp(name: string, waId: string, birth: string, startsAt: string) {
      const user = world.sim.createUser({ first_name: name, language_code: 'ru' });
      await world.whatsappWrites(waId, name, `${name} on WhatsApp`, dayAgo);
      world.meta.control.setLastInbound({ businessId: world.phone.id, customerId: waId, at: Date.now() - dayAgo * 1000 });
      const upserted = await bot('/api/bot/patient/upsert/', {
        telegram_user_id: String(user.id),
        iin: makeIin(birth, 'M'),
        first_name: name,
        last_name: 'Пациент',
        birth_date: birth,
        sex: 'M',
        language: 'ru',
        consents: { personal_data: true, medical: true, marketing: false },
      });
      assert.equal(upserted.status, 201, JSON.stringify(upserted.body));
      // The patient's latest chat is the WhatsApp one (as when they registered there): the notice goes to it.
      await sql`INSERT INTO clinic_patient_chats (channel_id, external_user_id, chat_id, patient_id, linked_at)
        VALUES (${world.whatsappChannelId}, ${waId}, ${waId}, ${upserted.body.id}, now() + interval '1 minute')`.execute(
        world.server.switchboard.database.db,
      );
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

    const noticeOf = async (documentId: number) =>
      eventually(async () => {
        const { rows } = await sql<any>`SELECT state, last_error_code, last_error FROM outbox
          WHERE reference_type = 'clinic_document' AND reference_id = ${String(documentId)}`.execute(world.server.switchboard.database.db);
        return rows[0] && (rows[0].state === 'sent' || rows[0].state === 'failed') && rows[0];
      });
    const sentTo = (waId: string) => world.meta.control.whatsappSent({ to: waId }).map((sent) => sent.payload as any);

    test('with none declared the notice fails with the reason before Meta, and system health names what is missing', async () => {
      const health = (await world.admin.get('/api/system/status')).body.message_template_gaps;
      assert.deepEqual(health, [
        {
          app: 'clinic',
          purposes_without_template: ['reminder', 'arrival', 'nps', 'document'],
          accounts: [{ id: world.whatsappChannelId, name: 'Clinic WhatsApp', kind: 'whatsapp' }],
        },
      ]);
      const waId = '77032230001';
      const { user, appointmentId } = await patientOnWhatsApp('Безшаблона', waId, '1985-02-10', '2030-03-05T10:00:00+05:00');
      const generated = await bot('/api/bot/documents/generate/', {
        telegram_user_id: String(user.id),
        template: 'visit_certificate',
        appointment_id: appointmentId,
      });
      assert.equal(generated.status, 201, JSON.stringify(generated.body));
      const notice = await noticeOf(generated.body.id);
      assert.equal(notice.state, 'failed');
      assert.equal(notice.last_error_code, 'INVALID_INPUT');
      assert.match(notice.last_error, /No template is declared for “clinic\.document”/);
      assert.ok(
        !sentTo(waId).some((payload) => JSON.stringify(payload).includes('анықтама') || JSON.stringify(payload).includes('справк')),
      );
      assert.ok(!sentTo(waId).some((payload) => payload.type === 'template'), 'nothing of the notice reached Meta');
    });

    test('declared, the notice goes as its template with the title, and health stops naming the purpose', async () => {
      const declared = { document: { name: 'new_document', parameters: ['title'] } };
      const saved = await world.admin.put('/api/apps/clinic/settings', { message_templates: declared });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const unknownValue = await world.admin.put('/api/apps/clinic/settings', {
        message_templates: { document: { name: 'new_document', parameters: ['doctor'] } },
      });
      assert.equal(unknownValue.status, 400, 'a document’s template takes only the values the purpose names');
      const gaps = (await world.admin.get('/api/system/status')).body.message_template_gaps;
      assert.deepEqual(gaps[0].purposes_without_template, ['reminder', 'arrival', 'nps']);

      const waId = '77032230002';
      const { user, appointmentId } = await patientOnWhatsApp('Сшаблоном', waId, '1986-04-12', '2030-03-05T10:30:00+05:00');
      const generated = await bot('/api/bot/documents/generate/', {
        telegram_user_id: String(user.id),
        template: 'visit_certificate',
        appointment_id: appointmentId,
      });
      assert.equal(generated.status, 201, JSON.stringify(generated.body));
      assert.equal((await noticeOf(generated.body.id)).state, 'sent');
      const sent = sentTo(waId).find((payload) => payload.type === 'template');
      assert.equal(sent.template.name, 'new_document');
      assert.equal(sent.template.language.code, 'ru');
      const body = sent.template.components.find((component: any) => component.type === 'body');
      assert.deepEqual(
        body.parameters.map((parameter: any) => parameter.text),
        [generated.body.title],
      );
    });
  });
}
