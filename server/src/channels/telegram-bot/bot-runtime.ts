import { Bot, Composer, type Context } from 'grammy';
import type { ChannelRecord } from '../channel.ts';
import type { Logger } from '../../platform/index.ts';

/** What the bot's own replies report, so the conversation history stays whole. */
export interface BotReplyHooks {
  /** Waits until the per-bot and per-chat limits allow a send (the delivery engine's limiter). */
  throttle(channelId: number, chatId: string): Promise<void>;
  /** Records a message the bot sent from a flow. */
  recordSent(channel: ChannelRecord, chatId: string, sent: unknown): Promise<void>;
}

export const defaultWelcomeText = 'Здравствуйте! Напишите ваш вопрос — мы ответим здесь.\nHello! Write your question and we will answer here.';

const sendMethods = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'sendVoice', 'sendAudio', 'sendVideo', 'sendAnimation', 'sendSticker', 'sendLocation', 'sendContact', 'sendMediaGroup', 'sendInvoice', 'copyMessage', 'forwardMessage']);

/** The built-in handler: /start (without a payload an app took) answers with the bot's welcome text. */
export function createWelcomeComposer(): Composer<Context & { channel?: ChannelRecord }> {
  const composer = new Composer<Context & { channel?: ChannelRecord }>();
  composer.command('start', async (context) => {
    const text = context.channel?.settings.welcome_text?.trim() || defaultWelcomeText;
    await context.reply(text);
  });
  return composer;
}

/**
 * One grammY Bot per channel, built lazily and reused; it runs the app
 * composers then the welcome. It never starts polling: updates reach it only
 * from the journal.
 */
export function createBotRuntime(options: { apiRoot: string; composers: Composer<Context>[]; hooks: BotReplyHooks; logger: Logger }) {
  const bots = new Map<number, { bot: Bot; token: string; ready: Promise<void> }>();

  function botFor(channel: ChannelRecord) {
    const token = channel.credentials();
    const cached = bots.get(channel.id);
    if (cached && cached.token === token) return cached;
    const bot = new Bot(token, { client: { apiRoot: options.apiRoot } });
    bot.api.config.use(async (previous, method, payload, signal) => {
      const chatId = (payload as { chat_id?: number | string } | undefined)?.chat_id;
      const isSend = sendMethods.has(method) && chatId !== undefined;
      if (isSend) await options.hooks.throttle(channel.id, String(chatId));
      const result = await previous(method, payload, signal);
      if (isSend && result.ok) {
        await options.hooks.recordSent(channel, String(chatId), result.result).catch((error: unknown) =>
          options.logger.error({ err: error, channel_id: channel.id }, 'recording a bot reply failed'),
        );
      }
      return result;
    });
    bot.use(async (context, next) => {
      (context as Context & { channel?: ChannelRecord }).channel = channel;
      await next();
    });
    for (const composer of options.composers) bot.use(composer);
    bot.use(createWelcomeComposer() as unknown as Composer<Context>);
    bot.catch((error) => options.logger.error({ err: error.error, channel_id: channel.id }, 'bot handler failed'));
    const entry = { bot, token, ready: bot.init() };
    entry.ready.catch(() => bots.delete(channel.id));
    bots.set(channel.id, entry);
    return entry;
  }

  return {
    async dispatch(channel: ChannelRecord, update: unknown): Promise<void> {
      const entry = botFor(channel);
      await entry.ready;
      await entry.bot.handleUpdate(update as Parameters<Bot['handleUpdate']>[0]);
    },
    forget(channelId: number): void {
      bots.delete(channelId);
    },
  };
}
