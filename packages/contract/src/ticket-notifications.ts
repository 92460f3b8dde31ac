// The tickets app's notifications: who gets which kinds in their messenger (/api/notifications/preferences), and
// seed 001's notification queue over delivery's outbox (/api/notifications/queue, admins).
import { z } from 'zod';
import { bigIdParam, pageQueryFields } from './primitives.ts';
import {
  notificationKinds,
  notificationLanguages,
  notificationOutboxStates,
  type NotificationKind,
  type NotificationLanguage,
  type QueueState,
} from './tickets-values.ts';

/** PUT /api/notifications/preferences: kinds on or off; language null follows the messenger's. */
export const notificationPreferencesPatch = z.object({
  kinds: z
    .object(
      Object.fromEntries(notificationKinds.map((kind) => [kind, z.boolean().optional()])) as Record<
        NotificationKind,
        z.ZodOptional<z.ZodBoolean>
      >,
    )
    .optional(),
  language: z.enum(notificationLanguages).nullable().optional(),
});
export type NotificationPreferencesPatch = z.input<typeof notificationPreferencesPatch>;

/** GET and PUT /api/notifications/preferences */
export interface NotificationPreferences {
  kinds: Record<NotificationKind, boolean>;
  defaults: Record<NotificationKind, boolean>;
  /** Overrides the language of the messenger link; null follows the messenger's. */
  language: NotificationLanguage | null;
}

/** POST /api/notifications/queue/:id/retry */
export const notificationIdParams = z.object({ id: bigIdParam });

/** GET /api/notifications/queue */
export const notificationQueueQuery = z.object({
  ...pageQueryFields(),
  state: z.enum(notificationOutboxStates).optional(),
  type: z.enum(notificationKinds).optional(),
});

/** One row of seed 001's notification queue, with its fate from delivery's ledger. */
export interface QueuedNotification {
  id: number;
  recipient_type: 'client' | 'staff';
  recipient_id: number;
  notification_type: NotificationKind;
  reference_type: 'ticket' | 'invoice';
  reference_id: number;
  message: string;
  sent: boolean;
  sent_at: string | null;
  error: string | null;
  state: QueueState;
  attempts: number;
  outbox_id: number | null;
  created_at: string;
}
