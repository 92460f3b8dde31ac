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
import type { TicketsTables } from './tables.ts';
import { registerTicketRoutes } from './tickets.routes.ts';
import { createTicketsService } from './tickets.service.ts';
import { ticketsBusinessStarts, ticketsSettingsSchema, type TicketsSettings } from './tickets.settings.ts';

export const ticketsApp: AppDefinition<TicketsTables, TicketsSettings> = {
  name: 'tickets',
  migrationsDirectory: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  settings: ticketsSettingsSchema,
  businessStarts: ticketsBusinessStarts,
  // Notifications go to the chats people linked; without the linking app tickets work and notify no one.
  uses: ['linking'],
  create(context) {
    const { ownTables: db, publicUrl, settings } = context;
    const accounts = createPortalAccounts(context);
    const preferences = createPreferences(db);
    const notifier = createNotifier({ context, preferences });
    const tickets = createTicketsService({ context, notifier });
    const invoices = createInvoicesService({ context, notifier });
    return {
      registerRoutes(app) {
        registerPortalRoutes(app, { accounts, settings, secureCookies: publicUrl?.startsWith('https:') ?? false });
        registerClientRoutes(app, { accounts, publicUrl, contacts: context.contacts });
        registerTicketRoutes(app, { tickets, accounts });
        registerInvoiceRoutes(app, { invoices, accounts, settings, business: context.business });
        registerNotificationRoutes(app, { db, delivery: context.delivery, preferences });
      },
      queues: [{ name: 'tickets-portal-sessions', cron: '41 * * * *', work: { handle: () => accounts.deleteExpiredSessions() } }],
    };
  },
};
