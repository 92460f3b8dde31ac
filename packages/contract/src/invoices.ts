// The tickets app's invoices (/api/invoices): staff issue and change them; staff and the client read them and their PDF.
import { z } from 'zod';
import { idField, idParam, maxMoneyMinor, moneyMajor, pageQueryFields } from './primitives.ts';
import { invoiceLanguages, invoiceStatuses, type InvoiceStatus } from './tickets-values.ts';

const status = z.enum(invoiceStatuses);
const day = z.iso.date().describe('YYYY-MM-DD');
const line = z.object({
  description: z.string().trim().min(1).max(500),
  quantity: z
    .number()
    .positive()
    .max(1_000_000)
    .refine((value) => Math.abs(value * 1000 - Math.round(value * 1000)) < 1e-6, {
      message: 'must have at most three decimals (1.5, 0.25)',
    }),
  unit_price: moneyMajor.describe(`in major units with at most two decimals; the invoice total may not exceed ${maxMoneyMinor / 100}`),
});

/** GET /api/invoices */
export const invoiceListQuery = z.object({ ...pageQueryFields(), status: status.optional(), client_id: idParam.optional() });

/** POST /api/invoices: number defaults to the next INV-NNNNN. */
export const newInvoiceBody = z.object({
  client_id: idField,
  number: z.string().trim().min(1).max(50).optional(),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as KZT')
    .transform((code) => code.toUpperCase())
    .default('KZT'),
  lines: z.array(line).min(1).max(200),
  due_date: day.nullable().optional(),
  notes: z.string().max(2000).optional(),
});
export type NewInvoice = z.input<typeof newInvoiceBody>;

/** PATCH /api/invoices/:id: issued → paid | void, paid → void; or the due date and notes. */
export const invoicePatch = z.object({
  status: status.optional(),
  due_date: day.nullable().optional(),
  notes: z.string().max(2000).optional(),
});
export type InvoicePatch = z.input<typeof invoicePatch>;

/** GET /api/invoices/:id/pdf */
export const invoicePdfQuery = z.object({ lang: z.enum(invoiceLanguages).optional() });

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
  /** In major units; `amount_minor` is exact. */
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
