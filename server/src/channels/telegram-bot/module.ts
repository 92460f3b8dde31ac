// The Telegram bot channel module: the one object main.ts registers.
import type { IntakeMode } from '../channel.ts';
import type { ChannelModule } from '../module.ts';
import { createTelegramBotAdapter, type TelegramBotAdapterOptions } from './index.ts';
import {
  telegramBotCapabilities,
  telegramBotContactLinks,
  telegramBotCredentials,
  telegramBotRateLimits,
  telegramBotSecrets,
  telegramBotSettings,
  telegramBotVocabulary,
} from './profile.ts';
import { registerTelegramBotRoutes, telegramBotKind } from './seed.routes.ts';

export interface TelegramBotModuleOptions extends TelegramBotAdapterOptions {
  /** TELEGRAM_MODE: a new bot's intake when the admin names none ('auto': webhook when PUBLIC_URL is set). */
  mode: 'auto' | 'webhook' | 'polling';
  /** TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET: the default bot, which wins over the database. */
  environmentToken?: string;
  environmentWebhookSecret?: string;
}

export type TelegramBotModule = ReturnType<typeof createTelegramBotModule>;

export function createTelegramBotModule(options: TelegramBotModuleOptions) {
  const adapter = createTelegramBotAdapter(options);
  return {
    kind: telegramBotKind,
    messenger: 'telegram',
    accountType: 'bot',
    vocabulary: telegramBotVocabulary,
    credentials: { schema: telegramBotCredentials, encode: (input: { bot_token: string }) => input.bot_token, apiTokenField: 'bot_token' },
    settings: telegramBotSettings,
    capabilities: telegramBotCapabilities,
    contactLinks: telegramBotContactLinks,
    rateLimits: telegramBotRateLimits,
    intake: {
      modes: ['webhook', 'polling', 'forwarded'] as const,
      defaultMode(): IntakeMode {
        if (options.mode !== 'auto') return options.mode;
        return options.publicUrl ? 'webhook' : 'polling';
      },
      leasedModes: ['polling'] as const,
    },
    secrets: telegramBotSecrets,
    environmentAccount: options.environmentToken
      ? { variable: 'TELEGRAM_BOT_TOKEN', credentials: options.environmentToken, webhookSecret: options.environmentWebhookSecret }
      : undefined,
    adapter,
    registerRoutes: (app, context) => registerTelegramBotRoutes(app, context, adapter),
  } satisfies ChannelModule<{ bot_token: string }>;
}
