// Runs in a worker thread of the invoice PDF pool (invoice-pdf-pool.ts): pdfkit's layout is synchronous CPU work.
import { move } from 'piscina';
import type { InvoiceJson } from './invoices.service.ts';
import { renderInvoicePdf, type PdfParty } from './invoice-pdf.ts';
import type { Language } from './notification-texts.ts';

export interface PdfTask {
  invoice: InvoiceJson;
  party: PdfParty;
  language: Language;
}

export default async function render(task: PdfTask) {
  const pdf = await renderInvoicePdf(task.invoice, task.party, task.language);
  // Moved, not copied, back to the main thread; a pooled (shared) buffer is copied out first.
  const bytes = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? new Uint8Array(pdf.buffer) : new Uint8Array(pdf);
  return move(bytes);
}
