// The clinic's records: a patient's documents (uploaded or generated from a template; shared by revocable
// download links) and the FAQ in Russian, Kazakh and English.
import { z } from 'zod';
import { clinicRecordId } from './clinic-admin.ts';
import { clinicDocumentTemplates, clinicDocumentTypes, type ClinicDocumentType } from './clinic-values.ts';

/** GET /api/clinic/patients/:id/documents */
export const clinicDocumentsQuery = z.object({ type: z.enum(clinicDocumentTypes).optional() });
/** POST /api/clinic/patients/:id/documents (multipart/form-data): the fields beside the file. */
export const clinicUploadFields = z.object({ type: z.enum(clinicDocumentTypes), title: z.string().trim().min(1).max(200) });
export type ClinicUploadFields = z.input<typeof clinicUploadFields>;
/** POST /api/clinic/patients/:id/documents/generate */
export const clinicGenerateBody = z.object({
  template: z.enum(clinicDocumentTemplates),
  appointment_id: clinicRecordId.optional(),
  text: z.string().max(10_000).optional(),
  language: z.enum(['ru', 'kk']).optional(),
});
export type ClinicGenerateBody = z.input<typeof clinicGenerateBody>;

/** GET /api/clinic/document-links/:token: the public download link (the link is the permission). */
export const clinicDocumentLinkParams = z.object({ token: z.string().min(10).max(100) });

/** A patient's document (GET /api/clinic/patients/:id/documents, its upload and generate). */
export interface ClinicDocument {
  id: number;
  patient_id: number;
  type: ClinicDocumentType;
  title: string;
  file_name: string;
  content_type: string;
  /** Bytes. */
  size: number;
  source: 'upload' | 'template';
  /** The template it was generated from; null for uploads. */
  template: string | null;
  created_by: string;
  created_at: string;
}
/** GET /api/clinic/patients/:id/documents: newest first. */
export interface ClinicDocuments {
  results: ClinicDocument[];
}
/** POST /api/clinic/documents/:id/links: a download link for 48 hours (url is absolute with PUBLIC_URL). */
export interface ClinicDocumentLink {
  url: string;
  path: string;
  expires_at: string;
}
/** DELETE /api/clinic/documents/:id/links: how many working links were revoked. */
export interface ClinicLinksRevoked {
  revoked: number;
}

const short = z.string().trim().min(1).max(300);
const long = z.string().trim().min(1).max(4000);
const position = z.number().int().min(0).max(10_000).default(0);

/** GET /api/clinic/faq: q searches every language's question and answer. */
export const clinicFaqQuery = z.object({ q: z.string().trim().max(200).optional() });
/** POST /api/clinic/faq/categories (PATCH …/:id: any of it). */
export const clinicFaqCategoryBody = z.object({
  title_ru: short,
  title_kk: short,
  title_en: z.string().trim().max(300).default(''),
  position,
});
export type ClinicFaqCategoryBody = z.input<typeof clinicFaqCategoryBody>;
/** POST /api/clinic/faq/entries (PATCH …/:id: any of it). */
export const clinicFaqEntryBody = z.object({
  category_id: clinicRecordId,
  question_ru: short,
  question_kk: short,
  question_en: z.string().trim().max(300).default(''),
  answer_ru: long,
  answer_kk: long,
  answer_en: z.string().trim().max(4000).default(''),
  position,
});
export type ClinicFaqEntryBody = z.input<typeof clinicFaqEntryBody>;

/** A FAQ category (GET /api/clinic/faq, POST/PATCH /api/clinic/faq/categories). */
export interface ClinicFaqCategory {
  id: number;
  title_ru: string;
  title_kk: string;
  title_en: string;
  position: number;
}
/** A FAQ question (GET /api/clinic/faq, POST/PATCH /api/clinic/faq/entries). */
export interface ClinicFaqEntry {
  id: number;
  category_id: number;
  question_ru: string;
  question_kk: string;
  question_en: string;
  answer_ru: string;
  answer_kk: string;
  answer_en: string;
  position: number;
  updated_at: string;
}
/** GET /api/clinic/faq: by position. */
export interface ClinicFaq {
  categories: ClinicFaqCategory[];
  entries: ClinicFaqEntry[];
}
