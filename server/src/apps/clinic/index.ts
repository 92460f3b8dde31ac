// The clinic assistant (issue 20, seed 004): patients register in Russian or Kazakh, book a doctor
// without double booking, get reminders they answer, confirm arrival and rate the visit.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppDefinition } from '../app.ts';
import { registerClinicReportRoutes } from './admin-reports.routes.ts';
import { registerClinicScheduleRoutes } from './admin-schedules.routes.ts';
import { registerClinicAdminRoutes } from './admin.routes.ts';
import { createAppointments } from './appointments.ts';
import { createAudit } from './audit.ts';
import { createBookingWizards } from './booking.wizard.ts';
import { createCatalogue } from './catalogue.ts';
import { registerClinicRoutes } from './clinic.routes.ts';
import { clinicBusinessStarts, clinicSettingsSchema, type ClinicSettings } from './clinic.settings.ts';
import { createClinicFlows } from './clinic.flows.ts';
import { createFollowUpWizards } from './followups.wizard.ts';
import { createPatients } from './patients.ts';
import { createPaymentsConfig } from './payments-config.ts';
import { createPayments } from './payments.ts';
import { createPaymentFlows } from './payments.flows.ts';
import { registerPaymentRoutes } from './payments.routes.ts';
import { noReceiptSink, type ReceiptSink } from './payment-providers/provider.ts';
import { createRegistrationWizard } from './registration.wizard.ts';
import { createReminders } from './reminders.ts';
import { createClinicSegments } from './segments.ts';
import type { ClinicTables } from './tables.ts';
import { createTickets } from './tickets.ts';
import { createPartTwo } from './part-two.ts';
import { createPatientAdmin } from './patient-admin.ts';
import { text } from './texts.ts';
import { createWaitlist } from './waitlist.ts';
import { registerWaitlistRoutes } from './waitlist.routes.ts';

/** What a test reaches beyond HTTP and the bot: the outreach sweep, run at the test's clock. */
export interface ClinicHandles {
  sweep(): Promise<{ reminders: number; arrivals: number; nps: number }>;
  /** The clinic-payments-expire job's work, at the test's clock. */
  expirePayments(): Promise<number>;
  /** Part 2's 6-hourly cleanup of document links and files, at the test's clock. */
  cleanupDocuments?(): Promise<{ links: number; files: number }>;
  /** The clinic-waitlist-expire job's work: offers whose hold (`waitlist_hold_minutes`) lapsed go to the next patient. */
  expireWaitlist?(): Promise<number>;
}

export function createClinicApp(options: { clock?: () => Date; expose?: (handles: ClinicHandles) => void; receipts?: ReceiptSink } = {}) {
  const clock = options.clock ?? (() => new Date());
  const definition: AppDefinition<ClinicTables, ClinicSettings> = {
    name: 'clinic',
    migrationsDirectory: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
    settings: clinicSettingsSchema,
    businessStarts: clinicBusinessStarts,
    roles: ['reception'],
    create(context) {
      const db = context.ownTables;
      const catalogue = createCatalogue(db);
      const patients = createPatients(db, context.secretBox);
      const appointments = createAppointments(db, catalogue, clock);
      const tickets = createTickets(db, { timeZone: async () => (await context.settings.read()).time_zone, clock });
      const reminders = createReminders({ db, context, tickets, clock });
      const paymentsConfig = createPaymentsConfig(db, context.secretBox);
      const payments = createPayments({
        db,
        config: paymentsConfig,
        receipts: options.receipts ?? noReceiptSink,
        business: () => context.business.read(),
        callbackUrl: context.publicUrl ? `${context.publicUrl.replace(/\/+$/, '')}/api/bot/payments/callback/` : null,
        expiryHours: async () => (await context.settings.read()).payment_expiry_hours,
        clock,
      });
      const paymentFlows = createPaymentFlows({ payments, config: paymentsConfig, patients });
      const partTwo = createPartTwo({ db, context, patients, appointments, tickets, clock });
      const waitlist = createWaitlist({ db, context, patients, appointments, tickets, clock });
      const patientAdmin = createPatientAdmin({ db, context, patients, clock });
      const segments = createClinicSegments({
        db,
        secretBox: context.secretBox,
        timeZone: async () => (await context.settings.read()).time_zone,
        clock,
      });
      options.expose?.({
        sweep: reminders.sweep,
        expirePayments: payments.expireDue,
        cleanupDocuments: partTwo.cleanup,
        expireWaitlist: waitlist.expireDue,
      });
      const flows = createClinicFlows({
        db,
        context,
        patients,
        catalogue,
        appointments,
        tickets,
        payments: paymentFlows,
        clock,
        sections: [partTwo.section, waitlist.section],
      });
      return {
        segmentFields: segments.source,
        async start() {
          const { filled, unreadable } = await segments.fillBirthYears();
          if (filled > 0 || unreadable.length > 0)
            context.logger.info({ filled, unreadable }, 'patients’ birth years filled in for segments by age');
        },
        flows: {
          ...flows,
          checkout: paymentFlows.checkout,
          wizards: [
            createRegistrationWizard({
              patients,
              seal: (value) => context.secretBox.encrypt(value),
              unseal: (value) => context.secretBox.decrypt(value),
              clock,
              iinOverridden: patientAdmin.overridden,
              registered: patientAdmin.copyToContact,
            }),
            ...createBookingWizards({
              catalogue,
              appointments,
              tickets,
              clock,
              afterBooking: async (appointmentId, data) =>
                (await context.settings.read()).booking_prepayment
                  ? paymentFlows.prepayment(appointmentId, data.patientId, data.language)
                  : [],
              async joinWaitlist(data) {
                const joined = await waitlist.join({
                  patientId: data.patientId,
                  serviceId: data.serviceId!,
                  doctorId: data.doctorId ?? null,
                  day: null,
                });
                const { waitlist_hold_minutes: minutes } = await context.settings.read();
                return [
                  { type: 'text', text: text(data.language, joined === 'already' ? 'waitlistAlready' : 'waitlistJoined', { minutes }) },
                ];
              },
              async toOperator(step, typed, where) {
                const patient = await patients.byChat(step.origin.channel.id, step.origin.sender?.externalId ?? '');
                if (!patient) return [{ type: 'text', text: text(step.data.language, 'useButtons') }];
                await partTwo.support.open({ patient, conversationId: step.conversationId, text: typed, source: 'bot', flowStep: where });
                return [{ type: 'text', text: text(step.data.language, 'operatorCalled') }];
              },
            }),
            ...createFollowUpWizards({
              appointments,
              saveComment: async (appointmentId, comment) =>
                void (await db.updateTable('clinic_feedback').set({ comment }).where('appointment_id', '=', appointmentId).execute()),
            }),
          ],
        },
        queues: [
          { name: 'clinic-outreach', cron: '* * * * *', work: { handle: async () => void (await reminders.sweep()) } },
          { name: 'clinic-payments-expire', cron: '* * * * *', work: { handle: async () => void (await payments.expireDue()) } },
          partTwo.queue,
          { name: 'clinic-waitlist-expire', cron: '* * * * *', work: { handle: async () => void (await waitlist.expireDue()) } },
        ],
        registerRoutes: (app) => {
          registerClinicRoutes(app, { db, context, catalogue, appointments, patients, reminders, clock });
          registerPaymentRoutes(app, { db, context, patients, payments, config: paymentsConfig, clock });
          partTwo.registerRoutes(app);
          registerWaitlistRoutes(app, waitlist);
          patientAdmin.registerRoutes(app);
          registerClinicAdminRoutes(app, { db, timeZone: async () => (await context.settings.read()).time_zone, clock });
          registerClinicScheduleRoutes(app, {
            db,
            audit: createAudit(db, clock),
            timeZone: async () => (await context.settings.read()).time_zone,
          });
          registerClinicReportRoutes(app, { db, clock });
        },
      };
    },
  };
  return definition;
}

export const clinicApp = createClinicApp();
