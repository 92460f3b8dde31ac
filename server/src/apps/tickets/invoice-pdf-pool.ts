import os from 'node:os';
import { Piscina } from 'piscina';
import { HttpError, unprocessable } from '../../platform/index.ts';
import type { PdfTask } from './invoice-pdf.worker.ts';

export interface InvoicePdfPoolOptions {
  /** Worker threads; half the cores (at least one) leaves the event loop its own. */
  threads?: number;
  /** Renders waiting for a thread; past it the route answers 503 with Retry-After. */
  maxQueued?: number;
}

// Far beyond a real invoice (200 lines of 500 characters), well short of minutes of layout.
export const maxPdfLines = 200;
export const maxPdfTextCharacters = 150_000;

export type InvoicePdfPool = ReturnType<typeof createInvoicePdfPool>;

/**
 * Invoice PDFs render in worker threads so 50 at once leave the health check
 * and every other request on the event loop alone. The threads start on the
 * first render and stop when idle: most processes never render an invoice.
 */
export function createInvoicePdfPool(options: InvoicePdfPoolOptions = {}) {
  let pool: Piscina | undefined;
  const threads = options.threads ?? Math.max(1, Math.floor(os.availableParallelism() / 2));
  const maxQueued = options.maxQueued ?? 32;
  const start = () =>
    (pool ??= new Piscina({
      filename: new URL('./invoice-pdf.worker.ts', import.meta.url).href,
      minThreads: 0,
      maxThreads: threads,
      maxQueue: maxQueued,
      idleTimeout: 30_000,
      // The worker needs no more than pdfkit, the fonts and one invoice.
      resourceLimits: { maxOldGenerationSizeMb: 128 },
    }));
  return {
    async render(task: PdfTask): Promise<Buffer> {
      checkSize(task);
      const running = start();
      if (running.queueSize >= maxQueued) throw busy();
      try {
        const bytes = (await running.run(task)) as Uint8Array;
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (error) {
        if (error instanceof Error && /queue is at limit/i.test(error.message)) throw busy();
        throw error;
      }
    },
    get load() {
      return { queued: pool?.queueSize ?? 0, threads: pool?.threads.length ?? 0 };
    },
    async close(): Promise<void> {
      await pool?.destroy();
      pool = undefined;
    },
  };
}

const busy = () =>
  Object.assign(new HttpError(503, 'busy', 'Many invoices are being rendered right now; try again in a few seconds.'), { retryAfter: 2 });

function checkSize(task: PdfTask): void {
  const { invoice, party } = task;
  if (invoice.lines.length > maxPdfLines)
    throw unprocessable(`An invoice PDF holds at most ${maxPdfLines} lines; this one has ${invoice.lines.length}.`, 'invoice_too_large');
  const characters =
    invoice.lines.reduce((sum, line) => sum + line.description.length, 0) +
    (invoice.notes?.length ?? 0) +
    party.issuer.length +
    party.issuerDetails.length +
    party.clientName.length;
  if (characters > maxPdfTextCharacters) {
    throw unprocessable(
      `An invoice PDF holds at most ${maxPdfTextCharacters} characters of text; shorten the descriptions or notes.`,
      'invoice_too_large',
    );
  }
}
