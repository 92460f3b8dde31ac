import { createRequire } from 'node:module';
import { formatAmount, type InvoiceJson } from './invoices.service.ts';
import { invoiceStatusLabels, type Language } from './notification-texts.ts';

// DejaVu covers Cyrillic and Kazakh letters; the PDF's built-in fonts cover neither.
const resolve = createRequire(import.meta.url).resolve;
const fonts = { regular: resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), bold: resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf') };

const labels: Record<
  Language,
  Record<'title' | 'client' | 'issued' | 'due' | 'status' | 'description' | 'quantity' | 'price' | 'amount' | 'total' | 'notes', string>
> = {
  ru: {
    title: 'Счёт №',
    client: 'Плательщик',
    issued: 'Дата',
    due: 'Оплатить до',
    status: 'Статус',
    description: 'Наименование',
    quantity: 'Кол-во',
    price: 'Цена',
    amount: 'Сумма',
    total: 'Итого',
    notes: 'Примечание',
  },
  kk: {
    title: 'Шот №',
    client: 'Төлеуші',
    issued: 'Күні',
    due: 'Төлеу мерзімі',
    status: 'Мәртебесі',
    description: 'Атауы',
    quantity: 'Саны',
    price: 'Бағасы',
    amount: 'Сомасы',
    total: 'Барлығы',
    notes: 'Ескерту',
  },
  en: {
    title: 'Invoice No.',
    client: 'Bill to',
    issued: 'Date',
    due: 'Due',
    status: 'Status',
    description: 'Description',
    quantity: 'Qty',
    price: 'Price',
    amount: 'Amount',
    total: 'Total',
    notes: 'Notes',
  },
};

export interface PdfParty {
  issuer: string;
  issuerDetails: string;
  /** The business's logo (a PNG or JPEG data URL), printed at the top right. */
  logo?: string | null;
  clientName: string;
  clientEmail: string | null;
}

/** The invoice as an A4 PDF with the fonts embedded, so it renders the same everywhere. */
export async function renderInvoicePdf(invoice: InvoiceJson, party: PdfParty, language: Language): Promise<Buffer> {
  const text = labels[language];
  // Loaded on first use: most processes never render an invoice, and idle memory counts.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${text.title} ${invoice.number}`, Author: party.issuer } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolvePromise, reject) => {
    doc.on('end', () => resolvePromise());
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.regular).registerFont('bold', fonts.bold);

  if (party.logo) {
    try {
      doc.image(Buffer.from(party.logo.slice(party.logo.indexOf(',') + 1), 'base64'), 395, 45, { fit: [150, 60], align: 'right' });
    } catch {
      // A damaged image must not cost the invoice: it prints without the logo.
    }
  }
  doc.font('bold').fontSize(18).text(`${text.title} ${invoice.number}`, 50, 50, { width: 330 });
  doc.moveDown(0.5).font('bold').fontSize(11).text(party.issuer, { width: 330 });
  doc.font('regular').fontSize(10);
  if (party.issuerDetails) doc.text(party.issuerDetails, { width: 330 });
  doc.moveDown();
  doc.text(`${text.client}: ${party.clientName}${party.clientEmail ? ` <${party.clientEmail}>` : ''}`);
  doc.text(`${text.issued}: ${invoice.issued_at.slice(0, 10)}`);
  if (invoice.due_date) doc.text(`${text.due}: ${invoice.due_date}`);
  doc.text(`${text.status}: ${invoiceStatusLabels[language][invoice.status]}`);
  doc.moveDown();
  drawLines(doc, invoice, language);
  doc
    .moveDown()
    .font('bold')
    .fontSize(12)
    .text(`${text.total}: ${formatAmount(invoice.amount_minor, invoice.currency, language)}`, { align: 'right' });
  if (invoice.notes) doc.moveDown().font('regular').fontSize(10).text(`${text.notes}: ${invoice.notes}`);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

function drawLines(doc: PDFKit.PDFDocument, invoice: InvoiceJson, language: Language): void {
  const text = labels[language];
  const columns = [
    { x: 50, width: 25 },
    { x: 80, width: 235 },
    { x: 320, width: 50 },
    { x: 375, width: 80 },
    { x: 460, width: 85 },
  ];
  const row = (cells: string[], font: 'regular' | 'bold') => {
    const top = doc.y;
    doc.font(font).fontSize(9);
    const heights = cells.map((cell, index) => doc.heightOfString(cell, { width: columns[index]!.width }));
    cells.forEach((cell, index) =>
      doc.text(cell, columns[index]!.x, top, { width: columns[index]!.width, align: index >= 2 ? 'right' : 'left' }),
    );
    doc.x = 50;
    doc.y = top + Math.max(...heights) + 6;
  };
  row(['#', text.description, text.quantity, text.price, text.amount], 'bold');
  const money = (value: number) => formatAmount(Math.round(value * 100), invoice.currency, language);
  invoice.lines.forEach((line, index) =>
    row([String(index + 1), line.description, String(line.quantity), money(line.unit_price), money(line.amount)], 'regular'),
  );
}
