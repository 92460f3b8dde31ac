// Each operator's alerts for new customer messages, and their availability (issue 26). The browser decides when to alert (the
// WebSocket already brings only what this person may see); the server keeps the choice so it follows
// the person from browser to browser.
import { availabilityBody, notificationSettingsBody, type AvailabilityAnswer, type NotificationSettings } from '@switchboard/contract';
import { currentUser, type HttpApp } from '../platform/index.ts';
import { availabilityOf, setAvailability } from './queries/operators.ts';
import type { InboxDb } from './tables.ts';

const defaults: NotificationSettings = { mine: true, queue: true, sound: true, mentions: true };

async function readSettings(db: InboxDb, staffId: number): Promise<NotificationSettings> {
  const row = await db
    .selectFrom('operator_notification_settings')
    .select(['mine', 'queue', 'sound', 'mentions'])
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return row ?? defaults;
}

export function registerNotificationSettingsRoutes(app: HttpApp, options: { db: InboxDb }): void {
  const { db } = options;
  const tags = ['inbox'];
  app.get(
    '/api/me/notification-settings',
    { schema: { tags, summary: 'Your alerts: new customer messages in your conversations and the queue, mentions, sound' } },
    async (request) => readSettings(db, currentUser(request).id),
  );
  app.put(
    '/api/me/notification-settings',
    { schema: { tags, summary: 'Change your alerts; fields left out stay as they are', body: notificationSettingsBody } },
    async (request) => {
      const user = currentUser(request);
      const next = { ...(await readSettings(db, user.id)), ...request.body };
      await db
        .insertInto('operator_notification_settings')
        .values({ staff_id: user.id, ...next })
        .onConflict((conflict) => conflict.column('staff_id').doUpdateSet({ ...next, updated_at: new Date() }))
        .execute();
      return next;
    },
  );

  // Availability (issue 26): online takes new conversations from auto-assignment; busy and offline do not.
  app.get(
    '/api/me/availability',
    { schema: { tags, summary: 'Whether you take new conversations' } },
    async (request): Promise<AvailabilityAnswer> => {
      return { availability: await availabilityOf(db, currentUser(request).id) };
    },
  );
  app.put(
    '/api/me/availability',
    {
      schema: {
        tags,
        summary: 'Online, busy or offline: auto-assignment gives new conversations only to operators who are online',
        body: availabilityBody,
      },
    },
    async (request): Promise<AvailabilityAnswer> => {
      await setAvailability(db, currentUser(request).id, request.body.availability);
      return { availability: request.body.availability };
    },
  );
}
