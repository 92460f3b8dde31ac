// Runs in a worker thread of the invoice PDF pool (invoice-pdf-pool.ts): pdfkit's layout is synchronous CPU work.
import type { InvoiceJson } from './invoices.service.ts';
import { renderInvoicePdf, type PdfParty } from './invoice-pdf.ts';
import type { Language } from './notification-texts.ts';

export interface PdfTask {
  invoice: InvoiceJson;
  party: PdfParty;
  language: Language;
}

export default async function render(task: PdfTask): Promise<Uint8Array> {
  const pdf = await renderInvoicePdf(task.invoice, task.party, task.language);
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
