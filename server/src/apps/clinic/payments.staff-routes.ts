// Staff routes of payments for the web app: the invoices list, issuing one, an invoice with its history
// and refunds, refunds (admins), a patient's balance, and the provider's settings (admins, sealed at rest).
import {
  clinicIdParams,
  clinicInvoiceBody,
  clinicPaymentsQuery,
  clinicProviderBody,
  clinicRefundBody,
  type ClinicBalance,
  type ClinicInvoice,
  type ClinicInvoiceList,
  type ClinicInvoiceWithRefunds,
  type ClinicProviderState,
  type ClinicRefundDone,
} from '@switchboard/contract';
import { currentUser, HttpError, type HttpApp } from '../../platform/index.ts';
import { reception, refusals, tags } from './payments.http.ts';
import type { PaymentRouteOptions } from './payments.routes.ts';

export function registerPaymentStaffRoutes(
  app: HttpApp,
  options: PaymentRouteOptions & {
    invoiceJson(invoiceId: number): Promise<ClinicInvoice>;
    audit(actor: string, action: string, details: object): Promise<void>;
  },
): void {
  const { db, payments, config, invoiceJson, audit } = options;

  // Staff: the web app's payments list, invoices, refunds, balances.
  app.get(
    '/api/clinic/payments',
    {
      config: reception,
      schema: {
        tags,
        summary: 'Invoices, newest first (by patient or status)',
        querystring: clinicPaymentsQuery,
      },
    },
    async (request): Promise<ClinicInvoiceList> => {
      let query = db
        .selectFrom('clinic_invoices as i')
        .innerJoin('clinic_patients as p', 'p.id', 'i.patient_id')
        .select([
          'i.id',
          'i.number',
          'i.patient_id',
          'i.appointment_id',
          'i.description',
          'i.currency',
          'i.amount_minor',
          'i.refunded_minor',
          'i.status',
          'i.method',
          'i.source',
          'i.created_at',
          'i.paid_at',
          'i.expires_at',
          'p.first_name',
          'p.last_name',
        ]);
      if (request.query.patient_id) query = query.where('i.patient_id', '=', request.query.patient_id);
      if (request.query.status) query = query.where('i.status', '=', request.query.status);
      const rows = await query.orderBy('i.id', 'desc').limit(request.query.limit).execute();
      return {
        results: rows.map(({ first_name, last_name, ...row }) => ({
          ...row,
          amount_minor: Number(row.amount_minor),
          refunded_minor: Number(row.refunded_minor),
          created_at: row.created_at.toISOString(),
          paid_at: row.paid_at?.toISOString() ?? null,
          expires_at: row.expires_at.toISOString(),
          patient_name: `${last_name} ${first_name}`,
        })),
      };
    },
  );

  app.post(
    '/api/clinic/payments',
    { config: reception, schema: { tags, summary: 'Issue an invoice to a patient', body: clinicInvoiceBody } },
    async (request, reply): Promise<ClinicInvoice> => {
      const staff = currentUser(request);
      const patient = await db.selectFrom('clinic_patients').select('id').where('id', '=', request.body.patient_id).executeTakeFirst();
      if (!patient) throw new HttpError(404, 'not_found', `Patient ${request.body.patient_id} was not found.`);
      const invoiceId = await refusals(() =>
        payments.create({
          patientId: patient.id,
          appointmentId: request.body.appointment_id,
          serviceId: request.body.service_id,
          amountMinor: request.body.amount_minor,
          description: request.body.description,
          source: 'staff',
          createdBy: staff.id,
          actor: `staff:${staff.id}`,
        }),
      );
      reply.status(201);
      return invoiceJson(invoiceId);
    },
  );

  app.get(
    '/api/clinic/payments/:id',
    { config: reception, schema: { tags, summary: 'An invoice with its history and refunds', params: clinicIdParams } },
    async (request): Promise<ClinicInvoiceWithRefunds> => ({
      ...(await invoiceJson(request.params.id)),
      refunds: (
        await db
          .selectFrom('clinic_refunds')
          .select(['id', 'amount_minor', 'provider_refund_id', 'reason', 'created_by', 'at'])
          .where('invoice_id', '=', request.params.id)
          .orderBy('id')
          .execute()
      ).map((refund) => ({ ...refund, amount_minor: Number(refund.amount_minor), at: refund.at.toISOString() })),
    }),
  );

  app.post(
    '/api/clinic/payments/:id/refund',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Refund a paid invoice through the provider (all that is left, or amount_minor)',
        params: clinicIdParams,
        body: clinicRefundBody,
      },
    },
    async (request): Promise<ClinicRefundDone> => {
      const staff = currentUser(request);
      const refund = await refusals(() =>
        payments.refund(request.params.id, { amountMinor: request.body.amount_minor, reason: request.body.reason, staffId: staff.id }),
      );
      await audit(`staff:${staff.id}`, 'invoice.refunded', { invoice_id: request.params.id, ...refund });
      return { ...refund, invoice: await invoiceJson(request.params.id) };
    },
  );

  app.get(
    '/api/clinic/patients/:id/balance',
    { config: reception, schema: { tags, summary: "A patient's balance (tiyn)", params: clinicIdParams } },
    async (request): Promise<ClinicBalance> => {
      const patient = await db.selectFrom('clinic_patients').select('id').where('id', '=', request.params.id).executeTakeFirst();
      if (!patient) throw new HttpError(404, 'not_found', `Patient ${request.params.id} was not found.`);
      return payments.balance(patient.id);
    },
  );

  app.get(
    '/api/clinic/payments-provider',
    { config: { access: 'admin' }, schema: { tags, summary: 'The payment provider set up (secrets masked)' } },
    async (): Promise<ClinicProviderState> => {
      const provider = await config.providerConfig();
      return {
        provider: provider ? { kind: provider.kind, base_url: provider.base_url } : null,
        bot_payments_token_set: (await config.botPaymentsToken()) !== null,
      };
    },
  );

  app.put(
    '/api/clinic/payments-provider',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Set the payment provider (sealed at rest) and the bot payments token; null removes',
        body: clinicProviderBody,
      },
    },
    async (request): Promise<ClinicProviderState> => {
      if (request.body.provider !== undefined) await config.setProvider(request.body.provider);
      if (request.body.bot_payments_token !== undefined) await config.setBotPaymentsToken(request.body.bot_payments_token);
      await audit(`staff:${currentUser(request).id}`, 'payments.provider_set', {
        provider: request.body.provider === undefined ? 'unchanged' : request.body.provider ? 'set' : 'removed',
        bot_payments_token:
          request.body.bot_payments_token === undefined ? 'unchanged' : request.body.bot_payments_token ? 'set' : 'removed',
      });
      const provider = await config.providerConfig();
      return {
        provider: provider ? { kind: provider.kind, base_url: provider.base_url } : null,
        bot_payments_token_set: (await config.botPaymentsToken()) !== null,
      };
    },
  );
}
