// What a Telegram bot can do and how fast, as the module contract states it
// (channels/module.ts). The numbers are Telegram's published limits
// (reference/protocols.md §1); delivery, the inbox and the web app read them
// from here and nowhere else.
import { z } from 'zod';
import { maskSecrets } from '../../platform/index.ts';
import type { ChannelCapabilities, ContactLinks, ChannelVocabulary, RateLimitProfile, SecretRedaction, UiLanguage } from '../module.ts';

const megabytes = (count: number) => count * 1024 * 1024;

export const telegramBotCapabilities: ChannelCapabilities = {
  edit: true,
  delete: true,
  reactions: true,
  typing: true,
  // The Bot API counts UTF-16 units, as JavaScript's length does.
  text: { maxLength: 4096, captionMaxLength: 1024 },
  media: {
    kinds: ['photo', 'video', 'document', 'voice', 'audio'],
    uploadMaxBytes: megabytes(50),
    // Photos over 10 MB, over 10,000 px in width + height, or longer than 20:1 are refused as photos; they go as documents.
    photo: { maxBytes: megabytes(10), maxDimensionSum: 10_000, maxAspectRatio: 20 },
    // getFile hands out at most 20 MB; larger files are reported, not attempted.
    downloadMaxBytes: megabytes(20),
    // sendMediaGroup: photos and videos mix; documents and audio only with their own kind; no voice notes.
    albums: { maxItems: 10, groups: [['document'], ['audio'], ['photo', 'video']], never: ['voice'] },
  },
  // Inline keyboards: up to 100 buttons; a button's text is not capped by Telegram, 64 keeps it on screen.
  buttons: { perMessage: 100, titleMaxLength: 64 },
  // Inline URL buttons.
  linkButtons: true,
  lists: null,
  businessInitiated: 'free',
  broadcasts: 'free',
  replyWindowMs: null,
};

/**
 * ≈30 msg/s per bot, ≈1 msg/s per private chat with small bursts, 20 msg/min
 * per group. Bursts stay below Telegram's so that our pacing and theirs never
 * both sit at zero (network jitter would then turn into 429s).
 */
export const telegramBotRateLimits: RateLimitProfile = {
  botPerSecond: 30,
  botBurst: 20,
  privateChatPerSecond: 1,
  privateChatBurst: 2,
  groupPerMinute: 20,
  groupBurst: 10,
  // Group and channel ids are negative; public ones may be given as @username.
  isGroupChat: (chatId) => chatId.startsWith('-') || chatId.startsWith('@'),
};

/** A bot token anywhere in a log line keeps its bot id and loses the secret part. */
export const telegramBotSecrets: SecretRedaction = {
  // As written (123:AA…), percent-encoded in a forwarded path or query (123%3AAA…), or encoded twice.
  pattern: /(\d{5,})(?::|%3A|%253A)[A-Za-z0-9_-]{20,}/gi,
  mask: (token) => `${/^\d+/.exec(token)![0]}:***`,
  headers: ['x-telegram-bot-api-secret-token'],
};

/** Masks bot tokens in free text (the Bot API puts the token in every URL). */
export function maskBotTokens(text: string): string {
  return maskSecrets(text, [telegramBotSecrets]);
}

export const telegramBotCredentials = z.object({
  bot_token: z
    .string()
    .trim()
    .min(1, 'Give the bot token from @BotFather ("bot_token").')
    .max(200, 'A bot token is under 200 characters: copy it again from @BotFather.'),
});

export const telegramBotSettings = z.object({
  /** What the bot answers to /start when no app handles it. */
  welcome_text: z.string().max(4096).optional(),
});

export const telegramBotVocabulary: Record<UiLanguage, ChannelVocabulary> = {
  en: {
    messengerName: 'Telegram',
    accountName: 'Telegram bot',
    credentialHints: {
      bot_token: 'In Telegram, open @BotFather, send /newbot (or /token for an existing bot) and paste the token it gives.',
    },
  },
  ru: {
    messengerName: 'Telegram',
    accountName: 'Telegram-бот',
    credentialHints: {
      bot_token: 'Откройте в Telegram @BotFather, отправьте /newbot (или /token для готового бота) и вставьте выданный токен.',
    },
  },
};

/** A person's t.me page from their username; the contact panel writes to them through a bot they wrote to. */
export const telegramBotContactLinks: ContactLinks = { profile: 'https://t.me/{username}', panelButton: 'write' };
