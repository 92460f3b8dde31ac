// The clinic's payments as staff see them (/api/clinic/payments: invoices, refunds, balances) and the payment
// provider's settings (secrets write-only). Amounts are in tiyn (1 ₸ = 100).
import { z } from 'zod';
import { clinicRecordId } from './clinic-admin.ts';
import { clinicInvoiceStatuses, type ClinicInvoiceStatus } from './clinic-values.ts';

/** An amount in tiyn, above zero. */
export const clinicMinor = z.number().int().positive().max(100_000_000_000);
/** What issues an invoice, staff or an integration: an appointment, a service or a free amount. */
export const clinicInvoiceFields = {
  appointment_id: clinicRecordId.optional(),
  service_id: clinicRecordId.optional(),
  amount_minor: clinicMinor.optional().meta({ description: 'In tiyn (1 ₸ = 100); defaults to the service price.' }),
  description: z.string().trim().min(1).max(200).optional(),
};

/** GET /api/clinic/payments: newest first. */
export const clinicPaymentsQuery = z.object({
  patient_id: clinicRecordId.optional(),
  status: z.enum(clinicInvoiceStatuses).optional(),
  limit: z.coerce.number<number>().int().min(1).max(200).default(50),
});
export type ClinicPaymentsQuery = z.input<typeof clinicPaymentsQuery>;
/** POST /api/clinic/payments: issue an invoice to a patient. */
export const clinicInvoiceBody = z.object({ patient_id: clinicRecordId, ...clinicInvoiceFields });
export type ClinicInvoiceBody = z.input<typeof clinicInvoiceBody>;
/** POST /api/clinic/payments/:id/refund (admins): all that is left, or amount_minor. */
export const clinicRefundBody = z.object({ amount_minor: clinicMinor.optional(), reason: z.string().trim().min(1).max(500) });
export type ClinicRefundBody = z.input<typeof clinicRefundBody>;

export type ClinicInvoiceMethod = 'bot' | 'link';
export type ClinicInvoiceSource = 'staff' | 'booking' | 'api';

/** One row of GET /api/clinic/payments. */
export interface ClinicInvoiceRow {
  id: number;
  number: string;
  patient_id: number;
  patient_name: string;
  appointment_id: number | null;
  description: string;
  currency: string;
  amount_minor: number;
  refunded_minor: number;
  status: ClinicInvoiceStatus;
  method: ClinicInvoiceMethod | null;
  source: ClinicInvoiceSource;
  created_at: string;
  paid_at: string | null;
  expires_at: string;
}
/** GET /api/clinic/payments */
export interface ClinicInvoiceList {
  results: ClinicInvoiceRow[];
}

/** One status change of an invoice. */
export interface ClinicInvoiceEvent {
  from_status: string | null;
  to_status: string;
  actor: string;
  details: unknown;
  at: string;
}
/** An invoice with its history (POST /api/clinic/payments, POST /api/bot/payments/invoice/). */
export interface ClinicInvoice {
  id: number;
  number: string;
  patient_id: number;
  appointment_id: number | null;
  service_id: number | null;
  description: string;
  currency: string;
  amount_minor: number;
  refunded_minor: number;
  status: ClinicInvoiceStatus;
  source: ClinicInvoiceSource;
  method: ClinicInvoiceMethod | null;
  provider: string | null;
  provider_payment_id: string | null;
  payment_url: string | null;
  charge_id: string | null;
  provider_charge_id: string | null;
  created_by: number | null;
  expires_at: string;
  paid_at: string | null;
  created_at: string;
  updated_at: string;
  history: ClinicInvoiceEvent[];
}
/** One refund of GET /api/clinic/payments/:id. */
export interface ClinicRefund {
  id: number;
  /** In tiyn (1 ₸ = 100), a number on every engine. */
  amount_minor: number;
  provider_refund_id: string | null;
  reason: string;
  created_by: number | null;
  at: string;
}
/** GET /api/clinic/payments/:id */
export type ClinicInvoiceWithRefunds = ClinicInvoice & { refunds: ClinicRefund[] };
/** POST /api/clinic/payments/:id/refund */
export interface ClinicRefundDone {
  refund_id: string;
  amount_minor: number;
  invoice: ClinicInvoice;
}

/** GET /api/clinic/patients/:id/balance: paid − services rendered − refunds; positive: the clinic owes the patient. */
export interface ClinicBalance {
  currency: string;
  paid_minor: number;
  services_rendered_minor: number;
  refunded_minor: number;
  balance_minor: number;
  /** Pending invoices, shown beside the balance, not counted in it. */
  open_invoices_minor: number;
}

/** The payment provider's settings (sealed at rest; PUT /api/clinic/payments-provider). */
export const clinicPaymentProvider = z.object({
  kind: z.literal('gateway').meta({ description: 'The adapter: "gateway" (JSON API, HMAC-signed callbacks).' }),
  base_url: z.url({ protocol: /^https?$/ }),
  api_key: z.string().min(8).max(500),
  webhook_secret: z.string().min(16).max(500),
});
export type ClinicPaymentProvider = z.infer<typeof clinicPaymentProvider>;
/** PUT /api/clinic/payments-provider: a key left out is unchanged; null removes. */
export const clinicProviderBody = z.object({
  provider: clinicPaymentProvider.nullable().optional(),
  bot_payments_token: z.string().trim().min(8).max(500).nullable().optional(),
});
export type ClinicProviderBody = z.input<typeof clinicProviderBody>;
/** GET and PUT /api/clinic/payments-provider: secrets never come back. */
export interface ClinicProviderState {
  provider: { kind: 'gateway'; base_url: string } | null;
  bot_payments_token_set: boolean;
}
