// POST/GET /webhooks/whatsapp: Meta's handshake and signed deliveries (../meta/webhook.ts), then each change
// routed by its phone_number_id to the number filed under the signing Meta app, split into journal entries
// (one per message or status, Meta's ids as event ids) and journaled before Meta gets its 200.
import type { Logger } from '../../platform/index.ts';
import type { ChannelRouteContext } from '../module.ts';
import { registerMetaWebhook, type MetaAppStore } from '../meta/index.ts';
import type { HttpApp } from '../../platform/index.ts';
import { entriesOfValue, identifyUpdate } from './normalize.ts';
import type { ServiceWindows } from './service-window.ts';
import type { RawUpdate } from '../channel.ts';

export const whatsappProduct = 'whatsapp';

export function registerWhatsAppWebhook(
  app: HttpApp,
  context: ChannelRouteContext,
  options: { apps: MetaAppStore; windows: ServiceWindows; logger: Logger },
): void {
  registerMetaWebhook(app, {
    path: '/webhooks/whatsapp',
    object: 'whatsapp_business_account',
    apps: options.apps,
    urgent: (task) => context.urgent(task),
    async handle(body, metaAppId) {
      const byChannel = new Map<number, RawUpdate[]>();
      for (const entry of body.entry) {
        for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
          if (change?.field !== 'messages') continue;
          const found = entriesOfValue(change.value);
          if (!found) continue;
          const channelId = await context.urgent(() => options.apps.channelFor(metaAppId, whatsappProduct, found.phoneNumberId));
          if (channelId === null) {
            // A number of this app that is not connected here: acknowledged (Meta would retry for days), not stored.
            options.logger.warn({ phone_number_id: found.phoneNumberId }, 'whatsapp: a webhook for a number that is not connected');
            continue;
          }
          const updates = byChannel.get(channelId) ?? [];
          for (const item of found.entries) {
            const update = identifyUpdate(item);
            if (update) updates.push(update);
          }
          byChannel.set(channelId, updates);
        }
      }
      for (const [channelId, updates] of byChannel) {
        if (updates.length === 0) continue;
        // The window first: a message's flows (dispatch) may run as soon as it is journalled, and ask whether it
        // was the customer's first.
        await options.windows.opened(
          channelId,
          updates.flatMap((update) => {
            const entry = update.payload as { whatsapp: string; message?: { id?: string; from?: string; timestamp?: string } };
            const at = new Date(Number(entry.message?.timestamp) * 1000);
            return entry.whatsapp === 'message' && entry.message?.from && entry.message.id && !Number.isNaN(at.getTime())
              ? [{ waId: entry.message.from, at, messageId: entry.message.id }]
              : [];
          }),
        );
        await context.sink.journal(channelId, updates);
      }
    },
  });
}
