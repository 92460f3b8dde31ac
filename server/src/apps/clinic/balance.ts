// A patient's balance (issue 21): what they paid, minus the services rendered (completed visits at the
// catalogue price, in tiyn), minus what went back to them. Positive: the clinic owes the
// patient; negative: the patient owes the clinic. Open invoices are shown beside it, not counted.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { ClinicTables } from './tables.ts';

export async function patientBalance(db: Kysely<ClinicTables>, patientId: number) {
  const paid = await db
    .selectFrom('clinic_invoices')
    .select(sql<string>`coalesce(sum(amount_minor), 0)`.as('paid'))
    .select(sql<string>`coalesce(sum(refunded_minor), 0)`.as('refunded'))
    .where('patient_id', '=', patientId)
    .where('paid_at', 'is not', null)
    .where('status', 'in', ['paid', 'refunded'])
    .executeTakeFirstOrThrow();
  const rendered = await db
    .selectFrom('clinic_appointments as a')
    .innerJoin('clinic_services as s', 's.id', 'a.service_id')
    .select(sql<string>`coalesce(sum(s.price_minor), 0)`.as('rendered'))
    .where('a.patient_id', '=', patientId)
    .where('a.status', '=', 'completed')
    .executeTakeFirstOrThrow();
  const open = await db
    .selectFrom('clinic_invoices')
    .select(sql<string>`coalesce(sum(amount_minor), 0)`.as('open'))
    .where('patient_id', '=', patientId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  const paidMinor = Number(paid.paid);
  const refundedMinor = Number(paid.refunded);
  const renderedMinor = Number(rendered.rendered);
  return {
    currency: 'KZT',
    paid_minor: paidMinor,
    services_rendered_minor: renderedMinor,
    refunded_minor: refundedMinor,
    balance_minor: paidMinor - renderedMinor - refundedMinor,
    open_invoices_minor: Number(open.open),
  };
}
