// Telegram deep-link linking for portal clients and staff (issue 8, seed 001).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unprocessable } from '../../platform/index.ts';
import type { AppDefinition } from '../app.ts';
import { createLinkingFlows } from './linking.flows.ts';
import { registerLinkingRoutes } from './linking.routes.ts';
import { linkingSettingsSchema, type LinkingSettings } from './linking.settings.ts';
import { createLinkService } from './links.service.ts';
import type { LinkingTables } from './tables.ts';

export const linkingApp: AppDefinition<LinkingTables, LinkingSettings, 'linking'> = {
  name: 'linking',
  migrationsDirectory: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  settings: linkingSettingsSchema,
  create(context) {
    const links = createLinkService(context.ownTables);
    return {
      flows: createLinkingFlows(links, context),
      registerRoutes: (app) => registerLinkingRoutes(app, { links, context }),
      queues: [{ name: 'linking-cleanup', cron: '23 * * * *', work: { handle: () => links.deleteStaleTokens(7) } }],
      async checkSettings(next) {
        if (next.channel_id && !(await context.channels.get(next.channel_id)))
          throw unprocessable(`There is no bot with id ${next.channel_id}; pick one from GET /api/accounts.`, 'unknown_bot');
      },
      provides: { linking: { linkedChats: links.linkedChats } },
    };
  },
};
