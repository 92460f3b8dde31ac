// What a personal Telegram account (MTProto, through mtcute) can do and how
// fast we let it go, as the module contract states it (channels/module.ts).
// Pacing is ours, not Telegram's: Telegram publishes no limits for user
// accounts and bans numbers that look like spam, so the defaults are careful
// (1 message a second, 20 new chats a day) and configurable.
import { z } from 'zod';
import type { ChannelCapabilities, ContactLinks, ChannelVocabulary, RateLimitProfile, SecretRedaction, UiLanguage } from '../module.ts';

export const telegramUserKind = 'telegram_user';

const megabytes = (count: number) => count * 1024 * 1024;

export const telegramUserCapabilities: ChannelCapabilities = {
  edit: true,
  delete: true,
  reactions: true,
  typing: true,
  // MTProto counts UTF-16 units too; captions are 1024 without Premium.
  text: { maxLength: 4096, captionMaxLength: 1024 },
  media: {
    kinds: ['photo', 'video', 'document', 'voice', 'audio'],
    // A user account uploads up to 2 GB; we keep the inbox's own upload cap well under it.
    uploadMaxBytes: megabytes(2000),
    photo: { maxBytes: megabytes(10), maxDimensionSum: 10_000, maxAspectRatio: 20 },
    downloadMaxBytes: null,
    albums: { maxItems: 10, groups: [['document'], ['audio'], ['photo', 'video']], never: ['voice'] },
  },
  // A personal account cannot attach buttons to its messages.
  buttons: null,
  linkButtons: false,
  lists: null,
  businessInitiated: 'free',
  broadcasts: 'never',
  replyWindowMs: null,
};

export interface TelegramUserPacing {
  /** Messages a second through one account (default 1). */
  messagesPerSecond: number;
  /** Chats the account may start in one UTC day (default 20); per account: settings.new_chats_per_day. */
  newChatsPerDay: number;
}

export const defaultTelegramUserPacing: TelegramUserPacing = { messagesPerSecond: 1, newChatsPerDay: 20 };

/** Delivery's token buckets: the whole account at `messagesPerSecond`, no bursts. */
export function telegramUserRateLimits(pacing: TelegramUserPacing): RateLimitProfile {
  return {
    botPerSecond: pacing.messagesPerSecond,
    botBurst: 1,
    privateChatPerSecond: pacing.messagesPerSecond,
    privateChatBurst: 1,
    groupPerMinute: 20,
    groupBurst: 1,
    isGroupChat: (chatId) => chatId.startsWith('-'),
  };
}

/** api_hash is 32 hex digits; the phone number stays visible (it is the account's name). */
export const telegramUserSecrets: SecretRedaction = {
  pattern: /\b[0-9a-f]{32}\b/g,
  mask: () => 'api_hash:***',
};

export const telegramUserCredentials = z.object({
  phone_number: z
    .string()
    .trim()
    .transform((value) => value.replace(/[\s()-]/g, ''))
    .pipe(z.string().regex(/^\+?\d{7,15}$/, 'Give the phone number in international format, e.g. +79991234567 ("phone_number").')),
  api_id: z.coerce
    .number({ error: 'Give the api_id from my.telegram.org → API development tools ("api_id").' })
    .int('api_id is a whole number: copy it from my.telegram.org.')
    .positive('api_id is a positive number: copy it from my.telegram.org.'),
  api_hash: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{32}$/i, 'api_hash is 32 hex characters: copy it from my.telegram.org → API development tools ("api_hash").'),
});
export type TelegramUserCredentials = z.infer<typeof telegramUserCredentials>;

export function encodeTelegramUserCredentials(input: TelegramUserCredentials): string {
  return JSON.stringify({ phone_number: input.phone_number, api_id: input.api_id, api_hash: input.api_hash.toLowerCase() });
}

export function decodeTelegramUserCredentials(encoded: string): TelegramUserCredentials {
  return JSON.parse(encoded) as TelegramUserCredentials;
}

export const telegramUserSettings = z.object({
  /** Chats this account may start in a UTC day (ban safety). */
  new_chats_per_day: z.number().int().min(0).max(200).optional(),
  /** On first connection: how many recent private chats to import, and how many messages of each. */
  import_dialogs: z.number().int().min(0).max(1000).optional(),
  import_messages: z.number().int().min(0).max(500).optional(),
});

export const telegramUserVocabulary: Record<UiLanguage, ChannelVocabulary> = {
  en: {
    messengerName: 'Telegram',
    accountName: 'personal Telegram account',
    credentialHints: {
      phone_number: 'The account’s phone number in international format, e.g. +79991234567.',
      api_id: 'Log in at my.telegram.org with this number, open “API development tools”, create an app and copy its api_id.',
      api_hash: 'From the same page on my.telegram.org: the app’s api_hash (32 characters).',
    },
  },
  ru: {
    messengerName: 'Telegram',
    accountName: 'личный аккаунт Telegram',
    credentialHints: {
      phone_number: 'Номер аккаунта в международном формате, например +79991234567.',
      api_id: 'Войдите на my.telegram.org с этим номером, откройте «API development tools», создайте приложение и скопируйте api_id.',
      api_hash: 'Там же на my.telegram.org: api_hash приложения (32 символа).',
    },
  },
};

/** A person's t.me page from their username; the contact panel writes to them through an account they wrote to. */
export const telegramUserContactLinks: ContactLinks = { profile: 'https://t.me/{username}', panelButton: 'write' };
