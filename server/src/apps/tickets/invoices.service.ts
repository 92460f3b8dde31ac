import type { Invoice } from '@switchboard/contract';
import { sql, type Kysely } from 'kysely';
import { conflict, HttpError, maxMoneyMinor, notFound, unprocessable } from '../../platform/index.ts';
import type { TicketsContext } from './context.ts';
import type { Actor } from './actor.ts';
import type { Notifier } from './notifications.service.ts';
import { decodeCursor, pageOf } from './pagination.ts';
import type { InvoiceLine, InvoiceRow, InvoiceStatus, TicketsTables } from './tables.ts';

const transitions: Record<InvoiceStatus, InvoiceStatus[]> = { issued: ['paid', 'void'], paid: ['void'], void: [] };

export interface NewInvoice {
  client_id: number;
  number?: string;
  currency: string;
  lines: Array<{ description: string; quantity: number; unit_price: number }>;
  due_date?: string | null;
  notes?: string;
}

export type InvoiceJson = Invoice;

export function serializeInvoice(row: InvoiceRow & { client_name: string }): Invoice {
  return {
    id: row.id,
    client_id: row.client_id,
    client_name: row.client_name,
    number: row.number,
    currency: row.currency,
    lines: row.lines,
    amount: row.amount_minor / 100,
    amount_minor: row.amount_minor,
    status: row.status,
    due_date: row.due_date,
    notes: row.notes,
    issued_at: row.issued_at.toISOString(),
    paid_at: row.paid_at?.toISOString() ?? null,
    voided_at: row.voided_at?.toISOString() ?? null,
    updated_at: row.updated_at.toISOString(),
    pdf_url: `/api/invoices/${row.id}/pdf`,
  };
}

/** Amounts in minor units, so a sum of lines never drifts by floating point. */
export function priceLines(lines: NewInvoice['lines']): { lines: InvoiceLine[]; amountMinor: number } {
  const priced = lines.map((line) => ({ ...line, minor: Math.round(line.quantity * line.unit_price * 100) }));
  const total = priced.reduce((sum, line) => sum + line.minor, 0);
  if (!(total <= maxMoneyMinor)) {
    throw unprocessable(
      `The invoice total is over the largest amount accepted (${maxMoneyMinor / 100}); split it into several invoices.`,
      'amount_too_large',
    );
  }
  return {
    lines: priced.map(({ minor, ...line }) => ({ ...line, amount: minor / 100 })),
    amountMinor: priced.reduce((sum, line) => sum + line.minor, 0),
  };
}

export function formatAmount(minor: number, currency: string, language: string): string {
  const locale = language === 'en' ? 'en-US' : 'ru-RU';
  // A plain space instead of the narrow no-break one, which some fonts and Telegram clients draw oddly.
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    .format(minor / 100)
    .replace(/[\u202f\u00a0]/g, ' ');
  return `${number} ${currency}`;
}

export type InvoicesService = ReturnType<typeof createInvoicesService>;

/** Invoices; staff issue and change them, a client sees only their own (404 for the rest). */
export function createInvoicesService(options: { context: Pick<TicketsContext, 'ownTables' | 'contacts'>; notifier: Notifier }) {
  const { ownTables: db, contacts } = options.context;
  const { notifier } = options;
  const invoices = (handle: Kysely<TicketsTables>) => handle.selectFrom('invoices').selectAll('invoices');

  /** The rows with their client's name (the contact's). */
  async function named(rows: InvoiceRow[]) {
    const profiles = await contacts.findMany(rows.map((row) => row.client_id));
    return rows.map((row) => ({ ...row, client_name: profiles.get(row.client_id)?.display_name ?? '' }));
  }

  async function visible(actor: Actor, id: number) {
    let query = invoices(db).where('invoices.id', '=', id);
    if (actor.kind === 'client') query = query.where('invoices.client_id', '=', actor.id);
    // An operator's invoices are those of the people they may see; the rest answer as missing.
    if (actor.clients) query = query.where('invoices.client_id', 'in', actor.clients);
    const row = await query.executeTakeFirst();
    if (!row) throw notFound(`Invoice ${id}`);
    return (await named([row]))[0]!;
  }

  return {
    visible,

    async list(actor: Actor, filters: { status?: InvoiceStatus; client_id?: number; cursor?: string; limit: number }) {
      let query = invoices(db)
        .orderBy('invoices.id', 'desc')
        .limit(filters.limit + 1);
      if (actor.kind === 'client') query = query.where('invoices.client_id', '=', actor.id);
      else if (filters.client_id) query = query.where('invoices.client_id', '=', filters.client_id);
      if (actor.clients) query = query.where('invoices.client_id', 'in', actor.clients);
      if (filters.status) query = query.where('invoices.status', '=', filters.status);
      const after = decodeCursor(filters.cursor);
      if (after !== undefined) query = query.where('invoices.id', '<', after);
      return pageOf((await named(await query.execute())).map(serializeInvoice), filters.limit);
    },

    async get(actor: Actor, id: number): Promise<InvoiceJson> {
      return serializeInvoice(await visible(actor, id));
    },

    /** Issues an invoice and tells the client, in one transaction. */
    async create(actor: Actor, input: NewInvoice): Promise<InvoiceJson> {
      const { lines, amountMinor } = priceLines(input.lines);
      if (input.number && (await db.selectFrom('invoices').select('id').where('number', '=', input.number).executeTakeFirst())) {
        throw conflict(
          `An invoice numbered ${input.number} exists already: choose another number or leave it out to get the next one.`,
          'number_taken',
        );
      }
      const { id, wake } = await db.transaction().execute(async (trx) => {
        let accountQuery = trx.selectFrom('portal_accounts').select('language').where('contact_id', '=', input.client_id);
        if (actor.clients) accountQuery = accountQuery.where('contact_id', 'in', actor.clients);
        const account = await accountQuery.executeTakeFirst();
        if (!account) throw notFound(`Client ${input.client_id}`);
        const client = { language: account.language, display_name: (await contacts.find(input.client_id, trx))?.display_name ?? '' };
        const row = await trx
          .insertInto('invoices')
          .values({
            client_id: input.client_id,
            ...(input.number ? { number: input.number } : {}),
            currency: input.currency,
            lines: JSON.stringify(lines),
            amount_minor: amountMinor,
            due_date: input.due_date ?? null,
            notes: input.notes ?? '',
            created_by: actor.id,
          })
          .returning(['id', 'number'])
          .executeTakeFirstOrThrow();
        const channels = await notifier.notify(trx, {
          kind: 'invoice_issued',
          key: `invoice:${row.id}:issued`,
          reference: { type: 'invoice', id: row.id },
          clientId: input.client_id,
          actor: { kind: actor.kind, id: actor.id },
          staff: 'subscribers',
          facts: {
            invoiceNumber: row.number,
            amount: formatAmount(amountMinor, input.currency, client.language),
            dueDate: input.due_date ?? null,
            clientName: client.display_name,
          },
        });
        return { id: row.id, wake: channels };
      });
      notifier.wake(wake);
      return this.get(actor, id);
    },

    async update(
      actor: Actor,
      id: number,
      patch: { status?: InvoiceStatus; due_date?: string | null; notes?: string },
    ): Promise<InvoiceJson> {
      const invoice = await visible(actor, id);
      const changesStatus = patch.status !== undefined && patch.status !== invoice.status;
      if (changesStatus && !transitions[invoice.status].includes(patch.status!)) {
        const next = transitions[invoice.status];
        throw new HttpError(
          409,
          'invalid_transition',
          `An invoice that is ${invoice.status} cannot become ${patch.status}: ${next.length > 0 ? `it can become ${next.join(' or ')}` : 'it is final; issue a new invoice instead'}.`,
        );
      }
      await db
        .updateTable('invoices')
        .set({
          ...(patch.due_date !== undefined ? { due_date: patch.due_date } : {}),
          ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
          ...(changesStatus
            ? { status: patch.status, ...(patch.status === 'paid' ? { paid_at: sql<Date>`now()` } : { voided_at: sql<Date>`now()` }) }
            : {}),
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .execute();
      return this.get(actor, id);
    },
  };
}
