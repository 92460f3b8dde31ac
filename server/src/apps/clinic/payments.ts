// Invoices and their payments (issue 21): created by staff, the booking flow or the bot API; paid through
// the bot's own payments or a provider's link; refunded by staff through the provider; expired by a job.
// Every status change is one conditional UPDATE plus its history row in one transaction, so a duplicate
// callback, a late payment and the expiry job cannot overwrite each other.
import type { Kysely, Transaction } from 'kysely';
import type { BusinessDetails } from '../../platform/index.ts';
import type { PaymentsConfig } from './payments-config.ts';
import type { InvoiceSource, InvoiceStatus } from './payments.tables.ts';
import { ProviderError, type CallbackEvent, type Receipt, type ReceiptSink } from './payment-providers/provider.ts';
import { patientBalance } from './balance.ts';
import { receiptFor } from './receipts.ts';
import { refundInvoice } from './refunds.ts';
import { PaymentRefused } from './payment-errors.ts';

export { PaymentRefused };
import type { ClinicTables } from './tables.ts';

export type Invoice = Awaited<ReturnType<ReturnType<typeof createPayments>['find']>> & object;

const payloadPrefix = 'clinic-invoice:';
/** What the bot's payment carries back: the invoice id, nothing a patient could change usefully. */
export const invoicePayload = (id: number) => `${payloadPrefix}${id}`;
export const invoiceIdOfPayload = (payload: string): number | null =>
  payload.startsWith(payloadPrefix) && /^\d{1,9}$/.test(payload.slice(payloadPrefix.length))
    ? Number(payload.slice(payloadPrefix.length))
    : null;

export function createPayments(deps: {
  db: Kysely<ClinicTables>;
  config: PaymentsConfig;
  receipts: ReceiptSink;
  business(): Promise<BusinessDetails>;
  callbackUrl: string | null;
  expiryHours(): Promise<number>;
  clock(): Date;
}) {
  const { db, clock } = deps;

  const find = async (id: number) => {
    const row = await db.selectFrom('clinic_invoices').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { ...row, amount_minor: Number(row.amount_minor), refunded_minor: Number(row.refunded_minor) } : undefined;
  };

  async function history(id: number) {
    return db
      .selectFrom('clinic_invoice_events')
      .select(['from_status', 'to_status', 'actor', 'details', 'at'])
      .where('invoice_id', '=', id)
      .orderBy('id')
      .execute();
  }

  /** Moves an invoice from one of `from` to `to` (or records an event without a change when to === from); false when it was not in `from`. */
  async function transition(
    trx: Transaction<ClinicTables>,
    id: number,
    from: InvoiceStatus[],
    to: InvoiceStatus,
    actor: string,
    details: Record<string, unknown>,
    set: Partial<{
      method: 'bot' | 'link';
      charge_id: string | null;
      provider_charge_id: string | null;
      paid_at: Date;
      receipt: string;
    }> = {},
  ): Promise<InvoiceStatus | null> {
    const before = await trx
      .selectFrom('clinic_invoices')
      .select('status')
      .where('id', '=', id)
      .where('status', 'in', from)
      .forUpdate()
      .executeTakeFirst();
    if (!before) return null;
    await trx
      .updateTable('clinic_invoices')
      .set({ ...set, status: to, updated_at: clock() })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('clinic_invoice_events')
      .values({ invoice_id: id, from_status: before.status, to_status: to, actor, details: JSON.stringify(details), at: clock() })
      .execute();
    return before.status;
  }

  const receiptOf = async (id: number, kind: Receipt['kind'], totalMinor: number) =>
    receiptFor(db, (await find(id))!, { kind, totalMinor, business: await deps.business(), at: clock() });

  /** Records a payment; false when the invoice was already paid (a duplicate) or refunded. */
  async function markPaid(
    id: number,
    input: { method: 'bot' | 'link'; chargeId: string | null; providerChargeId: string | null; actor: string },
  ): Promise<boolean> {
    const receipt = await receiptOf(id, 'sale', (await find(id))!.amount_minor);
    const changed = await db.transaction().execute((trx) =>
      // A payment the provider confirms after our expiry or a failure still took the patient's money: it counts.
      transition(
        trx,
        id,
        ['pending', 'expired', 'failed'],
        'paid',
        input.actor,
        { method: input.method, charge_id: input.chargeId, provider_charge_id: input.providerChargeId },
        {
          method: input.method,
          charge_id: input.chargeId,
          provider_charge_id: input.providerChargeId,
          paid_at: clock(),
          receipt: JSON.stringify(receipt),
        },
      ),
    );
    if (changed) await deps.receipts.issue(receipt);
    return changed !== null;
  }

  return {
    find,
    history,
    async create(input: {
      patientId: number;
      appointmentId?: number | null;
      serviceId?: number | null;
      amountMinor?: number;
      description?: string;
      source: InvoiceSource;
      createdBy?: number | null;
      actor: string;
    }) {
      let { serviceId = null, amountMinor, description } = input;
      if (input.appointmentId) {
        const appointment = await db
          .selectFrom('clinic_appointments')
          .select(['patient_id', 'service_id', 'status'])
          .where('id', '=', input.appointmentId)
          .executeTakeFirst();
        if (!appointment || appointment.patient_id !== input.patientId)
          throw new PaymentRefused(404, 'not_found', `Appointment ${input.appointmentId} of this patient was not found.`);
        if (appointment.status === 'cancelled')
          throw new PaymentRefused(409, 'invoice_not_payable', `Appointment ${input.appointmentId} is cancelled; nothing to bill.`);
        serviceId = appointment.service_id;
      }
      if (serviceId) {
        const service = await db
          .selectFrom('clinic_services')
          .select(['name_ru', 'price_minor'])
          .where('id', '=', serviceId)
          .executeTakeFirst();
        if (!service) throw new PaymentRefused(404, 'not_found', `Service ${serviceId} was not found.`);
        amountMinor ??= Number(service.price_minor);
        description ??= service.name_ru;
      }
      if (!amountMinor || !description)
        throw new PaymentRefused(422, 'invalid_input', 'Give an appointment_id or service_id, or both amount_minor and description.');
      const expiresAt = new Date(clock().getTime() + (await deps.expiryHours()) * 3_600_000);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('clinic_invoices')
          .values({
            patient_id: input.patientId,
            appointment_id: input.appointmentId ?? null,
            service_id: serviceId,
            description,
            amount_minor: amountMinor,
            source: input.source,
            created_by: input.createdBy ?? null,
            expires_at: expiresAt,
            created_at: clock(),
            updated_at: clock(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('clinic_invoice_events')
          .values({ invoice_id: row.id, from_status: null, to_status: 'pending', actor: input.actor, details: '{}', at: clock() })
          .execute();
        return row.id;
      });
    },

    /** The provider's payment link for an open invoice (created once, then reused). */
    async linkFor(id: number, language: 'ru' | 'kk'): Promise<string> {
      const invoice = await find(id);
      if (!invoice) throw new PaymentRefused(404, 'not_found', `Invoice ${id} was not found.`);
      if (invoice.status !== 'pending' || invoice.expires_at <= clock())
        throw new PaymentRefused(409, 'invoice_not_payable', `Invoice ${invoice.number} is ${invoice.status}; only a pending one is paid.`);
      if (invoice.payment_url) return invoice.payment_url;
      const provider = await deps.config.provider();
      if (!provider)
        throw new PaymentRefused(
          409,
          'payment_provider_missing',
          'No payment provider is set up; an admin sets one in PUT /api/clinic/payments-provider.',
        );
      let created;
      try {
        created = await provider.createPayment({
          reference: invoice.number,
          amountMinor: invoice.amount_minor,
          currency: invoice.currency,
          description: invoice.description,
          callbackUrl: deps.callbackUrl,
          expiresAt: invoice.expires_at,
          language,
        });
      } catch (error) {
        if (error instanceof ProviderError) throw new PaymentRefused(502, 'payment_provider_failed', error.message);
        throw error;
      }
      await db
        .updateTable('clinic_invoices')
        .set({ provider: provider.kind, provider_payment_id: created.providerPaymentId, payment_url: created.url, updated_at: clock() })
        .where('id', '=', id)
        .execute();
      return created.url;
    },

    /** The bot platform's pre-checkout: pay only an open, unexpired invoice of exactly this amount. */
    async checkout(
      payload: string,
      currency: string,
      totalMinor: number,
    ): Promise<{ ok: true } | { ok: false; reason: 'unknown' | 'closed' | 'changed' }> {
      const id = invoiceIdOfPayload(payload);
      const invoice = id ? await find(id) : undefined;
      if (!invoice) return { ok: false, reason: 'unknown' };
      if (invoice.status !== 'pending' || invoice.expires_at <= clock()) return { ok: false, reason: 'closed' };
      if (invoice.currency !== currency || invoice.amount_minor !== totalMinor) return { ok: false, reason: 'changed' };
      return { ok: true };
    },

    markPaid,

    /** A verified provider callback, applied once per event id. */
    async applyCallback(providerKind: string, event: CallbackEvent): Promise<{ applied: boolean; invoiceId: number | null }> {
      const invoice = await db
        .selectFrom('clinic_invoices')
        .select(['id', 'amount_minor', 'currency'])
        .where('provider', '=', providerKind)
        .where('provider_payment_id', '=', event.providerPaymentId)
        .executeTakeFirst();
      // A payment we never created is not recorded as seen: a retry after a fix may still apply.
      if (!invoice) return { applied: false, invoiceId: null };
      const seen = await db
        .insertInto('clinic_payment_callbacks')
        .values({ provider: providerKind, event_id: event.eventId, invoice_id: invoice.id, received_at: clock() })
        .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
        .returning('event_id')
        .executeTakeFirst();
      if (!seen) return { applied: false, invoiceId: invoice.id };
      const actor = `provider:${providerKind}`;
      if (event.status === 'paid') {
        if (Number(invoice.amount_minor) !== event.amountMinor || invoice.currency !== event.currency) {
          // A payment of another amount does not pay the invoice: an open one fails (its history says why), a paid one stays paid.
          const changed = await db.transaction().execute((trx) =>
            transition(trx, invoice.id, ['pending'], 'failed', actor, {
              reason: 'amount or currency differs from the invoice',
              amount_minor: event.amountMinor,
              currency: event.currency,
            }),
          );
          return { applied: changed !== null, invoiceId: invoice.id };
        }
        return {
          applied: await markPaid(invoice.id, { method: 'link', chargeId: null, providerChargeId: event.chargeId, actor }),
          invoiceId: invoice.id,
        };
      }
      if (event.status === 'failed') {
        const changed = await db.transaction().execute((trx) => transition(trx, invoice.id, ['pending'], 'failed', actor, {}));
        return { applied: changed !== null, invoiceId: invoice.id };
      }
      return { applied: false, invoiceId: invoice.id };
    },

    /** Staff refund through the provider, recorded (refunds.ts). */
    refund: (id: number, input: { amountMinor?: number; reason: string; staffId: number }) =>
      refundInvoice({ db, config: deps.config, receipts: deps.receipts, find, transition, receiptOf, clock }, id, input),

    /** Ends pending invoices whose time is up (the clinic-payments-expire job, on the app's clock). */
    async expireDue(): Promise<number> {
      const due = await db
        .selectFrom('clinic_invoices')
        .select('id')
        .where('status', '=', 'pending')
        .where('expires_at', '<=', clock())
        .execute();
      let expired = 0;
      for (const { id } of due)
        if (await db.transaction().execute((trx) => transition(trx, id, ['pending'], 'expired', 'job', {}))) expired += 1;
      return expired;
    },

    /** paid − services rendered − refunds, in tiyn (balance.ts). */
    balance: (patientId: number) => patientBalance(db, patientId),

    async ofPatient(patientId: number, onlyOpen = false) {
      let query = db.selectFrom('clinic_invoices').selectAll().where('patient_id', '=', patientId);
      if (onlyOpen) query = query.where('status', '=', 'pending').where('expires_at', '>', clock());
      return (await query.orderBy('id', 'desc').limit(50).execute()).map((row) => ({
        ...row,
        amount_minor: Number(row.amount_minor),
        refunded_minor: Number(row.refunded_minor),
      }));
    },
  };
}
export type Payments = ReturnType<typeof createPayments>;

/** "8 000,00 ₸" — tiyn shown in tenge. */
export const tenge = (minor: number) =>
  `${(minor / 100).toLocaleString('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace(/\u00a0/g, ' ')} ₸`;
