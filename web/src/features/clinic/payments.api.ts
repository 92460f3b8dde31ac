import { api, withQuery } from '../../lib/api.ts';

export const invoiceStatuses = ['pending', 'paid', 'failed', 'refunded', 'expired'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/** One row of GET /api/clinic/payments; amounts in tiyn. */
export interface InvoiceRow {
  id: number;
  number: string;
  patient_id: number;
  patient_name: string;
  appointment_id: number | null;
  description: string;
  currency: string;
  amount_minor: number;
  refunded_minor: number;
  status: InvoiceStatus;
  method: 'bot' | 'link' | null;
  source: 'staff' | 'booking' | 'api';
  created_at: string;
  paid_at: string | null;
  expires_at: string;
}

export const paymentsKey = ['clinic', 'payments'] as const;
export const fetchPayments = (status: InvoiceStatus | null, patientId?: number) =>
  api.get<{ results: InvoiceRow[] }>(withQuery('/api/clinic/payments', { status, patient_id: patientId }));
export const refundInvoice = (input: { id: number; reason: string }) =>
  api.post<{ refund_id: string; amount_minor: number }>(`/api/clinic/payments/${input.id}/refund`, { reason: input.reason });

/** Tiyn as "8 000,00 ₸". */
export const tenge = (minor: number, language: string) =>
  `${new Intl.NumberFormat(language === 'ru' ? 'ru-RU' : 'en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minor / 100)} ₸`;
