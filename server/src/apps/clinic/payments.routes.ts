// Payments over HTTP: seed 004's /api/bot/payments/* for integrations (with its trailing slashes), the
// provider's callback (public, verified by its signature over the raw body); the staff routes for the
// web app are in payments.staff-routes.ts.
import type { ClinicInvoice } from '@switchboard/contract';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { currentPrincipal, HttpError, type HttpApp } from '../../platform/index.ts';
import type { AppContext } from '../app.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import { integrationKind } from './integrations.ts';
import type { Patients } from './patients.ts';
import type { PaymentsConfig } from './payments-config.ts';
import { id, invoiceInput, refusals, tags } from './payments.http.ts';
import type { Payments } from './payments.ts';
import { registerPaymentStaffRoutes } from './payments.staff-routes.ts';
import { CallbackRefused } from './payment-providers/provider.ts';
import type { ClinicTables } from './tables.ts';

const integrations = { access: { principals: [integrationKind] } } as const;
/** Seed 004 names the patient by their messenger user id. */
const userIdField = 'telegram_user_id' as const;
const userId = z.string().regex(/^\d{1,20}$/, 'the numeric user id of the patient in the bot');

export interface PaymentRouteOptions {
  db: Kysely<ClinicTables>;
  context: AppContext<ClinicTables, ClinicSettings>;
  patients: Patients;
  payments: Payments;
  config: PaymentsConfig;
  clock(): Date;
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
  async function invoiceJson(invoiceId: number): Promise<ClinicInvoice> {
    const invoice = await payments.find(invoiceId);
    if (!invoice) throw new HttpError(404, 'not_found', `Invoice ${invoiceId} was not found.`);
    const { receipt: _receipt, ...shown } = invoice;
    const history = await payments.history(invoiceId);
    return {
      ...shown,
      expires_at: shown.expires_at.toISOString(),
      paid_at: shown.paid_at?.toISOString() ?? null,
      created_at: shown.created_at.toISOString(),
      updated_at: shown.updated_at.toISOString(),
      history: history.map((event) => ({ ...event, at: event.at.toISOString() })),
    };
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

  registerPaymentStaffRoutes(app, { ...options, invoiceJson, audit });
}
