// The Telegram bot's HTTP surface: its webhooks (intake.routes.ts) and seed
// 000's /webhooks/telegram/test and /info for the default bot.
import { notFound, type HttpApp } from '../../platform/index.ts';
import type { ChannelRecord } from '../channel.ts';
import type { ChannelRouteContext } from '../module.ts';
import type { TelegramBotAdapter } from './index.ts';
import { registerTelegramIntakeRoutes } from './intake.routes.ts';

export const telegramBotKind = 'telegram_bot';

export function registerTelegramBotRoutes(app: HttpApp, context: ChannelRouteContext, adapter: TelegramBotAdapter): void {
  const defaultBot = rememberDefaultBot(context);
  registerTelegramIntakeRoutes(app, {
    lookup: {
      byId: (channelId) => context.urgent(() => context.channels.get(channelId)),
      defaultBot: () => context.urgent(defaultBot),
      byToken: (token) => context.urgent(() => context.channels.byCredentials(token)),
    },
    sink: context.sink,
    // Callback and pre-checkout queries are answered right after the journal commit, beside the chat's queue.
    afterJournal: adapter.afterJournal,
  });

  app.get(
    '/webhooks/telegram/test',
    { config: { access: 'public' }, schema: { tags: ['webhooks'], summary: 'Is the default bot ready? (seed 000)' } },
    async (_request, reply) => {
      const channel = await defaultBot();
      if (!channel)
        return reply
          .status(503)
          .send({ status: 'error', message: 'No Telegram bot is connected: set TELEGRAM_BOT_TOKEN or add one in Settings → Messengers.' });
      try {
        const identity = await adapter.verifyCredentials(channel.credentials());
        return {
          status: 'ok',
          message: 'Telegram webhook is ready',
          bot: { id: Number(identity.externalId), username: identity.username, first_name: identity.displayName },
        };
      } catch (error) {
        return reply.status(503).send({ status: 'error', message: `Telegram did not accept the bot: ${(error as Error).message}` });
      }
    },
  );

  app.get(
    '/webhooks/telegram/info',
    { config: { access: 'admin' }, schema: { tags: ['webhooks'], summary: "The default bot's getWebhookInfo (seed 000)" } },
    async () => {
      const channel = await defaultBot();
      if (!channel) throw notFound('A default Telegram bot');
      return adapter.webhookInfo!(channel);
    },
  );
}

/** The default bot's id is remembered: each webhook then costs the registry's cached get, not a SELECT. */
function rememberDefaultBot(context: ChannelRouteContext): () => Promise<ChannelRecord | null> {
  let defaultBotId: number | undefined;
  return async () => {
    const remembered = defaultBotId === undefined ? null : await context.channels.get(defaultBotId);
    if (remembered?.isDefault && remembered.kind === telegramBotKind) return remembered;
    const found = await context.channels.defaultOf(telegramBotKind);
    defaultBotId = found?.id;
    return found;
  };
}
