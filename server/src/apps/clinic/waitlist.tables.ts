// The waitlist table (migrations/0005_waitlist.sql), merged into ClinicTables so ownTables knows it.
import { clinicWaitlistStatuses } from '@switchboard/contract';
import type { ColumnType, Generated } from 'kysely';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export const waitlistStatuses = clinicWaitlistStatuses;
export type WaitlistStatus = (typeof waitlistStatuses)[number];

export interface WaitlistTables {
  clinic_waitlist: {
    id: Generated<number>;
    patient_id: number;
    service_id: number;
    doctor_id: Nullable<number>;
    day: Nullable<string>;
    status: ColumnType<WaitlistStatus, WaitlistStatus | undefined, WaitlistStatus>;
    hold_appointment_id: Nullable<number>;
    hold_until: Nullable<Date>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
}

declare module './tables.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the waitlist to the clinic's own tables
  interface ClinicTables extends WaitlistTables {}
}
