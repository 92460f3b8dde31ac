// The tables of the clinic's part 2 (migration 0002), merged into ClinicTables so ownTables knows them.
import { clinicDocumentTypes } from '@switchboard/contract';
import type { ColumnType, Generated } from 'kysely';
import type { PatientLanguage } from './tables.ts';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const documentTypes = clinicDocumentTypes;
export type DocumentType = (typeof documentTypes)[number];

export interface ClinicPartTwoTables {
  clinic_documents: {
    id: Generated<number>;
    patient_id: number;
    type: DocumentType;
    title: string;
    file_id: Nullable<string>;
    file_name: string;
    content_type: string;
    size: number;
    source: 'upload' | 'template';
    template: Nullable<string>;
    created_by: string;
    created_at: Timestamp;
    deleted_at: Nullable<Date>;
  };
  clinic_document_links: {
    id: Generated<number>;
    document_id: number;
    token_hash: string;
    language: PatientLanguage;
    created_by: string;
    created_at: Timestamp;
    expires_at: Timestamp;
    revoked_at: Nullable<Date>;
    revoked_by: Nullable<string>;
  };
  clinic_faq_categories: {
    id: Generated<number>;
    title_ru: string;
    title_kk: string;
    title_en: Defaulted<string>;
    position: Defaulted<number>;
  };
  clinic_faq: {
    id: Generated<number>;
    category_id: number;
    question_ru: string;
    question_kk: string;
    question_en: Defaulted<string>;
    answer_ru: string;
    answer_kk: string;
    answer_en: Defaulted<string>;
    position: Defaulted<number>;
    updated_at: Timestamp;
  };
  clinic_support_tickets: {
    id: Generated<number>;
    patient_id: number;
    conversation_id: Nullable<number>;
    text: Defaulted<string>;
    source: 'bot' | 'api';
    status: Defaulted<'open' | 'closed'>;
    created_at: Timestamp;
    closed_at: Nullable<Date>;
  };
  clinic_privacy_requests: {
    id: Generated<number>;
    patient_id: number;
    kind: 'copy' | 'deletion';
    status: Defaulted<'open' | 'done' | 'rejected'>;
    created_at: Timestamp;
    due_at: Timestamp;
    closed_at: Nullable<Date>;
    closed_by: Nullable<number>;
    note: Defaulted<string>;
  };
}

declare module './tables.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds part 2's tables to the clinic's own
  interface ClinicTables extends ClinicPartTwoTables {}
}
