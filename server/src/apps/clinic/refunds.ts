// Refunds (issue 21): staff give back all that is left of a paid invoice, or part of it, through the
// provider (the Bot API refunds only Stars, so a fiat bot payment goes back through the provider by its
// provider charge id); each refund is recorded, and the invoice is "refunded" once all of it went back.
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { PaymentsConfig } from './payments-config.ts';
import { PaymentRefused } from './payment-errors.ts';
import type { InvoiceStatus } from './payments.tables.ts';
import { ProviderError, type Receipt, type ReceiptSink } from './payment-providers/provider.ts';
import type { ClinicTables } from './tables.ts';

export interface RefundDeps {
  db: Kysely<ClinicTables>;
  config: PaymentsConfig;
  receipts: ReceiptSink;
  find(id: number): Promise<
    | {
        number: string;
        status: InvoiceStatus;
        amount_minor: number;
        refunded_minor: number;
        provider_payment_id: string | null;
        provider_charge_id: string | null;
      }
    | undefined
  >;
  transition(
    trx: Transaction<ClinicTables>,
    id: number,
    from: InvoiceStatus[],
    to: InvoiceStatus,
    actor: string,
    details: Record<string, unknown>,
  ): Promise<InvoiceStatus | null>;
  receiptOf(id: number, kind: Receipt['kind'], totalMinor: number): Promise<Receipt>;
  clock(): Date;
}

export async function refundInvoice(deps: RefundDeps, id: number, input: { amountMinor?: number; reason: string; staffId: number }) {
  const { db, find, transition, receiptOf, clock } = deps;
  const invoice = await find(id);
  if (!invoice) throw new PaymentRefused(404, 'not_found', `Invoice ${id} was not found.`);
  const left = invoice.amount_minor - invoice.refunded_minor;
  const amount = input.amountMinor ?? left;
  if (invoice.status !== 'paid' || left <= 0)
    throw new PaymentRefused(409, 'invoice_not_payable', `Invoice ${invoice.number} is ${invoice.status}; only a paid one is refunded.`);
  if (amount > left)
    throw new PaymentRefused(422, 'invalid_input', `amount_minor: at most ${left} tiyn of invoice ${invoice.number} is left to refund.`);
  const provider = await deps.config.provider();
  if (!provider)
    throw new PaymentRefused(
      409,
      'payment_provider_missing',
      'No payment provider is set up; refunds go through it (PUT /api/clinic/payments-provider).',
    );
  // Bot payments went through the provider connected to the bot: its charge id is the provider's payment.
  const paymentId = invoice.provider_payment_id ?? invoice.provider_charge_id;
  if (!paymentId) throw new PaymentRefused(409, 'invoice_not_payable', `Invoice ${invoice.number} has no provider payment to refund.`);
  let refundId: string;
  try {
    ({ refundId } = await provider.refund(paymentId, amount, input.reason));
  } catch (error) {
    if (error instanceof ProviderError) throw new PaymentRefused(502, 'payment_provider_failed', error.message);
    throw error;
  }
  const full = amount === left;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('clinic_refunds')
      .values({
        invoice_id: id,
        amount_minor: amount,
        provider_refund_id: refundId,
        reason: input.reason,
        created_by: input.staffId,
        at: clock(),
      })
      .execute();
    await trx
      .updateTable('clinic_invoices')
      .set({ refunded_minor: sql<number>`refunded_minor + ${amount}` as unknown as number })
      .where('id', '=', id)
      .execute();
    await transition(trx, id, ['paid'], full ? 'refunded' : 'paid', `staff:${input.staffId}`, {
      refund_id: refundId,
      amount_minor: amount,
      reason: input.reason,
    });
  });
  await deps.receipts.issue(await receiptOf(id, 'refund', amount));
  return { refund_id: refundId, amount_minor: amount };
}
