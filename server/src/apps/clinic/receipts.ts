// What a fiscal receipt needs for one payment or refund (the ReceiptSink's input), from the invoice,
// the clinic's business details (one place in settings) and the patient.
import type { Kysely } from 'kysely';
import type { BusinessDetails } from '../../platform/index.ts';
import type { Receipt } from './payment-providers/provider.ts';
import type { ClinicTables } from './tables.ts';

export async function receiptFor(
  db: Kysely<ClinicTables>,
  invoice: { number: string; patient_id: number; description: string; currency: string },
  input: { kind: Receipt['kind']; totalMinor: number; business: BusinessDetails; at: Date },
): Promise<Receipt> {
  const patient = await db
    .selectFrom('clinic_patients')
    .select(['first_name', 'last_name', 'phone'])
    .where('id', '=', invoice.patient_id)
    .executeTakeFirst();
  const { business, totalMinor } = input;
  return {
    invoiceNumber: invoice.number,
    kind: input.kind,
    seller: { name: business.name ?? '', bin: business.tax_number ?? null, address: business.address ?? null },
    items: [{ name: invoice.description, quantity: 1, priceMinor: totalMinor, amountMinor: totalMinor }],
    totalMinor,
    currency: invoice.currency,
    paymentType: 'card',
    customer: { name: `${patient?.last_name ?? ''} ${patient?.first_name ?? ''}`.trim(), phone: patient?.phone ?? null },
    at: input.at.toISOString(),
  };
}
