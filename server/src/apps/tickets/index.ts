// The client portal: clients, tickets, invoices and their Telegram notifications (issue 8, seed 001).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppDefinition } from '../app.ts';
import { registerClientRoutes } from './clients.routes.ts';
import { createInvoicesService } from './invoices.service.ts';
import { registerInvoiceRoutes } from './invoices.routes.ts';
import { createNotifier } from './notifications.service.ts';
import { registerNotificationRoutes } from './notifications.routes.ts';
import { createPortalAccounts } from './portal-accounts.service.ts';
import { registerPortalRoutes } from './portal.routes.ts';
import { createPreferences } from './preferences.service.ts';
import { registerTicketRoutes } from './tickets.routes.ts';
import { createTicketsService } from './tickets.service.ts';
import { ticketsSettingsSchema } from './tickets.settings.ts';

export const ticketsApp: AppDefinition = {
  name: 'tickets',
  migrationsDirectory: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  settings: ticketsSettingsSchema,
  create(context) {
    const { db, publicUrl } = context;
    const accounts = createPortalAccounts(db);
    const preferences = createPreferences(db);
    const notifier = createNotifier({ db, delivery: context.delivery, publicUrl, preferences });
    const tickets = createTicketsService({ db, notifier });
    const invoices = createInvoicesService({ db, notifier });
    return {
      registerRoutes(app) {
        registerPortalRoutes(app, { accounts, db, secureCookies: publicUrl?.startsWith('https:') ?? false });
        registerClientRoutes(app, { accounts, publicUrl, visibility: context.visibility });
        registerTicketRoutes(app, { tickets, accounts });
        registerInvoiceRoutes(app, { invoices, accounts, db });
        registerNotificationRoutes(app, { db, delivery: context.delivery, preferences });
      },
      queues: [{ name: 'tickets-portal-sessions', cron: '41 * * * *', work: { handle: () => accounts.deleteExpiredSessions() } }],
      start: () => notifier.start(),
    };
  },
};
