// Documents generated from templates: a visit certificate (справка о посещении) and a visit summary
// (заключение), filled from the patient and the appointment, printed with the clinic's details.
import { clinicDocumentTemplates } from '@switchboard/contract';
import type { BusinessDetails } from '../../platform/index.ts';
import { renderClinicDocument } from './document-pdf.ts';
import { DocumentRefused } from './documents.ts';
import type { DocumentType } from './documents.tables.ts';
import { docText } from './documents.texts.ts';
import { toLocal } from './clinic-time.ts';
import type { PatientLanguage } from './tables.ts';
import type { Tickets } from './tickets.ts';

export const templates = clinicDocumentTemplates;
export type TemplateName = (typeof templates)[number];
export const templateType: Record<TemplateName, DocumentType> = { visit_certificate: 'certificate', visit_summary: 'visit_summary' };

const dotted = (isoDay: string) => isoDay.split('-').reverse().join('.');

export interface GenerateInput {
  template: TemplateName;
  language: PatientLanguage;
  patient: { id: number; first_name: string; last_name: string; patronymic: string | null; birthDate: string };
  appointmentId?: number;
  text?: string;
}

/** The PDF and its title; refuses (DocumentRefused) what the template cannot be filled from. */
export async function generateDocument(
  input: GenerateInput,
  deps: { tickets: Tickets; business: BusinessDetails; timeZone: string; now: Date },
): Promise<{ title: string; fileName: string; data: Buffer; type: DocumentType }> {
  const say = (key: Parameters<typeof docText>[1], values?: Record<string, string>) => docText(input.language, key, values);
  const name = [input.patient.last_name, input.patient.first_name, input.patient.patronymic].filter(Boolean).join(' ');
  if (!input.appointmentId)
    throw new DocumentRefused(`appointment_id: the ${input.template} template is about a visit; name the appointment.`);
  const appointment = await deps.tickets.details(input.appointmentId);
  if (!appointment || appointment.patient_id !== input.patient.id)
    throw new DocumentRefused(`appointment_id: appointment ${input.appointmentId} is not this patient's.`);
  if (input.template === 'visit_summary' && !input.text?.trim())
    throw new DocumentRefused('text: a visit summary needs the doctor\'s conclusion in "text".');
  const visit = deps.tickets.describe(appointment, input.language, deps.timeZone);
  const title = say(input.template === 'visit_certificate' ? 'certificateTitle' : 'summaryTitle');
  const facts: Array<[string, string]> = [
    [say('patient'), name],
    [say('birthDate'), dotted(input.patient.birthDate)],
    [say('visit'), `${visit.day}, ${visit.time}`],
    [say('branch'), `${visit.branch}${visit.address ? `, ${visit.address}` : ''}`],
    [say('service'), visit.service],
    [say('doctor'), visit.doctor],
  ];
  const body =
    input.template === 'visit_certificate'
      ? [say('certificateBody', { name, date: visit.day })]
      : input
          .text!.split(/\n{2,}/)
          .map((paragraph) => paragraph.trim())
          .filter(Boolean);
  const data = await renderClinicDocument(deps.business, input.language, {
    title,
    facts,
    body,
    issuedLabel: say('issued'),
    issuedOn: dotted(toLocal(deps.now, deps.timeZone).day),
  });
  return {
    title: `${title} — ${visit.day}`,
    fileName: `${input.template}-${input.appointmentId}.pdf`,
    data,
    type: templateType[input.template],
  };
}
