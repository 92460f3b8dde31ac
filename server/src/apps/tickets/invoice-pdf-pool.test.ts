import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { HttpError } from '../../platform/index.ts';
import { createInvoicePdfPool, maxPdfLines } from './invoice-pdf-pool.ts';
import type { InvoiceJson } from './invoices.service.ts';

const invoice = (lines = 3, description = 'Установка и настройка'): InvoiceJson => ({
  id: 1,
  client_id: 1,
  client_name: 'ТОО Ромашка',
  number: 'INV-00001',
  currency: 'KZT',
  lines: Array.from({ length: lines }, () => ({ description, quantity: 1, unit_price: 1000, amount: 1000 })),
  amount: lines * 1000,
  amount_minor: lines * 100_000,
  status: 'issued',
  due_date: null,
  notes: '',
  issued_at: '2026-01-31T12:00:00.000Z',
  paid_at: null,
  voided_at: null,
  updated_at: '2026-01-31T12:00:00.000Z',
  pdf_url: '/api/invoices/1/pdf',
});
const party = { issuer: 'Switchboard', issuerDetails: '', clientName: 'ТОО Ромашка', clientEmail: null };

describe('the invoice PDF pool', () => {
  const pool = createInvoicePdfPool({ threads: 1, maxQueued: 1 });
  after(() => pool.close());

  test('renders in a worker thread', async () => {
    const pdf = await pool.render({ invoice: invoice(), party, language: 'ru' });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pool.load.threads >= 1);
  });

  test('past the queue bound it answers 503 with Retry-After instead of piling up', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => pool.render({ invoice: invoice(), party, language: 'en' })));
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => outcome.reason);
    const rendered = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    assert.ok(rendered.length >= 1 && rendered.length <= 3, `one running and one queued at a time (rendered ${rendered.length})`);
    assert.ok(refused.length >= 5);
    for (const error of refused) {
      assert.ok(error instanceof HttpError && error.statusCode === 503 && error.code === 'busy');
      assert.equal((error as unknown as { retryAfter: number }).retryAfter, 2);
    }
  });

  test('oversized invoices are refused before any work', async () => {
    await assert.rejects(
      pool.render({ invoice: invoice(maxPdfLines + 1), party, language: 'en' }),
      (error: unknown) => error instanceof HttpError && error.statusCode === 422,
    );
    await assert.rejects(pool.render({ invoice: invoice(200, 'x'.repeat(1000)), party, language: 'en' }), /at most 150000 characters/);
  });
});
