import { api, withQuery, type Page } from '../../../lib/api.ts';

export const invoiceStatuses = ['issued', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];
export const invoiceStatusColors: Record<InvoiceStatus, string> = { issued: 'blue', paid: 'green', void: 'gray' };

export interface InvoiceLine {
  description: string;
  quantity: number;
  unit_price: number;
  amount: number;
}

export interface Invoice {
  id: number;
  client_id: number;
  client_name: string;
  number: string;
  currency: string;
  lines: InvoiceLine[];
  amount: number;
  amount_minor: number;
  status: InvoiceStatus;
  due_date: string | null;
  notes: string;
  issued_at: string;
  paid_at: string | null;
  voided_at: string | null;
  updated_at: string;
  pdf_url: string;
}

export interface NewInvoice {
  client_id: number;
  number?: string;
  currency: string;
  lines: Array<{ description: string; quantity: number; unit_price: number }>;
  due_date?: string | null;
  notes?: string;
}

export const invoicesKey = ['invoices'] as const;

export function fetchInvoices(
  filters: { status?: InvoiceStatus | null; client_id?: number | null },
  cursor?: string | null,
): Promise<Page<Invoice>> {
  return api.get(withQuery('/api/invoices', { ...filters, cursor, limit: 50 }));
}

export function createInvoice(input: NewInvoice): Promise<Invoice> {
  return api.post('/api/invoices', input);
}

export function updateInvoice(id: number, patch: { status?: InvoiceStatus }): Promise<Invoice> {
  return api.patch(`/api/invoices/${id}`, patch);
}

/** The sum of the lines in minor units, as the server computes it (invoices.service.ts priceLines). */
export function totalMinor(lines: Array<{ quantity: number; unit_price: number }>): number {
  return lines.reduce(
    (sum, line) =>
      sum +
      Math.round((Number.isFinite(line.quantity) ? line.quantity : 0) * (Number.isFinite(line.unit_price) ? line.unit_price : 0) * 100),
    0,
  );
}

export function formatMoney(amount: number, currency: string, language: string): string {
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency, currencyDisplay: 'code' }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
