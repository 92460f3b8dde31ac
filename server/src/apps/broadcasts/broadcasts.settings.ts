import { z } from 'zod';

export const broadcastSettingsSchema = z.object({
  cancel_scheduled_on_reply: z
    .boolean()
    .default(true)
    .meta({
      title: 'Cancel a scheduled message when the customer writes first',
      description: 'A message scheduled in a conversation does not go if the customer writes before it is due.',
      'x-ru': {
        title: 'Отменять запланированное сообщение, если клиент написал первым',
        description: 'Сообщение, запланированное в разговоре, не уйдёт, если клиент напишет раньше назначенного времени.',
      },
    }),
});

export type BroadcastSettings = z.infer<typeof broadcastSettingsSchema>;
