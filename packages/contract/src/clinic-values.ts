// The clinic app's plain lists (no zod here: the web app imports this at run time,
// @switchboard/contract/clinic-values); the schemas in clinic-*.ts and the server's tables are built from them.

/** The statuses staff set on an appointment; the server also keeps 'held' (a slot held for a waitlist offer). */
export const clinicAppointmentStatuses = ['booked', 'confirmed', 'arrived', 'completed', 'no_show', 'cancelled'] as const;
export type ClinicAppointmentStatus = (typeof clinicAppointmentStatuses)[number];
/** What the CSV import reads (POST /api/clinic/import/:kind). */
export const clinicImportKinds = ['branches', 'services', 'doctors', 'schedules', 'exceptions'] as const;
export type ClinicImportKind = (typeof clinicImportKinds)[number];
/** A day off's kind: the clinic's (holiday) or a doctor's. */
export const clinicDayOffKinds = ['holiday', 'leave', 'sick', 'other'] as const;
export type ClinicDayOffKind = (typeof clinicDayOffKinds)[number];

export const clinicDocumentTypes = ['visit_summary', 'lab_result', 'certificate', 'invoice', 'other'] as const;
export type ClinicDocumentType = (typeof clinicDocumentTypes)[number];
/** The PDFs the clinic generates from a template. */
export const clinicDocumentTemplates = ['visit_certificate', 'visit_summary'] as const;
export type ClinicDocumentTemplate = (typeof clinicDocumentTemplates)[number];

export const clinicInvoiceStatuses = ['pending', 'paid', 'failed', 'refunded', 'expired'] as const;
export type ClinicInvoiceStatus = (typeof clinicInvoiceStatuses)[number];

export const clinicWaitlistStatuses = ['waiting', 'offered', 'booked', 'declined', 'expired', 'withdrawn'] as const;
export type ClinicWaitlistStatus = (typeof clinicWaitlistStatuses)[number];

export const clinicPrivacyRequestStatuses = ['open', 'done', 'rejected'] as const;
export type ClinicPrivacyRequestStatus = (typeof clinicPrivacyRequestStatuses)[number];

/** The languages a patient is served in. */
export type ClinicPatientLanguage = 'ru' | 'kk';
