// POST/GET /webhooks/instagram: Meta's handshake and signed deliveries (../meta/webhook.ts), then each entry routed
// by its account id (entry[].id) to the account filed under the signing Meta app, one journal entry per messaging
// item (Meta's mid as the event id), the customers' names looked up once, journaled before Meta gets its 200.
import type { HttpApp, Logger } from '../../platform/index.ts';
import type { RawUpdate } from '../channel.ts';
import { registerMetaWebhook, type MetaAppStore } from '../meta/index.ts';
import type { ChannelRouteContext } from '../module.ts';
import { customerActivity, customerOf, entriesOf, identifyUpdate, type InstagramEntry } from './normalize.ts';
import type { MessagingWindows } from './service-window.ts';

export const instagramProduct = 'instagram';

export interface CustomerProfiles {
  /** The customer's name and username, or undefined when Meta does not say (the chat is titled by id). */
  lookup(channelId: number, igsid: string): Promise<{ name?: string; username?: string } | undefined>;
}

export function registerInstagramWebhook(
  app: HttpApp,
  context: ChannelRouteContext,
  options: { apps: MetaAppStore; windows: MessagingWindows; profiles: CustomerProfiles; logger: Logger },
): void {
  registerMetaWebhook(app, {
    path: '/webhooks/instagram',
    object: 'instagram',
    apps: options.apps,
    urgent: (task) => context.urgent(task),
    async handle(body, metaAppId) {
      const byChannel = new Map<number, InstagramEntry[]>();
      for (const entry of body.entry) {
        const found = entriesOf(entry);
        if (!found) continue;
        const channelId = await context.urgent(() => options.apps.channelFor(metaAppId, instagramProduct, found.accountId));
        if (channelId === null) {
          // An account of this app that is not connected here: acknowledged (Meta would retry for hours), not stored.
          options.logger.warn({ instagram_account_id: found.accountId }, 'instagram: a webhook for an account that is not connected');
          continue;
        }
        byChannel.set(channelId, [...(byChannel.get(channelId) ?? []), ...found.entries]);
      }
      for (const [channelId, entries] of byChannel) {
        const updates: RawUpdate[] = [];
        for (const entry of entries) {
          if (!identifyUpdate(entry)) continue;
          const profile = await options.profiles.lookup(channelId, customerOf(entry));
          const update = identifyUpdate(profile ? { ...entry, profile } : entry);
          if (update) updates.push(update);
        }
        if (updates.length === 0) continue;
        await context.sink.journal(channelId, updates);
        await options.windows.opened(
          channelId,
          entries.flatMap((entry) => customerActivity(entry) ?? []),
        );
      }
    },
  });
}
