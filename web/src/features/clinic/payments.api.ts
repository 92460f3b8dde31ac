// The clinic's invoices; the request and answer types are the API contract's (@switchboard/contract, clinic-payments.ts).
import type { ClinicInvoiceList, ClinicInvoiceRow, ClinicInvoiceStatus, ClinicRefundBody, ClinicRefundDone } from '@switchboard/contract';
import { clinicInvoiceStatuses } from '@switchboard/contract/clinic-values';
import { api, withQuery } from '../../lib/api.ts';

export const invoiceStatuses = clinicInvoiceStatuses;
export type InvoiceStatus = ClinicInvoiceStatus;
/** One row of GET /api/clinic/payments; amounts in tiyn. */
export type InvoiceRow = ClinicInvoiceRow;

export const paymentsKey = ['clinic', 'payments'] as const;
export const fetchPayments = (status: InvoiceStatus | null, patientId?: number) =>
  api.get<ClinicInvoiceList>(withQuery('/api/clinic/payments', { status, patient_id: patientId }));
export const refundInvoice = (input: { id: number } & ClinicRefundBody) =>
  api.post<ClinicRefundDone>(`/api/clinic/payments/${input.id}/refund`, { reason: input.reason });

/** Tiyn as "8 000,00 ₸". */
export const tenge = (minor: number, language: string) =>
  `${new Intl.NumberFormat(language === 'ru' ? 'ru-RU' : 'en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minor / 100)} ₸`;
