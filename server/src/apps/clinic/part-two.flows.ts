// The bot's "Documents" and "Support" sections and the profile's privacy requests, on the neutral flows:
// clinic.flows.ts hands each pressed payload here first.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { FlowContext } from '../app.ts';
import type { Audit } from './audit.ts';
import type { Documents } from './documents.ts';
import { documentTypes, type DocumentType } from './documents.tables.ts';
import { docText, typeTitle } from './documents.texts.ts';
import type { Faq } from './faq.ts';
import type { Patients } from './patients.ts';
import type { Privacy } from './privacy.ts';
import type { Support } from './support.ts';
import type { ClinicTables, PatientLanguage } from './tables.ts';

type Patient = NonNullable<Awaited<ReturnType<Patients['byChat']>>>;
export type Section = (flow: FlowContext, patient: Patient, payload: string) => Promise<boolean>;

/** Copies handed to the channel to send as files; the cleanup job empties it. */
export const sendFolder = path.join(os.tmpdir(), 'switchboard-clinic-documents');

const title = (language: PatientLanguage, row: { title_ru?: string; title_kk?: string; question_ru?: string; question_kk?: string }) =>
  (language === 'kk' ? (row.title_kk ?? row.question_kk) : (row.title_ru ?? row.question_ru)) ?? '';

export function createPartTwoSection(deps: {
  db: Kysely<ClinicTables>;
  documents: Documents;
  faq: Faq;
  support: Support;
  privacy: Privacy;
  audit: Audit;
}): Section {
  const { db, documents, faq } = deps;
  const back = (language: PatientLanguage, payload: string) => ({ title: docText(language, 'back'), payload });

  async function documentTypesMenu(flow: FlowContext, patient: Patient) {
    const language = patient.language;
    const counts = await db
      .selectFrom('clinic_documents')
      .select(['type', (eb) => eb.fn.countAll<number>().as('count')])
      .where('patient_id', '=', patient.id)
      .where('deleted_at', 'is', null)
      .where('file_id', 'is not', null)
      .groupBy('type')
      .execute();
    if (counts.length === 0) return flow.reply({ type: 'text', text: docText(language, 'docsNone') });
    const present = documentTypes.filter((type) => counts.some((row) => row.type === type));
    flow.reply({
      type: 'choices',
      text: docText(language, 'docsChooseType'),
      rows: present.map((type) => [
        { title: `${typeTitle(language, type)} (${Number(counts.find((row) => row.type === type)!.count)})`, payload: `doc:t:${type}` },
      ]),
    });
  }

  async function documentsOfType(flow: FlowContext, patient: Patient, type: DocumentType) {
    const language = patient.language;
    const rows = (await documents.list(patient.id, type)).slice(0, 20);
    if (rows.length === 0) return flow.reply({ type: 'text', text: docText(language, 'docsNone') });
    flow.reply({
      type: 'choices',
      text: docText(language, 'docsChooseDocument'),
      rows: [...rows.map((row) => [{ title: row.title, payload: `doc:${row.id}` }]), [back(language, 'menu:documents')]],
    });
  }

  /** The file itself, and a link for 48 hours when the server has a public address (PUBLIC_URL). */
  async function sendDocument(flow: FlowContext, patient: Patient, documentId: number) {
    const language = patient.language;
    const found = await documents.find(documentId);
    const file = found && found.patient_id === patient.id ? await documents.read(found.id) : undefined;
    if (!found || !file) return flow.reply({ type: 'text', text: docText(language, 'docsNone') });
    await fs.mkdir(sendFolder, { recursive: true });
    const copy = path.join(sendFolder, `${found.id}-${found.file_id}-${found.file_name.replace(/[^\w.-]/g, '_')}`);
    await fs.writeFile(copy, file.data);
    const link = documents.hasPublicLinks ? await documents.issueLink(found.id, language, `patient:${patient.id}`) : undefined;
    const who = { actor: `patient:${patient.id}`, name: 'the patient, in the bot', ip: null };
    await deps.audit.write(who, { action: 'document.sent', patientId: patient.id, details: { document_id: found.id } });
    flow.reply(
      { type: 'file', path: copy, fileName: found.file_name, mimeType: found.content_type, caption: found.title },
      ...(link ? [{ type: 'text' as const, text: docText(language, 'docLink', { url: link.url }) }] : []),
    );
  }

  async function supportMenu(flow: FlowContext, patient: Patient) {
    const language = patient.language;
    const categories = await faq.categories();
    flow.reply({
      type: 'choices',
      text: docText(language, 'supportIntro'),
      rows: [
        ...categories.map((category) => [{ title: title(language, category), payload: `faq:c:${category.id}` }]),
        [{ title: docText(language, 'askPerson'), payload: 'sup:ask' }],
      ],
    });
  }

  async function faqCategory(flow: FlowContext, patient: Patient, categoryId: number) {
    const language = patient.language;
    const entries = (await faq.entries({ categoryId })).slice(0, 20);
    flow.reply({
      type: 'choices',
      text: docText(language, 'faqChooseQuestion'),
      rows: [
        ...entries.map((entry) => [{ title: title(language, entry), payload: `faq:q:${entry.id}` }]),
        [{ title: docText(language, 'askPerson'), payload: 'sup:ask' }, back(language, 'menu:support')],
      ],
    });
  }

  async function faqAnswer(flow: FlowContext, patient: Patient, entryId: number) {
    const language = patient.language;
    const entry = await faq.entry(entryId);
    if (!entry) return supportMenu(flow, patient);
    flow.reply({
      type: 'choices',
      text: `${language === 'kk' ? entry.question_kk : entry.question_ru}\n\n${language === 'kk' ? entry.answer_kk : entry.answer_ru}`,
      rows: [[{ title: docText(language, 'askPerson'), payload: 'sup:ask' }, back(language, `faq:c:${entry.category_id}`)]],
    });
  }

  return async (flow, patient, payload) => {
    const [kind, second, third] = payload.split(':');
    const language = patient.language;
    if (payload === 'menu:documents') return (await documentTypesMenu(flow, patient), true);
    if (payload === 'menu:support') return (await supportMenu(flow, patient), true);
    if (kind === 'doc' && second === 't' && (documentTypes as readonly string[]).includes(third ?? ''))
      return (await documentsOfType(flow, patient, third as DocumentType), true);
    if (kind === 'doc' && /^\d+$/.test(second ?? '')) return (await sendDocument(flow, patient, Number(second)), true);
    if (kind === 'faq' && second === 'c' && /^\d+$/.test(third ?? '')) return (await faqCategory(flow, patient, Number(third)), true);
    if (kind === 'faq' && second === 'q' && /^\d+$/.test(third ?? '')) return (await faqAnswer(flow, patient, Number(third)), true);
    if (payload === 'sup:ask') {
      const ticket = await deps.support.open({ patient, conversationId: flow.conversationId, text: '', source: 'bot' });
      flow.reply({ type: 'text', text: docText(language, 'supportTicketOpened', { id: ticket.id }) });
      return true;
    }
    if (kind === 'p' && second === 'data' && (third === 'copy' || third === 'delete')) {
      const request = await deps.privacy.request(patient.id, third === 'copy' ? 'copy' : 'deletion');
      const due = request.due_at.toISOString().slice(0, 10).split('-').reverse().join('.');
      flow.reply({
        type: 'text',
        text: docText(language, request.created ? 'privacyRequested' : 'privacyAlready', { id: request.id, due }),
      });
      return true;
    }
    return false;
  };
}

/** The profile's two privacy buttons (clinic.flows.ts adds them to the profile menu). */
export const privacyButtons = (language: PatientLanguage) => [
  { title: docText(language, 'privacyCopy'), payload: 'p:data:copy' },
  { title: docText(language, 'privacyDelete'), payload: 'p:data:delete' },
];
