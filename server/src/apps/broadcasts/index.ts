// Broadcasts, segments, marketing consent and scheduled messages (issue 22, seed 004).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppDefinition } from '../app.ts';
import { createBroadcastFlows } from './broadcasts.flows.ts';
import { registerBroadcastRoutes } from './broadcasts.routes.ts';
import { createBroadcasts } from './broadcasts.service.ts';
import { broadcastSettingsSchema, type BroadcastSettings } from './broadcasts.settings.ts';
import { createConsents } from './consent.service.ts';
import { createCustomerMessages } from './customer-messages.ts';
import { registerMediaRoute } from './media.ts';
import { registerScheduledRoutes } from './scheduled.routes.ts';
import { createScheduledMessages } from './scheduled.service.ts';
import { createSegments } from './segments.ts';
import { createSender } from './sender.ts';
import { createStats } from './stats.ts';
import type { BroadcastTables } from './tables.ts';

/** What a test reaches beyond HTTP: one tick of the sender (scheduled broadcasts and messages due at the test's clock). */
export interface BroadcastHandles {
  tick(): Promise<boolean>;
}

/** `clock` decides when scheduled broadcasts and messages are due (tests drive their own). */
export function createBroadcastsApp(
  options: { clock?: () => Date; expose?: (handles: BroadcastHandles) => void } = {},
): AppDefinition<BroadcastTables, BroadcastSettings> {
  const clock = options.clock ?? (() => new Date());
  return {
    name: 'broadcasts',
    migrationsDirectory: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
    settings: broadcastSettingsSchema,
    uses: ['linking'],
    create(context) {
      const consents = createConsents(context.ownTables);
      const segments = createSegments(context);
      const broadcasts = createBroadcasts(context, segments, clock);
      const stats = createStats(context);
      const scheduled = createScheduledMessages(context, clock);
      const sender = createSender(context, broadcasts, stats, scheduled, clock);
      options.expose?.({ tick: sender.tick });
      const unsubscribers: Array<() => void> = [];
      const customerMessages = createCustomerMessages(context, scheduled);
      return {
        flows: createBroadcastFlows(context, consents),
        registerRoutes(app) {
          registerBroadcastRoutes(app, { context, broadcasts, segments, consents, stats, sender });
          registerScheduledRoutes(app, scheduled);
          registerMediaRoute(app, context.files);
        },
        async start() {
          unsubscribers.push(
            context.events.on('message.received', ({ conversationId, kind, text }) =>
              customerMessages.received({ conversationId, kind, text }),
            ),
          );
          sender.start();
        },
        async stop() {
          for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
          await customerMessages.settled();
          await sender.stop();
        },
      };
    },
  };
}

export const broadcastsApp = createBroadcastsApp();
