// Telegram deep-link linking for portal clients and staff (issue 8, seed 001).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppDefinition } from '../app.ts';
import { createLinkingFlows } from './linking.flows.ts';
import { registerLinkingRoutes } from './linking.routes.ts';
import { linkingSettingsSchema } from './linking.settings.ts';
import { createLinkService } from './links.service.ts';

export const linkingApp: AppDefinition = {
  name: 'linking',
  migrationsDirectory: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  settings: linkingSettingsSchema,
  create(context) {
    const links = createLinkService(context.db);
    return {
      flows: createLinkingFlows(links, context.channels),
      registerRoutes: (app) => registerLinkingRoutes(app, { links, context }),
      queues: [{ name: 'linking-cleanup', cron: '23 * * * *', work: { handle: () => links.deleteStaleTokens(7) } }],
    };
  },
};
