// The clinic's records (issue 21): a patient's documents, the FAQ, the audit log.
// The request and answer types are the API contract's (@switchboard/contract, clinic-records.ts, clinic-patients.ts).
import type {
  ClinicAuditPage,
  ClinicAuditRow,
  ClinicDocument,
  ClinicDocuments,
  ClinicDocumentType,
  ClinicFaq,
  ClinicFaqCategory,
  ClinicFaqCategoryBody,
  ClinicFaqEntry,
  ClinicFaqEntryBody,
  ClinicLinksRevoked,
  ClinicPatientList,
  ClinicPatientRow,
} from '@switchboard/contract';
import { clinicDocumentTypes } from '@switchboard/contract/clinic-values';
import { api, apiUpload } from '../../lib/api.ts';

export type { ClinicDocument } from '@switchboard/contract';
export const documentTypes = clinicDocumentTypes;
export type DocumentType = ClinicDocumentType;
export type PatientRow = ClinicPatientRow;
export type FaqCategory = ClinicFaqCategory;
export type FaqEntry = ClinicFaqEntry;
export type AuditRow = ClinicAuditRow;

export const recordsKey = ['clinic', 'records'] as const;
export const fetchPatients = (q: string) =>
  api.get<ClinicPatientList>(`/api/clinic/patients?limit=50${q ? `&q=${encodeURIComponent(q)}` : ''}`);
export const fetchDocuments = (patientId: number) => api.get<ClinicDocuments>(`/api/clinic/patients/${patientId}/documents`);
export const uploadDocument = (input: { patientId: number; type: DocumentType; title: string; file: File }) =>
  apiUpload<ClinicDocument>(`/api/clinic/patients/${input.patientId}/documents`, input.file, input.file.name, {
    fields: { type: input.type, title: input.title },
  });
export const generateCertificate = (input: { patientId: number; appointmentId: number }) =>
  api.post<ClinicDocument>(`/api/clinic/patients/${input.patientId}/documents/generate`, {
    template: 'visit_certificate',
    appointment_id: input.appointmentId,
  });
export const revokeLinks = (documentId: number) => api.delete<ClinicLinksRevoked>(`/api/clinic/documents/${documentId}/links`);
export const fetchFaq = (q: string) => api.get<ClinicFaq>(`/api/clinic/faq${q ? `?q=${encodeURIComponent(q)}` : ''}`);
export const addFaqCategory = (input: ClinicFaqCategoryBody) => api.post<FaqCategory>('/api/clinic/faq/categories', input);
export const addFaqEntry = (input: ClinicFaqEntryBody) => api.post<FaqEntry>('/api/clinic/faq/entries', input);
export const deleteFaqEntry = (id: number) => api.delete<void>(`/api/clinic/faq/entries/${id}`);
export const fetchAudit = (patientId: string) =>
  api.get<ClinicAuditPage>(`/api/clinic/audit?limit=100${patientId ? `&patient_id=${patientId}` : ''}`);
