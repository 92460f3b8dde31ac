// The clinic admin's catalogue (/api/clinic/catalogue, branches, services, doctors, weekly hours, days off) and the
// CSV import. Prices are in tiyn (1 ₸ = 100); hours are minutes of the day in clinic time.
import { z } from 'zod';
import { clinicDayOffKinds, clinicImportKinds } from './clinic-values.ts';

/** A clinic record's id (path or body; a digit string is taken as its number). */
export const clinicRecordId = z.coerce.number<number>().int().positive().max(2_147_483_647);
export const clinicIdParams = z.object({ id: clinicRecordId });

function isCalendarDay(value: string): boolean {
  const [year, month, day] = [Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10))];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A real calendar day as YYYY-MM-DD (2030-02-31 is refused, not rolled over). */
export const clinicDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine(isCalendarDay, 'a real calendar date');
/** "HH:MM" (24:00 allowed) → the minute of the day. */
export const clinicMinuteOfDay = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM')
  .transform((value) => Number(value.split(':')[0]) * 60 + Number(value.split(':')[1]));

const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\w.-]+$/, 'letters, digits, "_", "-" or "."');
const name = z.string().trim().min(1).max(200);

/** POST /api/clinic/branches (PATCH /api/clinic/branches/:id: any of it). */
export const clinicBranchBody = z.object({
  code,
  name_ru: name,
  name_kk: name,
  address: z.string().trim().max(300).default(''),
  is_active: z.boolean().default(true),
});
export type ClinicBranchBody = z.input<typeof clinicBranchBody>;
/** POST /api/clinic/services (PATCH /api/clinic/services/:id: any of it). */
export const clinicServiceBody = z.object({
  branch_id: clinicRecordId,
  code,
  name_ru: name,
  name_kk: name,
  duration_minutes: z.number().int().min(5).max(480),
  price_minor: z.number().int().min(0).max(2_000_000_000_00).meta({ description: 'The price in tiyn (1 ₸ = 100)' }),
  is_active: z.boolean().default(true),
});
export type ClinicServiceBody = z.input<typeof clinicServiceBody>;
/** POST /api/clinic/doctors (PATCH /api/clinic/doctors/:id: any of it; service_ids replaces the list). */
export const clinicDoctorBody = z.object({
  code,
  full_name: name,
  specialty_ru: z.string().trim().max(200).default(''),
  specialty_kk: z.string().trim().max(200).default(''),
  is_active: z.boolean().default(true),
  service_ids: z.array(clinicRecordId).max(200).default([]),
});
export type ClinicDoctorBody = z.input<typeof clinicDoctorBody>;

const time = z.string().pipe(clinicMinuteOfDay);

/** POST /api/clinic/schedules: a doctor's weekly hours at a branch (HH:MM, clinic time), with an optional break. */
export const clinicScheduleBody = z
  .object({
    doctor_id: clinicRecordId,
    branch_id: clinicRecordId,
    weekday: z.number().int().min(1).max(7).meta({ description: 'ISO weekday, 1 = Monday' }),
    start: time,
    end: time,
    break_start: time.nullable().default(null),
    break_end: time.nullable().default(null),
    valid_from: clinicDay.nullable().default(null),
    valid_to: clinicDay.nullable().default(null),
  })
  .refine((row) => row.end > row.start, { message: 'end must be after start', path: ['end'] })
  .refine((row) => (row.break_start === null) === (row.break_end === null), {
    message: 'give both break_start and break_end, or neither',
    path: ['break_end'],
  })
  .refine(
    (row) => row.break_start === null || (row.break_start >= row.start && row.break_end! <= row.end && row.break_end! > row.break_start),
    { message: 'the break must lie within the hours', path: ['break_start'] },
  )
  .refine((row) => !row.valid_from || !row.valid_to || row.valid_to >= row.valid_from, {
    message: 'valid_to must not be before valid_from',
    path: ['valid_to'],
  });
export type ClinicScheduleBody = z.input<typeof clinicScheduleBody>;

/** POST /api/clinic/exceptions: a day off, a doctor's or (doctor_id null) the whole clinic's, whole or some hours. */
export const clinicDayOffBody = z
  .object({
    doctor_id: clinicRecordId.nullable().meta({ description: 'null: the whole clinic (a public holiday)' }),
    day: clinicDay,
    kind: z.enum(clinicDayOffKinds),
    start: time.nullable().default(null),
    end: time.nullable().default(null),
    note: z.string().trim().max(500).default(''),
  })
  .refine((row) => (row.start === null) === (row.end === null), {
    message: 'give both start and end, or neither (the whole day)',
    path: ['end'],
  })
  .refine((row) => row.start === null || row.end! > row.start, { message: 'end must be after start', path: ['end'] });
export type ClinicDayOffBody = z.input<typeof clinicDayOffBody>;

/** POST /api/clinic/import/:kind: a whole CSV file (all of it or nothing). */
export const clinicImportParams = z.object({ kind: z.enum(clinicImportKinds) });
export const clinicImportBody = z.object({ csv: z.string().min(1).max(5_000_000) });
export type ClinicImportBody = z.input<typeof clinicImportBody>;
/** POST /api/clinic/import/:kind */
export interface ClinicImported {
  imported: number;
}

/** A branch (POST/PATCH /api/clinic/branches, GET /api/clinic/catalogue). */
export interface ClinicBranch {
  id: number;
  code: string;
  name_ru: string;
  name_kk: string;
  address: string;
  is_active: boolean;
}
/** A service of a branch (POST/PATCH /api/clinic/services, GET /api/clinic/catalogue); price in tiyn. */
export interface ClinicService {
  id: number;
  branch_id: number;
  code: string;
  name_ru: string;
  name_kk: string;
  duration_minutes: number;
  price_minor: number;
  is_active: boolean;
}
/** A doctor with the services they perform (POST/PATCH /api/clinic/doctors, GET /api/clinic/catalogue). */
export interface ClinicDoctor {
  id: number;
  code: string;
  full_name: string;
  specialty_ru: string;
  specialty_kk: string;
  is_active: boolean;
  service_ids: number[];
}
/** Weekly hours (POST /api/clinic/schedules, GET /api/clinic/catalogue): minutes of the day, clinic time. */
export interface ClinicSchedule {
  id: number;
  doctor_id: number;
  branch_id: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  start_minute: number;
  end_minute: number;
  break_start_minute: number | null;
  break_end_minute: number | null;
  valid_from: string | null;
  valid_to: string | null;
}
/** A day off (POST /api/clinic/exceptions, GET /api/clinic/catalogue); doctor_id null: the whole clinic. */
export interface ClinicDayOff {
  id: number;
  doctor_id: number | null;
  day: string;
  kind: (typeof clinicDayOffKinds)[number];
  start_minute: number | null;
  end_minute: number | null;
  note: string;
}
/** GET /api/clinic/catalogue: days off from 30 days ago on. */
export interface ClinicCatalogue {
  branches: ClinicBranch[];
  services: ClinicService[];
  doctors: ClinicDoctor[];
  schedules: ClinicSchedule[];
  exceptions: ClinicDayOff[];
}
