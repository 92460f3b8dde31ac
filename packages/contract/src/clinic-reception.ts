// The clinic's reception (/api/clinic/appointments: a day's appointments, marking arrivals) and NPS reports.
// Times are instants (ISO); days are YYYY-MM-DD in clinic time.
import { z } from 'zod';
import { clinicDay } from './clinic-admin.ts';
import { clinicAppointmentStatuses, clinicWaitlistStatuses, type ClinicAppointmentStatus } from './clinic-values.ts';

/** As stored: staff's statuses, or 'held' (a freed slot kept for a waitlist offer; never shown on reception's day). */
export type ClinicStoredAppointmentStatus = ClinicAppointmentStatus | 'held';

/** GET /api/clinic/appointments: the day (clinic time; default today), optionally one branch. */
export const clinicDayQuery = z.object({ date: clinicDay.optional(), branch_id: z.coerce.number<number>().int().positive().optional() });
export type ClinicDayQuery = z.input<typeof clinicDayQuery>;

/** PATCH /api/clinic/appointments/:id: reception marks an appointment or cancels it. */
export const clinicAppointmentPatch = z.object({
  status: z.enum(clinicAppointmentStatuses),
  cancel_reason: z.string().max(500).optional(),
});
export type ClinicAppointmentPatch = z.input<typeof clinicAppointmentPatch>;

/** How one reminder of an appointment went out. */
export interface ClinicReminderShown {
  stage: string;
  at: string;
  /** sent, or skipped (quiet hours) */
  outcome: string;
  /** null for skipped stages; claimed | pending | delivered | failed | unreachable */
  delivery: 'claimed' | 'pending' | 'delivered' | 'failed' | 'unreachable' | null;
  /** The account that delivered it. */
  channel_id: number | null;
  error: string | null;
  cascade_id: number | null;
}

/** One appointment of GET /api/clinic/appointments, with its patient, doctor, service and branch. */
export interface ClinicDayAppointment {
  id: number;
  starts_at: string;
  ends_at: string;
  status: ClinicAppointmentStatus;
  branch_id: number;
  doctor_id: number;
  cancel_reason: string | null;
  first_name: string;
  last_name: string;
  patronymic: string | null;
  phone: string | null;
  doctor: string;
  service_ru: string;
  service_kk: string;
  branch_ru: string;
  reminders: ClinicReminderShown[];
}
/** GET /api/clinic/appointments */
export interface ClinicDay {
  date: string;
  time_zone: string;
  results: ClinicDayAppointment[];
}

/** An appointment as stored (PATCH /api/clinic/appointments/:id). */
export interface ClinicAppointment {
  id: number;
  patient_id: number;
  doctor_id: number;
  branch_id: number;
  service_id: number;
  starts_at: string;
  ends_at: string;
  status: ClinicStoredAppointmentStatus;
  cancel_reason: string | null;
  source: string;
  created_at: string;
  updated_at: string;
}

/** GET /api/clinic/nps: from (default 90 days ago) up to, not including, to (default tomorrow). */
export const clinicNpsQuery = z.object({ from: clinicDay.optional(), to: clinicDay.optional() });
export type ClinicNpsQuery = z.input<typeof clinicNpsQuery>;
/** GET /api/clinic/nps/detractors */
export const clinicDetractorsQuery = clinicNpsQuery.extend({ limit: z.coerce.number<number>().int().min(1).max(500).default(100) });
export type ClinicDetractorsQuery = z.input<typeof clinicDetractorsQuery>;

/** One group's NPS (−100 … 100) and how many answered. */
export interface ClinicNpsGroup {
  id: number;
  name: string;
  nps: number;
  answers: number;
}
/** GET /api/clinic/nps */
export interface ClinicNpsReport {
  from: string;
  to: string;
  doctors: ClinicNpsGroup[];
  branches: ClinicNpsGroup[];
  /** week: the Monday it starts (YYYY-MM-DD). */
  weeks: Array<{ week: string; nps: number; answers: number }>;
}
/** One detractor (score 0–6) of GET /api/clinic/nps/detractors. */
export interface ClinicDetractor {
  appointment_id: number;
  score: number;
  comment: string | null;
  created_at: string;
  doctor: string;
  branch_ru: string;
}
/** GET /api/clinic/nps/detractors: newest first. */
export interface ClinicDetractors {
  from: string;
  to: string;
  results: ClinicDetractor[];
}

/** GET /api/clinic/waitlist: open entries first, oldest first. */
export const clinicWaitlistQuery = z.object({ status: z.enum(clinicWaitlistStatuses).optional() });
