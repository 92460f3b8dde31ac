import { clinicAppointmentStatuses } from '@switchboard/contract';
import type { ColumnType, Generated } from 'kysely';
import type { PaymentTables } from './payments.tables.ts';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const appointmentStatuses = clinicAppointmentStatuses;
/** 'held': a freed slot kept for a waiting patient while their offer is open (waitlist.ts); staff never set it. */
export type AppointmentStatus = (typeof appointmentStatuses)[number] | 'held';
export type PatientLanguage = 'ru' | 'kk';
export type ConsentKind = 'personal_data' | 'medical' | 'marketing';

/** The tables the clinic app owns (clinic/migrations): all it reaches directly. */
export interface ClinicTables extends PaymentTables {
  clinic_branches: {
    id: Generated<number>;
    code: string;
    name_ru: string;
    name_kk: string;
    address: Defaulted<string>;
    is_active: Defaulted<boolean>;
  };
  clinic_services: {
    id: Generated<number>;
    branch_id: number;
    code: string;
    name_ru: string;
    name_kk: string;
    duration_minutes: number;
    // migration 0006: tiyn (bigint: a string from the PostgreSQL driver, so read it through Number())
    price_minor: ColumnType<string | number, number, number>;
    is_active: Defaulted<boolean>;
  };
  clinic_doctors: {
    id: Generated<number>;
    code: string;
    full_name: string;
    specialty_ru: Defaulted<string>;
    specialty_kk: Defaulted<string>;
    is_active: Defaulted<boolean>;
  };
  clinic_doctor_services: { doctor_id: number; service_id: number };
  clinic_schedules: {
    id: Generated<number>;
    doctor_id: number;
    branch_id: number;
    weekday: number;
    start_minute: number;
    end_minute: number;
    break_start_minute: Nullable<number>;
    break_end_minute: Nullable<number>;
    valid_from: Nullable<string>;
    valid_to: Nullable<string>;
  };
  clinic_schedule_exceptions: {
    id: Generated<number>;
    doctor_id: Nullable<number>;
    day: string;
    kind: 'holiday' | 'leave' | 'sick' | 'other';
    start_minute: Nullable<number>;
    end_minute: Nullable<number>;
    note: Defaulted<string>;
  };
  clinic_patients: {
    id: Generated<number>;
    iin_hash: string;
    iin_sealed: string;
    birth_date_sealed: string;
    /** The birth date's year in the clear (0007): segments by age; null until filled in at start for older rows. */
    birth_year: Nullable<number>;
    first_name: string;
    last_name: string;
    patronymic: Nullable<string>;
    phone: Nullable<string>;
    sex: 'M' | 'F';
    language: Defaulted<PatientLanguage>;
    tags: Defaulted<string[]>;
    osms_status: Defaulted<'unknown' | 'insured' | 'not_insured'>;
    contact_id: Nullable<number>;
    iin_override_by: Nullable<number>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  clinic_patient_chats: {
    channel_id: number;
    external_user_id: string;
    chat_id: string;
    patient_id: number;
    linked_at: Timestamp;
  };
  clinic_consents: {
    id: Generated<number>;
    patient_id: number;
    kind: ConsentKind;
    granted: boolean;
    text_version: string;
    channel_id: Nullable<number>;
    recorded_at: Timestamp;
  };
  clinic_appointments: {
    id: Generated<number>;
    patient_id: number;
    doctor_id: number;
    branch_id: number;
    service_id: number;
    starts_at: ColumnType<Date, Date | string, Date | string>;
    ends_at: ColumnType<Date, Date | string, Date | string>;
    status: Defaulted<AppointmentStatus>;
    cancel_reason: Nullable<string>;
    source: Defaulted<string>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  clinic_reminders: {
    appointment_id: number;
    stage: string;
    outcome: 'sent' | 'skipped';
    at: ColumnType<Date, Date | string, Date | string>;
    cascade_id: Nullable<number>;
    /** bigint: PostgreSQL hands it back as a string; read it with Number(). */
    outbox_id: Nullable<number | string>;
    delivery: Nullable<ReminderDelivery>;
    delivered_channel_id: Nullable<number>;
    delivery_error: Nullable<string>;
  };
  clinic_feedback: { appointment_id: number; score: number; comment: Nullable<string>; created_at: Timestamp };
  clinic_keys: { name: string; sealed: string };
  clinic_integrations: {
    id: Generated<number>;
    name: string;
    token_hash: string;
    created_by: Nullable<number>;
    created_at: Timestamp;
    revoked_at: Nullable<Date>;
  };
  clinic_audit: {
    id: Generated<number>;
    actor: string;
    action: string;
    details: Defaulted<unknown>;
    at: Timestamp;
    // migration 0002 (audit.ts): a readable name of the actor, the patient concerned, the caller's address
    actor_name: Defaulted<string>;
    patient_id: Nullable<number>;
    ip: Nullable<string>;
  };
}

/** How a reminder's message went out (migration 0004); see reminders-delivery.ts. */
export type ReminderDelivery = 'claimed' | 'pending' | 'delivered' | 'failed' | 'unreachable';
