// Part 2 of the clinic (issue 21): documents, support and FAQ, audit and privacy — built once by index.ts,
// which hands the bot's payloads to `section`, registers `registerRoutes` and schedules `cleanup`.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { HttpApp } from '../../platform/index.ts';
import type { AppContext } from '../app.ts';
import type { Appointments } from './appointments.ts';
import { createAudit } from './audit.ts';
import { registerDocumentUploadRoute } from './admin-upload.routes.ts';
import { registerAuditRoutes } from './audit.routes.ts';
import { registerBotApiPartTwoRoutes } from './bot-api-part2.routes.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import { createDocuments } from './documents.ts';
import { registerDocumentRoutes } from './documents.routes.ts';
import { createDocumentService } from './documents.service.ts';
import { createFaq, registerFaqRoutes } from './faq.ts';
import type { Patients } from './patients.ts';
import { createPartTwoSection, sendFolder } from './part-two.flows.ts';
import { createPrivacy } from './privacy.ts';
import { createSupport } from './support.ts';
import type { ClinicTables } from './tables.ts';
import type { Tickets } from './tickets.ts';

/** The 6-hourly cleanup of seed 004 (expired links, files past retention or of deleted documents). */
export const cleanupQueue = { name: 'clinic-documents-cleanup', cron: '0 */6 * * *' };

export function createPartTwo(deps: {
  db: Kysely<ClinicTables>;
  context: AppContext<ClinicTables, ClinicSettings>;
  patients: Patients;
  appointments: Appointments;
  tickets: Tickets;
  clock(): Date;
}) {
  const { db, context, patients, clock } = deps;
  const audit = createAudit(db, clock);
  const documents = createDocuments({ db, context, clock });
  const service = createDocumentService({ db, context, documents, patients, tickets: deps.tickets, clock });
  const faq = createFaq(db, clock);
  const support = createSupport({ db, context, patients, appointments: deps.appointments, tickets: deps.tickets, clock });
  const privacy = createPrivacy({ db, context, audit, clock });

  async function cleanup() {
    const result = await documents.cleanup();
    // The copies sent as files are needed only while the channel uploads them.
    const names = await fs.readdir(sendFolder).catch(() => [] as string[]);
    for (const name of names) {
      const file = path.join(sendFolder, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat && stat.mtimeMs < Date.now() - 3_600_000) await fs.rm(file, { force: true });
    }
    return result;
  }

  return {
    section: createPartTwoSection({ db, documents, faq, support, privacy, audit }),
    support,
    cleanup,
    queue: { ...cleanupQueue, work: { handle: async () => void (await cleanup()) } },
    registerRoutes(app: HttpApp) {
      registerDocumentRoutes(app, { documents, service, audit });
      registerDocumentUploadRoute(app, { documents, service, audit });
      registerFaqRoutes(app, faq, db);
      registerAuditRoutes(app, { db, audit, patients, clock });
      registerBotApiPartTwoRoutes(app, { context, patients, documents, service, support, faq, audit });
    },
  };
}
