// The clinic's records (issue 21): a patient's documents, the FAQ, the audit log.
import { api, apiUpload } from '../../lib/api.ts';

export const documentTypes = ['visit_summary', 'lab_result', 'certificate', 'invoice', 'other'] as const;
export type DocumentType = (typeof documentTypes)[number];

export interface PatientRow {
  id: number;
  first_name: string;
  last_name: string;
  patronymic: string | null;
  phone: string | null;
  iin: string;
  birth_date: string;
}
export interface ClinicDocument {
  id: number;
  type: DocumentType;
  title: string;
  file_name: string;
  size: number;
  source: 'upload' | 'template';
  created_at: string;
}
export interface FaqCategory {
  id: number;
  title_ru: string;
  title_kk: string;
  title_en: string;
}
export interface FaqEntry {
  id: number;
  category_id: number;
  question_ru: string;
  question_kk: string;
  question_en: string;
  answer_ru: string;
  answer_kk: string;
  answer_en: string;
}
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  actor_name: string;
  action: string;
  patient_id: number | null;
  ip: string | null;
}

export const recordsKey = ['clinic', 'records'] as const;
export const fetchPatients = (q: string) =>
  api.get<{ results: PatientRow[] }>(`/api/clinic/patients?limit=50${q ? `&q=${encodeURIComponent(q)}` : ''}`);
export const fetchDocuments = (patientId: number) => api.get<{ results: ClinicDocument[] }>(`/api/clinic/patients/${patientId}/documents`);
export const uploadDocument = (input: { patientId: number; type: DocumentType; title: string; file: File }) =>
  apiUpload<ClinicDocument>(`/api/clinic/patients/${input.patientId}/documents`, input.file, input.file.name, {
    fields: { type: input.type, title: input.title },
  });
export const generateCertificate = (input: { patientId: number; appointmentId: number }) =>
  api.post<ClinicDocument>(`/api/clinic/patients/${input.patientId}/documents/generate`, {
    template: 'visit_certificate',
    appointment_id: input.appointmentId,
  });
export const revokeLinks = (documentId: number) => api.delete<{ revoked: number }>(`/api/clinic/documents/${documentId}/links`);
export const fetchFaq = (q: string) =>
  api.get<{ categories: FaqCategory[]; entries: FaqEntry[] }>(`/api/clinic/faq${q ? `?q=${encodeURIComponent(q)}` : ''}`);
export const addFaqCategory = (input: Omit<FaqCategory, 'id'>) => api.post<FaqCategory>('/api/clinic/faq/categories', input);
export const addFaqEntry = (input: Omit<FaqEntry, 'id'>) => api.post<FaqEntry>('/api/clinic/faq/entries', input);
export const deleteFaqEntry = (id: number) => api.delete<void>(`/api/clinic/faq/entries/${id}`);
export const fetchAudit = (patientId: string) =>
  api.get<{ results: AuditRow[]; next_cursor: string | null }>(`/api/clinic/audit?limit=100${patientId ? `&patient_id=${patientId}` : ''}`);
