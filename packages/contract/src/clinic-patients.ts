// The clinic's patients as staff see them (/api/clinic/patients: IIN and birth date masked in lists, whole on the
// audited page of one), a patient's visits and balance, and the audit of who read or changed patient data.
import { z } from 'zod';
import { clinicRecordId } from './clinic-admin.ts';
import type { ClinicStoredAppointmentStatus } from './clinic-reception.ts';
import { clinicPrivacyRequestStatuses, type ClinicPatientLanguage, type ClinicPrivacyRequestStatus } from './clinic-values.ts';

const limit = z.coerce.number<number>().int().min(1).max(200).default(50);

/** GET /api/clinic/patients: q searches names and phone. */
export const clinicPatientsQuery = z.object({ q: z.string().trim().max(100).optional(), cursor: z.string().max(512).optional(), limit });
export type ClinicPatientsQuery = z.input<typeof clinicPatientsQuery>;

/** One of GET /api/clinic/patients: IIN and birth date masked. */
export interface ClinicPatientRow {
  id: number;
  first_name: string;
  last_name: string;
  patronymic: string | null;
  phone: string | null;
  sex: 'M' | 'F';
  language: ClinicPatientLanguage;
  iin: string;
  birth_date: string;
}
/** GET /api/clinic/patients */
export interface ClinicPatientList {
  results: ClinicPatientRow[];
  next_cursor: string | null;
}

export type ClinicConsentKind = 'personal_data' | 'medical' | 'marketing';
/** GET /api/clinic/patients/:id: one patient in full (the read is audited). */
export interface ClinicPatient extends ClinicPatientRow {
  /** The birth date's year in the clear (for segments); null until filled in. */
  birth_year: number | null;
  tags: string[];
  osms_status: 'unknown' | 'insured' | 'not_insured';
  contact_id: number | null;
  iin_override_by: number | null;
  created_at: string;
  updated_at: string;
  /** The latest answer per consent kind. */
  consents: Partial<Record<ClinicConsentKind, boolean>>;
}

/** One of GET /api/clinic/patients/:id/appointments, newest first. */
export interface ClinicPatientVisit {
  id: number;
  starts_at: string;
  ends_at: string;
  status: ClinicStoredAppointmentStatus;
  cancel_reason: string | null;
  doctor: string;
  service_ru: string;
  branch_ru: string;
  /** The service's catalogue price, in tiyn. */
  price_minor: number;
  nps_score: number | null;
  nps_comment: string | null;
}
/** GET /api/clinic/patients/:id/appointments */
export interface ClinicPatientVisits {
  time_zone: string;
  results: ClinicPatientVisit[];
}

/** GET /api/clinic/audit.csv (and GET /api/clinic/audit, with cursor and limit). */
export const clinicAuditFilters = z.object({
  patient_id: clinicRecordId.optional(),
  action: z.string().max(100).optional(),
  actor: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type ClinicAuditFilters = z.infer<typeof clinicAuditFilters>;
/** GET /api/clinic/audit */
export const clinicAuditQuery = clinicAuditFilters.extend({ cursor: z.string().max(512).optional(), limit });
export type ClinicAuditQuery = z.input<typeof clinicAuditQuery>;

/** One entry of GET /api/clinic/audit: who read or changed which patient's data, when and from where. */
export interface ClinicAuditRow {
  id: number;
  at: string;
  /** staff:ID, integration:ID, link:ID, bot … */
  actor: string;
  actor_name: string;
  action: string;
  patient_id: number | null;
  ip: string | null;
  details: unknown;
}
/** GET /api/clinic/audit: newest first. */
export interface ClinicAuditPage {
  results: ClinicAuditRow[];
  next_cursor: string | null;
}

/** GET /api/clinic/privacy-requests */
export const clinicPrivacyRequestsQuery = z.object({ status: z.enum(clinicPrivacyRequestStatuses).optional() });
/** POST /api/clinic/privacy-requests/:id/close */
export const clinicPrivacyCloseBody = z.object({ status: z.enum(['done', 'rejected']), note: z.string().trim().max(2000).default('') });
export type ClinicPrivacyCloseBody = z.input<typeof clinicPrivacyCloseBody>;

/** A patient's request for a copy of their data or its deletion (POST /api/clinic/privacy-requests/:id/close). */
export interface ClinicPrivacyRequest {
  id: number;
  patient_id: number;
  kind: 'copy' | 'deletion';
  status: ClinicPrivacyRequestStatus;
  created_at: string;
  due_at: string;
  closed_at: string | null;
  closed_by: number | null;
  note: string;
}
/** GET /api/clinic/privacy-requests: open ones first, by due date. */
export interface ClinicPrivacyRequests {
  results: Array<ClinicPrivacyRequest & { first_name: string; last_name: string; overdue: boolean }>;
}
