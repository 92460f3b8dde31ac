import { Api, GrammyError, HttpError as GrammyHttpError } from 'grammy';
import type { WebhookInfo } from '@switchboard/contract';
import { ChannelError, type AccountIdentity, type ChannelAdapter, type ChannelRecord, type IntakeSink } from '../channel.ts';
import type { Db, Logger } from '../../platform/index.ts';
import { createBusinessSide } from './business-adapter.ts';
import { createBotApi, translateTelegramError } from './bot-api.ts';
import { parseBusinessChatId } from './business.ts';
import type { FlowSink } from '../flows.ts';
import type { ChannelAccounts } from '../module.ts';
import { telegramInteractions, toFlowEvent } from './flow-events.ts';
import { createFlowRenderer, type BotReplyHooks } from './flow-render.ts';
import { createFastPath, noPaymentsMessage } from './fast-path.ts';
import { createFileDownloader } from './files.ts';
import { identifyUpdate, normalizeUpdate } from './normalize.ts';
import { allowedUpdates, startPolling } from './polling.ts';

export { registerTelegramIntakeRoutes, type ChannelLookup } from './intake.routes.ts';
export { createTelegramBotModule, type TelegramBotModule, type TelegramBotModuleOptions } from './module.ts';
export { telegramBotCapabilities, telegramBotRateLimits, telegramBotSecrets } from './profile.ts';
export { runTelegramCliCommand } from './cli.ts';
export { identifyUpdate, normalizeUpdate } from './normalize.ts';
export type { PreCheckoutAnswer, PreCheckoutAnswerer, PreCheckoutQuery } from './fast-path.ts';

export interface TelegramBotAdapterOptions {
  apiRoot: string;
  /** Where Telegram Business connections are kept (this folder's migration). */
  db: Db;
  /** Where webhooks point: `${publicUrl}/webhooks/telegram/<channel id>`; polling when absent. */
  publicUrl?: string;
  sink: IntakeSink;
  logger: Logger;
  /** Runs apps' flows on each update's neutral event (after the inbox recorded it). */
  flows: FlowSink;
  hooks: BotReplyHooks;
  /** Reports intake trouble (a failing poll, a refused setWebhook) on the channel's status. */
  onStatus(channelId: number, status: 'active' | 'error', detail: string | null): void;
  /** The registry's account changes: a business connection's change reaches open conversations live. */
  accounts?: Pick<ChannelAccounts, 'replyStatusChanged'>;
}

export type TelegramBotAdapter = ReturnType<typeof createTelegramBotAdapter>;

/**
 * setWebhook, waiting out Telegram's flood control on it (about one call a second per bot): a restart right after
 * another must still register the current secret, or Telegram keeps sending the old one and every update is refused.
 */
async function registerWebhook(api: Api, url: string, secret: string | undefined, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await api.setWebhook(url, { secret_token: secret, allowed_updates: [...allowedUpdates], max_connections: 40 });
      return;
    } catch (error) {
      const retryAfter = error instanceof GrammyError && error.error_code === 429 ? (error.parameters.retry_after ?? 1) : undefined;
      if (retryAfter === undefined || attempt >= attempts || retryAfter > 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    }
  }
}

export function createTelegramBotAdapter(options: TelegramBotAdapterOptions) {
  const renderer = createFlowRenderer({ apiRoot: options.apiRoot, hooks: options.hooks, logger: options.logger });
  const pollers = new Map<number, { stop(): Promise<void> }>();
  const files = createFileDownloader({ apiRoot: options.apiRoot });
  const fastPath = createFastPath({ apiRoot: options.apiRoot, logger: options.logger });
  // Pre-checkout queries go to the apps' flows (an open invoice, the same amount) unless a test sets its own answerer.
  const checkout = options.flows.checkout;
  if (checkout)
    fastPath.setPreCheckoutAnswerer(
      async (channel, query) =>
        (await checkout({
          channel,
          senderExternalId: String(query.from.id),
          payload: query.invoice_payload,
          currency: query.currency,
          totalAmount: query.total_amount,
        })) ?? { ok: false, errorMessage: noPaymentsMessage },
    );
  const business = createBusinessSide({
    db: options.db,
    apiRoot: options.apiRoot,
    logger: options.logger,
    onChange: (channelId) => options.accounts?.replyStatusChanged(channelId),
  });
  const apiFor = (channel: ChannelRecord) => new Api(channel.credentials(), { apiRoot: options.apiRoot });
  // One client per token: sending builds no new client per message.
  const senders = new Map<string, ReturnType<typeof createBotApi>>();
  const senderFor = (channel: ChannelRecord) => {
    const token = channel.credentials();
    let sender = senders.get(token);
    if (!sender) {
      if (senders.size > 1_000) senders.clear();
      sender = createBotApi({ token, apiRoot: options.apiRoot, timeoutMs: 30_000 });
      senders.set(token, sender);
    }
    return sender;
  };
  const webhookUrl = (channelId: number) =>
    options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}/webhooks/telegram/${channelId}` : undefined;

  const adapter = {
    kind: 'telegram_bot' as const,
    async verifyCredentials(token: string): Promise<AccountIdentity> {
      try {
        const me = await new Api(token, { apiRoot: options.apiRoot }).getMe();
        return { externalId: String(me.id), username: me.username, displayName: me.first_name };
      } catch (error) {
        if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
          throw new ChannelError('AUTH_REVOKED', 'Telegram does not accept this token: copy it again from @BotFather.');
        }
        if (error instanceof GrammyError || error instanceof GrammyHttpError) throw translateTelegramError(error);
        throw error;
      }
    },
    identifyUpdate,
    normalize: (payload: unknown) => (business.accepts(payload) ? normalizeUpdate(payload) : []),
    async dispatch(channel: ChannelRecord, update: unknown): Promise<void> {
      if (await business.dispatch(channel, update)) return;
      const input = toFlowEvent(update);
      if (input) await options.flows.handle({ ...input.origin, channel }, input.event);
    },
    interactions: telegramInteractions,
    toFlowEvent,
    renderReplies: renderer.renderReplies,
    async send(channel: ChannelRecord, message: Parameters<ChannelAdapter['send']>[1]) {
      return (await business.send(channel, senderFor(channel), message)) ?? senderFor(channel).send(message);
    },
    downloadFile: (channel: ChannelRecord, fileId: string) => files.download(channel.credentials(), fileId),
    async sendTyping(channel: ChannelRecord, chatId: string) {
      if (!(await business.sendTyping(channel, senderFor(channel), chatId))) await senderFor(channel).sendTyping(chatId);
    },
    /** The bot's own message (an operator's reply, an app's notification): new text and buttons; in a business chat through its connection. */
    async editMessage(
      channel: ChannelRecord,
      chatId: string,
      messageExternalId: string,
      text: string,
      choices?: Parameters<ChannelAdapter['send']>[1]['choices'],
    ) {
      const key = parseBusinessChatId(chatId);
      return senderFor(channel).edit(key?.chatId ?? chatId, messageExternalId, text, choices, key?.connectionId);
    },
    async setReactions(channel: ChannelRecord, chatId: string, messageExternalId: string, emojis: string[]) {
      // The Bot API sets reactions in the bot's own chats only; a business account's chats are its owner's.
      if (parseBusinessChatId(chatId))
        throw new ChannelError('INVALID_INPUT', "A bot cannot react in a business account's chats: react from the Telegram app.");
      await senderFor(channel).setReactions(chatId, messageExternalId, emojis);
    },
    replyStatus: business.replyStatus,
    subAccounts: business.subAccounts,
    async startIntake(channel: ChannelRecord): Promise<void> {
      await adapter.stopIntake(channel.id);
      renderer.forget(channel.id);
      await business.warm(channel.id);
      if (channel.intakeMode === 'forwarded') return options.onStatus(channel.id, 'active', null);
      if (channel.intakeMode === 'webhook') {
        const url = webhookUrl(channel.id);
        if (!url) return options.onStatus(channel.id, 'error', 'Webhook mode needs PUBLIC_URL; set it or switch the bot to polling.');
        try {
          await registerWebhook(apiFor(channel), url, channel.webhookSecret() ?? undefined);
          return options.onStatus(channel.id, 'active', null);
        } catch (error) {
          return options.onStatus(
            channel.id,
            'error',
            `setWebhook failed: ${error instanceof GrammyError ? error.description : (error as Error).message}`,
          );
        }
      }
      pollers.set(
        channel.id,
        startPolling({
          channel,
          apiRoot: options.apiRoot,
          sink: options.sink,
          logger: options.logger,
          onProblem: (detail) => options.onStatus(channel.id, detail ? 'error' : 'active', detail),
          afterJournal: (updates, eventIds) => fastPath.afterJournal(channel, updates, eventIds),
        }),
      );
      options.onStatus(channel.id, 'active', null);
    },
    async stopIntake(channelId: number): Promise<void> {
      const poller = pollers.get(channelId);
      pollers.delete(channelId);
      await poller?.stop();
    },
    isPolling: (channelId: number) => pollers.has(channelId),
    /** The fast path for webhook intake (polling calls it itself; a forwarded bot answers its own queries). */
    afterJournal: fastPath.afterJournal,
    /** Where a payments app plugs in its pre-checkout answer; until then pre-checkout queries are declined. */
    setPreCheckoutAnswerer: fastPath.setPreCheckoutAnswerer,
    webhookUrl,
    async webhookInfo(channel: ChannelRecord): Promise<WebhookInfo> {
      const info = await apiFor(channel).getWebhookInfo();
      // The Bot API always sends url ('' when none is set); its typings leave it optional.
      return { ...info, url: info.url ?? '' };
    },
    async setWebhook(channel: ChannelRecord, url: string) {
      return apiFor(channel).setWebhook(url, { secret_token: channel.webhookSecret() ?? undefined, allowed_updates: [...allowedUpdates] });
    },
    async deleteWebhook(channel: ChannelRecord) {
      return apiFor(channel).deleteWebhook();
    },
    async stopAll(): Promise<void> {
      await Promise.all([...pollers.keys()].map((channelId) => adapter.stopIntake(channelId)));
    },
  } satisfies ChannelAdapter & Record<string, unknown>;
  return adapter;
}
