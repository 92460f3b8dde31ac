// A clinic document as an A4 PDF (pdfkit, DejaVu embedded so Cyrillic and Kazakh letters render), headed by
// the clinic's details from the business settings (name, BIN, address, logo) — the same block invoices print.
import { createRequire } from 'node:module';
import type { BusinessDetails } from '../../platform/index.ts';
import { documentHeader } from '../../platform/index.ts';
import type { PatientLanguage } from './tables.ts';

const resolve = createRequire(import.meta.url).resolve;
const fonts = { regular: resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), bold: resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf') };

export interface DocumentContent {
  title: string;
  /** Labelled facts (patient, date of birth, doctor…), one line each. */
  facts: Array<[string, string]>;
  /** Free text paragraphs under the facts. */
  body: string[];
  issuedLabel: string;
  issuedOn: string;
}

export async function renderClinicDocument(
  business: BusinessDetails,
  language: PatientLanguage,
  content: DocumentContent,
): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const header = documentHeader(business, language);
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: content.title, Author: header.name || 'Clinic' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolvePromise, reject) => {
    doc.on('end', () => resolvePromise());
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.regular).registerFont('bold', fonts.bold);
  if (business.logo) {
    try {
      doc.image(Buffer.from(business.logo.slice(business.logo.indexOf(',') + 1), 'base64'), 395, 45, { fit: [150, 60], align: 'right' });
    } catch {
      // A damaged logo must not cost the document: it prints without it.
    }
  }
  doc.font('bold').fontSize(12).text(header.name, 50, 50, { width: 330 });
  doc.font('regular').fontSize(9);
  for (const line of header.lines) doc.text(line, { width: 330 });
  doc.moveDown(2).font('bold').fontSize(16).text(content.title, 50, undefined, { align: 'center', width: 495 });
  doc.moveDown().font('regular').fontSize(11);
  for (const [label, value] of content.facts) doc.font('bold').text(`${label}: `, { continued: true }).font('regular').text(value);
  doc.moveDown();
  for (const paragraph of content.body) doc.text(paragraph, { width: 495, align: 'left' }).moveDown(0.5);
  doc.moveDown(2).fontSize(10).text(`${content.issuedLabel}: ${content.issuedOn}`);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
