// Payments over HTTP: seed 004's /api/bot/payments/* for integrations (with its trailing slashes), the
// provider's callback (public, verified by its signature over the raw body), and staff routes for the
// web app: invoices, refunds, a patient's balance and the provider's settings (admins).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { currentPrincipal, currentUser, HttpError, type HttpApp } from '../../platform/index.ts';
import type { AppContext } from '../app.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import { integrationKind } from './integrations.ts';
import type { Patients } from './patients.ts';
import { providerConfigSchema, type PaymentsConfig } from './payments-config.ts';
import { PaymentRefused, type Payments } from './payments.ts';
import { invoiceStatuses } from './payments.tables.ts';
import { CallbackRefused } from './payment-providers/provider.ts';
import type { ClinicTables } from './tables.ts';

const integrations = { access: { principals: [integrationKind] } } as const;
const reception = { access: { roles: ['reception', 'operator'] } } as const;
const tags = ['clinic payments'];
const id = z.coerce.number().int().positive().max(2_147_483_647);
const minor = z.number().int().positive().max(100_000_000_000);
/** Seed 004 names the patient by their messenger user id. */
const userIdField = 'telegram_user_id' as const;
const userId = z.string().regex(/^\d{1,20}$/, 'the numeric user id of the patient in the bot');
const invoiceInput = {
  appointment_id: id.optional(),
  service_id: id.optional(),
  amount_minor: minor.optional().meta({ description: 'In tiyn (1 ₸ = 100); defaults to the service price.' }),
  description: z.string().trim().min(1).max(200).optional(),
};

export interface PaymentRouteOptions {
  db: Kysely<ClinicTables>;
  context: AppContext<ClinicTables, ClinicSettings>;
  patients: Patients;
  payments: Payments;
  config: PaymentsConfig;
  clock(): Date;
}

/** PaymentRefused → the HTTP answer it stands for. */
async function refusals<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PaymentRefused) throw new HttpError(error.status, error.code, error.message);
    throw error;
  }
}

export function registerPaymentRoutes(app: HttpApp, options: PaymentRouteOptions): void {
  const { db, context, patients, payments, config, clock } = options;

  async function patientOf(user: string) {
    const bot = await context.channels.defaultChannel();
    const patient = bot ? await patients.byChat(bot.id, user) : undefined;
    if (!patient)
      throw new HttpError(
        404,
        'patient_not_registered',
        `No patient is registered for user ${user}; register them with POST /api/bot/patient/upsert/.`,
      );
    return patient;
  }
  async function invoiceJson(invoiceId: number) {
    const invoice = await payments.find(invoiceId);
    if (!invoice) throw new HttpError(404, 'not_found', `Invoice ${invoiceId} was not found.`);
    const { receipt: _receipt, ...shown } = invoice;
    return { ...shown, history: await payments.history(invoiceId) };
  }
  const audit = async (actor: string, action: string, details: object) =>
    void (await db
      .insertInto('clinic_audit')
      .values({ actor, action, details: JSON.stringify(details) })
      .execute());

  app.post(
    '/api/bot/payments/invoice/',
    {
      config: integrations,
      schema: {
        tags,
        summary: 'Create an invoice for a patient (an appointment, a service or a free amount); optionally its payment link',
        body: z.object({ [userIdField]: userId, ...invoiceInput, with_link: z.boolean().default(false) }),
      },
    },
    async (request, reply) => {
      const patient = await patientOf(request.body[userIdField]);
      const principal = currentPrincipal(request);
      const invoiceId = await refusals(() =>
        payments.create({
          patientId: patient.id,
          appointmentId: request.body.appointment_id,
          serviceId: request.body.service_id,
          amountMinor: request.body.amount_minor,
          description: request.body.description,
          source: 'api',
          actor: `integration:${principal.id}`,
        }),
      );
      await audit(`integration:${principal.id}`, 'invoice.created', { invoice_id: invoiceId });
      if (request.body.with_link) await refusals(() => payments.linkFor(invoiceId, patient.language));
      reply.status(201);
      return invoiceJson(invoiceId);
    },
  );

  app.get(
    '/api/bot/payments/:id/status/',
    { config: integrations, schema: { tags, summary: "An invoice's status and its history", params: z.object({ id }) } },
    async (request) => {
      const invoice = await invoiceJson(request.params.id);
      return {
        id: invoice.id,
        number: invoice.number,
        status: invoice.status,
        amount_minor: invoice.amount_minor,
        refunded_minor: invoice.refunded_minor,
        currency: invoice.currency,
        paid_at: invoice.paid_at,
        expires_at: invoice.expires_at,
        payment_url: invoice.payment_url,
        history: invoice.history,
      };
    },
  );

  app.get(
    '/api/bot/payments/balance/',
    {
      config: integrations,
      schema: {
        tags,
        summary: "A patient's balance: paid − services rendered − refunds (tiyn)",
        querystring: z.object({ [userIdField]: userId }),
      },
    },
    async (request) => payments.balance((await patientOf(request.query[userIdField])).id),
  );

  // The provider's callback: its own JSON parser keeps the raw bytes the signature covers.
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));
    scope.post(
      '/api/bot/payments/callback/',
      {
        config: { access: 'public' },
        schema: { tags, summary: "The payment provider's status callback (signed over the raw body; idempotent)" },
      },
      async (request) => {
        const provider = await config.provider();
        if (!provider)
          throw new HttpError(
            409,
            'payment_provider_missing',
            'No payment provider is set up here; an admin sets one in PUT /api/clinic/payments-provider.',
          );
        if (!Buffer.isBuffer(request.body))
          throw new HttpError(415, 'unsupported_media_type', 'Send the callback as application/json, as the provider signs it.');
        let event;
        try {
          event = provider.parseCallback(request.body, request.headers, clock());
        } catch (error) {
          if (error instanceof CallbackRefused) throw new HttpError(error.status, 'payment_callback_refused', error.message);
          throw error;
        }
        const outcome = await payments.applyCallback(provider.kind, event);
        return { ok: true, applied: outcome.applied, invoice_id: outcome.invoiceId };
      },
    );
  });

  // Staff: the web app's payments list, invoices, refunds, balances.
  app.get(
    '/api/clinic/payments',
    {
      config: reception,
      schema: {
        tags,
        summary: 'Invoices, newest first (by patient or status)',
        querystring: z.object({
          patient_id: id.optional(),
          status: z.enum(invoiceStatuses).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (request) => {
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
          patient_name: `${last_name} ${first_name}`,
        })),
      };
    },
  );

  app.post(
    '/api/clinic/payments',
    { config: reception, schema: { tags, summary: 'Issue an invoice to a patient', body: z.object({ patient_id: id, ...invoiceInput }) } },
    async (request, reply) => {
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
    { config: reception, schema: { tags, summary: 'An invoice with its history and refunds', params: z.object({ id }) } },
    async (request) => ({
      ...(await invoiceJson(request.params.id)),
      refunds: await db
        .selectFrom('clinic_refunds')
        .select(['id', 'amount_minor', 'provider_refund_id', 'reason', 'created_by', 'at'])
        .where('invoice_id', '=', request.params.id)
        .orderBy('id')
        .execute(),
    }),
  );

  app.post(
    '/api/clinic/payments/:id/refund',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Refund a paid invoice through the provider (all that is left, or amount_minor)',
        params: z.object({ id }),
        body: z.object({ amount_minor: minor.optional(), reason: z.string().trim().min(1).max(500) }),
      },
    },
    async (request) => {
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
    { config: reception, schema: { tags, summary: "A patient's balance (tiyn)", params: z.object({ id }) } },
    async (request) => payments.balance(request.params.id),
  );

  app.get(
    '/api/clinic/payments-provider',
    { config: { access: 'admin' }, schema: { tags, summary: 'The payment provider set up (secrets masked)' } },
    async () => {
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
        body: z.object({
          provider: providerConfigSchema.nullable().optional(),
          bot_payments_token: z.string().trim().min(8).max(500).nullable().optional(),
        }),
      },
    },
    async (request) => {
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
