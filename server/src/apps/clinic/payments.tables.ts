// The payment tables (migrations/0003_payments.sql), part of ClinicTables.
import { clinicInvoiceStatuses } from '@switchboard/contract';
import type { ColumnType, Generated } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** bigint columns come back as strings on PostgreSQL and numbers on PGlite: read them with Number(). */
type Minor = ColumnType<string | number, number, number>;

export const invoiceStatuses = clinicInvoiceStatuses;
export type InvoiceStatus = (typeof invoiceStatuses)[number];
export type InvoiceSource = 'staff' | 'booking' | 'api';

export interface PaymentTables {
  clinic_invoices: {
    id: Generated<number>;
    number: Generated<string>;
    patient_id: number;
    appointment_id: Nullable<number>;
    service_id: Nullable<number>;
    description: string;
    currency: Defaulted<string>;
    amount_minor: Minor;
    status: Defaulted<InvoiceStatus>;
    source: InvoiceSource;
    method: Nullable<'bot' | 'link'>;
    provider: Nullable<string>;
    provider_payment_id: Nullable<string>;
    payment_url: Nullable<string>;
    charge_id: Nullable<string>;
    provider_charge_id: Nullable<string>;
    refunded_minor: ColumnType<string | number, number | undefined, number>;
    receipt: Nullable<unknown>;
    created_by: Nullable<number>;
    expires_at: ColumnType<Date, Date | string, Date | string>;
    paid_at: Nullable<Date>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  clinic_invoice_events: {
    id: Generated<number>;
    invoice_id: number;
    from_status: Nullable<string>;
    to_status: string;
    actor: string;
    details: Defaulted<unknown>;
    at: Timestamp;
  };
  clinic_payment_callbacks: { provider: string; event_id: string; invoice_id: Nullable<number>; received_at: Timestamp };
  clinic_refunds: {
    id: Generated<number>;
    invoice_id: number;
    amount_minor: Minor;
    provider_refund_id: Nullable<string>;
    reason: Defaulted<string>;
    created_by: Nullable<number>;
    at: Timestamp;
  };
}
