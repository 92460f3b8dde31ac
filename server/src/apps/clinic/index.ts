// The clinic assistant (issue 20, seed 004): patients register in Russian or Kazakh, book a doctor
// without double booking, get reminders they answer, confirm arrival and rate the visit.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppDefinition } from '../app.ts';
import { createAppointments } from './appointments.ts';
import { createBookingWizards } from './booking.wizard.ts';
import { createCatalogue } from './catalogue.ts';
import { registerClinicRoutes } from './clinic.routes.ts';
import { clinicSettingsSchema, type ClinicSettings } from './clinic.settings.ts';
import { createClinicFlows } from './clinic.flows.ts';
import { createFollowUpWizards } from './followups.wizard.ts';
import { createPatients } from './patients.ts';
import { createRegistrationWizard } from './registration.wizard.ts';
import { createReminders } from './reminders.ts';
import type { ClinicTables } from './tables.ts';
import { createTickets } from './tickets.ts';
import { createPartTwo } from './part-two.ts';

/** What a test reaches beyond HTTP and the bot: the outreach sweep, run at the test's clock. */
export interface ClinicHandles {
  sweep(): Promise<{ reminders: number; arrivals: number; nps: number }>;
  /** Part 2's 6-hourly cleanup of document links and files, at the test's clock. */
  cleanupDocuments?(): Promise<{ links: number; files: number }>;
}

export function createClinicApp(options: { clock?: () => Date; expose?: (handles: ClinicHandles) => void } = {}) {
  const clock = options.clock ?? (() => new Date());
  const definition: AppDefinition<ClinicTables, ClinicSettings> = {
    name: 'clinic',
    migrationsDirectory: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
    settings: clinicSettingsSchema,
    roles: ['reception'],
    create(context) {
      const db = context.ownTables;
      const catalogue = createCatalogue(db);
      const patients = createPatients(db, context.secretBox);
      const appointments = createAppointments(db, catalogue, clock);
      const tickets = createTickets(db, { timeZone: async () => (await context.settings.read()).time_zone, clock });
      const reminders = createReminders({ db, context, patients, tickets, clock });
      const partTwo = createPartTwo({ db, context, patients, appointments, tickets, clock });
      options.expose?.({ sweep: reminders.sweep, cleanupDocuments: partTwo.cleanup });
      const flows = createClinicFlows({ db, context, patients, catalogue, appointments, tickets, clock, sections: [partTwo.section] });
      return {
        flows: {
          ...flows,
          wizards: [
            createRegistrationWizard({
              patients,
              seal: (value) => context.secretBox.encrypt(value),
              unseal: (value) => context.secretBox.decrypt(value),
              clock,
            }),
            ...createBookingWizards({ catalogue, appointments, tickets, clock }),
            ...createFollowUpWizards({
              appointments,
              saveComment: async (appointmentId, comment) =>
                void (await db.updateTable('clinic_feedback').set({ comment }).where('appointment_id', '=', appointmentId).execute()),
            }),
          ],
        },
        queues: [
          { name: 'clinic-outreach', cron: '* * * * *', work: { handle: async () => void (await reminders.sweep()) } },
          partTwo.queue,
        ],
        registerRoutes: (app) => {
          registerClinicRoutes(app, { db, context, catalogue, appointments, patients, clock });
          partTwo.registerRoutes(app);
        },
      };
    },
  };
  return definition;
}

export const clinicApp = createClinicApp();
