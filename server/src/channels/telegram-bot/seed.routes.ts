// The Telegram bot's HTTP surface: its webhooks (intake.routes.ts) and seed
// 000's /webhooks/telegram/test and /info for the default bot.
import { notFound, optionalStaffCaller, type HttpApp } from '../../platform/index.ts';
import { createCachedCheck } from './bot-check.ts';
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

  const checkDefaultBot = async () => {
    const channel = await defaultBot();
    if (!channel)
      return {
        status: 503,
        body: { status: 'error', message: 'No Telegram bot is connected: set TELEGRAM_BOT_TOKEN or add one in Settings → Messengers.' },
      };
    try {
      const identity = await adapter.verifyCredentials(channel.credentials());
      const bot = { id: Number(identity.externalId), username: identity.username, first_name: identity.displayName };
      return { status: 200, body: { status: 'ok', message: 'Telegram webhook is ready', bot } };
    } catch (error) {
      return { status: 503, body: { status: 'error', message: `Telegram did not accept the bot: ${(error as Error).message}` } };
    }
  };
  // Anyone may ask, so anyone could make us call getMe in a loop: strangers get an answer at most a minute old.
  const botCheck = createCachedCheck(checkDefaultBot, { maxAgeMs: 60_000 });
  app.get(
    '/webhooks/telegram/test',
    {
      config: { access: 'public' },
      schema: { tags: ['webhooks'], summary: 'Is the default bot ready? (seed 000; at most a minute old, live for admins)' },
    },
    async (request, reply) => {
      const caller = await optionalStaffCaller(request);
      const answer = caller?.user.role === 'admin' ? await botCheck.live('default') : await botCheck.get('default');
      return reply.status(answer.status).send(answer.body);
    },
  );

  app.get(
    '/webhooks/telegram/info',
    { config: { access: 'admin' }, schema: { tags: ['webhooks'], summary: "The default bot's getWebhookInfo (seed 000)" } },
    async () => {
      const channel = await defaultBot();
      if (!channel) throw notFound('A default Telegram bot');
      return adapter.webhookInfo(channel);
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
