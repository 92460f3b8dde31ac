// What staff routes, the bot API and the bot share about documents: the patient, generating from a template,
// and telling the patient a new document is there (a button that opens it in the bot).
import type { Kysely } from 'kysely';
import { notFound } from '../../platform/index.ts';
import type { AppContext } from '../app.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import { generateDocument, type TemplateName } from './document-templates.ts';
import type { Documents } from './documents.ts';
import { docText } from './documents.texts.ts';
import type { Patients } from './patients.ts';
import type { ClinicTables, PatientLanguage } from './tables.ts';
import type { Tickets } from './tickets.ts';

export type DocumentService = ReturnType<typeof createDocumentService>;
type PatientRow = {
  id: number;
  first_name: string;
  last_name: string;
  patronymic: string | null;
  language: PatientLanguage;
  birth_date_sealed: string;
};

export function createDocumentService(deps: {
  db: Kysely<ClinicTables>;
  context: Pick<AppContext<ClinicTables, ClinicSettings>, 'delivery' | 'settings' | 'business' | 'businessStarts'>;
  documents: Documents;
  patients: Patients;
  tickets: Tickets;
  clock(): Date;
}) {
  const { db, context, documents, patients } = deps;

  return {
    async patient(patientId: number): Promise<PatientRow> {
      const found = await db
        .selectFrom('clinic_patients')
        .select(['id', 'first_name', 'last_name', 'patronymic', 'language', 'birth_date_sealed'])
        .where('id', '=', patientId)
        .executeTakeFirst();
      if (!found) throw notFound(`Patient ${patientId}`);
      return found;
    },
    async languageOf(patientId: number): Promise<PatientLanguage> {
      const found = await db.selectFrom('clinic_patients').select('language').where('id', '=', patientId).executeTakeFirst();
      return found?.language ?? 'ru';
    },
    async generate(
      patient: PatientRow,
      input: { template: TemplateName; appointment_id?: number; text?: string; language?: PatientLanguage; createdBy: string },
    ) {
      const [settings, business] = await Promise.all([context.settings.read(), context.business.read()]);
      const generated = await generateDocument(
        {
          template: input.template,
          language: input.language ?? patient.language,
          patient: { ...patient, birthDate: patients.birthDateOf(patient) },
          appointmentId: input.appointment_id,
          text: input.text,
        },
        { tickets: deps.tickets, business, timeZone: settings.time_zone, now: deps.clock() },
      );
      return documents.create({
        patientId: patient.id,
        type: generated.type,
        title: generated.title,
        fileName: generated.fileName,
        contentType: 'application/pdf',
        data: generated.data,
        source: 'template',
        template: input.template,
        createdBy: input.createdBy,
      });
    },
    /**
     * Tells the patient in their chat, through the outbox (retried, once per document); a patient without a chat
     * (registered elsewhere) finds it in the bot later.
     */
    async notify(document: { id: number; patient_id: number; title: string }): Promise<void> {
      const [language, chat] = await Promise.all([this.languageOf(document.patient_id), patients.chatOf(document.patient_id)]);
      if (!chat) return;
      await context.delivery.send({
        channelId: chat.channel_id,
        lane: 'notification',
        idempotencyKey: `clinic-document:${document.id}`,
        reference: { type: 'clinic_document', id: document.id },
        message: {
          chatId: chat.chat_id,
          businessStart: await context.businessStarts.mark('document', language, { title: document.title }),
          text: docText(language, 'docNew', { title: document.title }),
          choices: [[{ title: docText(language, 'docOpen'), payload: `doc:${document.id}` }]],
        },
      });
    },
  };
}
