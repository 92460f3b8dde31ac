// Customers' names for chat titles: the webhook carries only a scoped id (IGSID), so the route asks Meta once per
// customer (GET /{IGSID}?fields=name,username) and remembers the answer for a day. Best effort: when Meta does not
// answer in a few seconds or refuses, the chat is titled by the id and the message is not held up.
import type { Logger } from '../../platform/index.ts';
import type { createInstagramApi, InstagramAuth } from './graph-api.ts';
import type { CustomerProfiles } from './webhook.routes.ts';

const rememberMs = 24 * 60 * 60 * 1000;
const maxRemembered = 10_000;

export function createCustomerProfiles(options: {
  api: ReturnType<typeof createInstagramApi>;
  authOf(channelId: number): Promise<InstagramAuth | null>;
  logger: Logger;
}): CustomerProfiles {
  const known = new Map<string, { at: number; profile: { name?: string; username?: string } | undefined }>();
  return {
    async lookup(channelId, igsid) {
      const key = `${channelId}:${igsid}`;
      const cached = known.get(key);
      if (cached && Date.now() - cached.at < rememberMs) return cached.profile;
      let profile: { name?: string; username?: string } | undefined;
      try {
        const auth = await options.authOf(channelId);
        if (auth && igsid !== auth.accountId) {
          const answer = await options.api.profile(auth, igsid);
          profile = { name: answer.name || undefined, username: answer.username || undefined };
        }
      } catch (error) {
        options.logger.debug({ err: error, channel_id: channelId }, 'instagram: a customer’s name could not be looked up');
      }
      if (known.size >= maxRemembered) known.delete(known.keys().next().value!);
      known.set(key, { at: Date.now(), profile });
      return profile;
    },
  };
}
