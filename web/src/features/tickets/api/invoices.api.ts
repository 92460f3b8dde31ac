// The tickets app's /api/invoices: the request and answer types are the API contract's (@switchboard/contract, invoices.ts).
import type { Invoice, InvoicePatch, InvoiceStatus, NewInvoice } from '@switchboard/contract';
import { api, withQuery, type Page } from '../../../lib/api.ts';

export { invoiceStatuses } from '@switchboard/contract/tickets-values';
export type { Invoice, InvoiceLine, InvoiceStatus, NewInvoice } from '@switchboard/contract';
export const invoiceStatusColors: Record<InvoiceStatus, string> = { issued: 'blue', paid: 'green', void: 'gray' };

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

export function updateInvoice(id: number, patch: InvoicePatch): Promise<Invoice> {
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
