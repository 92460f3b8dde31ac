import {
  notificationIdParams,
  notificationPreferencesPatch,
  notificationQueueQuery,
  type NotificationPreferences,
  type QueuedNotification,
} from '@switchboard/contract';
import type { Kysely } from 'kysely';
import { currentPrincipal, HttpError, notFound, type HttpApp } from '../../platform/index.ts';
import type { TicketsContext } from './context.ts';
import { createNotificationQueue } from './notification-queue.ts';
import { clientPrincipal } from './portal.routes.ts';
import type { PreferencesService } from './preferences.service.ts';
import type { PartyKind, TicketsTables } from './tables.ts';

export interface NotificationRouteOptions {
  db: Kysely<TicketsTables>;
  delivery: TicketsContext['delivery'];
  preferences: PreferencesService;
}

/** Who gets which notifications, and seed 001's queue over the outbox (admin, with retry). */
export function registerNotificationRoutes(app: HttpApp, options: NotificationRouteOptions): void {
  registerPreferenceRoutes(app, options);
  registerQueueRoutes(app, options);
}

function registerPreferenceRoutes(app: HttpApp, options: NotificationRouteOptions): void {
  const tags = ['notifications'];
  const both = { access: { principals: ['staff', clientPrincipal] } };
  const subjectOf = (principal: { kind: string; id: number }) => ({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- keeps the literal type in the object
    kind: (principal.kind === 'staff' ? 'staff' : 'client') as PartyKind,
    id: principal.id,
  });

  app.get(
    '/api/notifications/preferences',
    { config: both, schema: { tags, summary: 'Which notification kinds I get in Telegram, and in which language' } },
    async (request): Promise<NotificationPreferences> => options.preferences.get(subjectOf(currentPrincipal(request))),
  );

  app.put(
    '/api/notifications/preferences',
    {
      config: both,
      schema: {
        tags,
        summary: 'Turn notification kinds on or off; language null follows Telegram',
        body: notificationPreferencesPatch,
      },
    },
    async (request): Promise<NotificationPreferences> => options.preferences.update(subjectOf(currentPrincipal(request)), request.body),
  );
}

function registerQueueRoutes(app: HttpApp, options: NotificationRouteOptions): void {
  const queue = createNotificationQueue(options.db, options.delivery);
  const tags = ['notifications'];

  app.get(
    '/api/notifications/queue',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "seed 001's notification queue: each notification with sent / sent_at / error from the outbox",
        querystring: notificationQueueQuery,
      },
    },
    async (request) => queue.list(request.query),
  );

  app.post(
    '/api/notifications/queue/:id/retry',
    { config: { access: 'admin' }, schema: { tags, summary: 'Send a failed notification again', params: notificationIdParams } },
    async (request): Promise<QueuedNotification> => {
      const item = await queue.find(request.params.id);
      if (!item || item.outbox_id === null) throw notFound(`Notification ${request.params.id}`);
      const result = await options.delivery.retry(item.outbox_id);
      if (result !== 'requeued')
        throw new HttpError(409, 'not_retryable', `Only a failed or cancelled notification can be retried; this one is ${item.state}.`);
      return (await queue.find(item.id))!;
    },
  );
}
