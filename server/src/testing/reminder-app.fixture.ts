// A test app that sends reminders through the delivery port's cascade (issue 24): the smallest example of an
// app naming a fallback order of channels and reading back which one delivered.
import type { AppContext, AppDefinition } from '../apps/app.ts';

export function createReminderApp(): { definition: AppDefinition; context(): AppContext } {
  let captured: AppContext | undefined;
  return {
    definition: {
      name: 'reminders',
      create: (context) => {
        captured = context;
        return {};
      },
    },
    context: () => {
      if (!captured) throw new Error('The reminders app has not been created: pass it in StartOptions.apps.');
      return captured;
    },
  };
}

/** A reminder to a customer on their first channel, then the next (each `{ channelId, chatId }`). */
export async function sendReminder(
  context: AppContext,
  reminder: { id: number; text: string; channels: Array<{ channelId: number; chatId: string }> },
): Promise<number> {
  const { id } = await context.delivery.cascade({
    steps: reminder.channels,
    lane: 'notification',
    message: { text: reminder.text },
    idempotencyKey: `reminder:${reminder.id}`,
    reference: { type: 'reminder', id: reminder.id },
  });
  return id;
}
