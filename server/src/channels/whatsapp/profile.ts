// What a WhatsApp Business number can do and how fast, as the module contract states it (channels/module.ts).
// Numbers are the Cloud API's published limits (reference/protocols.md, Meta's "Messages", "Media",
// "Throughput" and "Pair rate limits" pages); delivery, the inbox and the web app read them from here.
import { z } from 'zod';
import { decodeMetaCredentials, graphIdField, metaAccessTokenField, metaAppSecretField, metaVerifyTokenField } from '../meta/index.ts';
import type {
  ChannelCapabilities,
  ContactLinks,
  ChannelVocabulary,
  ConnectForm,
  ConnectFormWords,
  RateLimitProfile,
  SecretRedaction,
  UiLanguage,
} from '../module.ts';

const megabytes = (count: number) => count * 1024 * 1024;
export const serviceWindowMs = 24 * 60 * 60 * 1000;

export const whatsappCapabilities: ChannelCapabilities = {
  edit: false,
  delete: false,
  reactions: true,
  typing: false,
  text: { maxLength: 4096, captionMaxLength: 1024 },
  media: {
    // voice goes as audio (OGG/Opus shows as a voice note); stickers are not offered to operators.
    kinds: ['photo', 'video', 'document', 'voice', 'audio'],
    // Documents up to 100 MB; images 5 MB, video and audio 16 MB (checked by kind in send).
    uploadMaxBytes: megabytes(100),
    photo: { maxBytes: megabytes(5), maxDimensionSum: null, maxAspectRatio: null },
    downloadMaxBytes: megabytes(100),
    albums: null,
  },
  buttons: { perMessage: 3, titleMaxLength: 20 },
  // One call-to-action URL button per message exists, apart from reply buttons; links go in the text instead.
  linkButtons: false,
  lists: { maxRows: 10, rowTitleMaxLength: 24 },
  businessInitiated: 'template',
  broadcasts: 'template',
  replyWindowMs: serviceWindowMs,
};

/** Per media kind, what the Cloud API takes (a larger file is refused before upload). */
export const uploadLimits: Record<string, number> = {
  image: megabytes(5),
  video: megabytes(16),
  audio: megabytes(16),
  document: megabytes(100),
};

/**
 * 80 messages a second per number (the default throughput), and to one customer a burst of up to 45 then
 * one every 6 seconds (pair rate limit, 131056). Our buckets stay below both.
 */
export const whatsappRateLimits: RateLimitProfile = {
  botPerSecond: 60,
  botBurst: 40,
  privateChatPerSecond: 1 / 6,
  privateChatBurst: 20,
  groupPerMinute: 10,
  groupBurst: 1,
  isGroupChat: () => false,
};

/** Meta access tokens (system user and user tokens start with EAA). */
export const whatsappSecrets: SecretRedaction = {
  pattern: /EAA[A-Za-z0-9_-]{20,}/g,
  mask: () => 'EAA***',
};

export const whatsappCredentials = z.object({
  phone_number_id: graphIdField('phone_number_id', 'WhatsApp Manager → Phone numbers, or the app’s WhatsApp → API Setup page'),
  access_token: metaAccessTokenField('a system user token from Meta Business Settings'),
  app_secret: metaAppSecretField,
  verify_token: metaVerifyTokenField,
  waba_id: graphIdField('waba_id', 'WhatsApp Manager → Account tools, the WhatsApp Business Account id'),
});
export type WhatsAppCredentials = z.infer<typeof whatsappCredentials>;

/** Secrets first, non-secrets last: the account's masked hint shows only the end of the string (waba_id). */
export function encodeWhatsAppCredentials(input: WhatsAppCredentials): string {
  return JSON.stringify({
    phone_number_id: input.phone_number_id,
    access_token: input.access_token,
    app_secret: input.app_secret,
    verify_token: input.verify_token,
    waba_id: input.waba_id,
  });
}

export function decodeWhatsAppCredentials(encoded: string): WhatsAppCredentials {
  return decodeMetaCredentials(whatsappCredentials, encoded, 'WhatsApp');
}

export const whatsappSettings = z.object({});

const hintsEn = {
  phone_number_id: 'Meta for Developers → your app → WhatsApp → API Setup: "Phone number ID".',
  waba_id: 'The same page: "WhatsApp Business Account ID".',
  access_token: 'Meta Business Settings → System users → Generate token (whatsapp_business_messaging, whatsapp_business_management).',
  app_secret: 'Meta for Developers → your app → App settings → Basic → App secret.',
  verify_token: 'Any phrase you choose; give the same in WhatsApp → Configuration → Webhook, with the URL …/webhooks/whatsapp.',
};
const hintsRu = {
  phone_number_id: 'Meta for Developers → ваше приложение → WhatsApp → API Setup: «Phone number ID».',
  waba_id: 'Там же: «WhatsApp Business Account ID».',
  access_token:
    'Meta Business Settings → Системные пользователи → Создать маркер (whatsapp_business_messaging, whatsapp_business_management).',
  app_secret: 'Meta for Developers → ваше приложение → Настройки → Основное → Секрет приложения.',
  verify_token: 'Любая фраза; ту же укажите в WhatsApp → Configuration → Webhook вместе с адресом …/webhooks/whatsapp.',
};

const connectEn: ConnectFormWords = {
  add: 'Add WhatsApp number',
  title: 'Connect a WhatsApp Business number (Cloud API)',
  intro:
    'Needs a Meta app with the WhatsApp product. After connecting, set the app’s webhook to {{url}} with the same verify token and subscribe to "messages".',
  fieldLabels: {
    phone_number_id: 'Phone number ID',
    waba_id: 'WhatsApp Business Account ID',
    access_token: 'Access token',
    app_secret: 'App secret',
    verify_token: 'Verify token',
  },
  added: 'WhatsApp number {{name}} connected',
  failed: 'The number was not connected',
  accountsTitle: 'Cloud API numbers',
  noAccounts: 'No number connected: contact panels offer click-to-chat links (wa.me) instead.',
  checkLabel: 'Check the token of {{name}} with Meta',
  checked: 'Meta accepts the token of {{name}}',
};
const connectRu: ConnectFormWords = {
  add: 'Добавить номер WhatsApp',
  title: 'Подключить номер WhatsApp Business (Cloud API)',
  intro:
    'Нужно приложение Meta с продуктом WhatsApp. После подключения укажите в нём вебхук {{url}} с тем же маркером проверки и подпишитесь на «messages».',
  fieldLabels: {
    phone_number_id: 'ID номера телефона',
    waba_id: 'ID аккаунта WhatsApp Business',
    access_token: 'Маркер доступа',
    app_secret: 'Секрет приложения',
    verify_token: 'Маркер проверки',
  },
  added: 'Номер WhatsApp {{name}} подключён',
  failed: 'Номер не подключён',
  accountsTitle: 'Номера Cloud API',
  noAccounts: 'Номер не подключён: в карточках контактов вместо этого есть ссылки click-to-chat (wa.me).',
  checkLabel: 'Проверить маркер {{name}} в Meta',
  checked: 'Meta принимает маркер {{name}}',
};

export const whatsappVocabulary: Record<UiLanguage, ChannelVocabulary> = {
  en: { messengerName: 'WhatsApp', accountName: 'WhatsApp number', credentialHints: hintsEn, connect: connectEn },
  ru: { messengerName: 'WhatsApp', accountName: 'Номер WhatsApp', credentialHints: hintsRu, connect: connectRu },
};

/** Settings → Messengers connects a number with one form; the token and both Meta secrets are typed as secrets. */
export const whatsappConnectForm: ConnectForm = {
  secretFields: ['access_token', 'app_secret', 'verify_token'],
  webhookPath: '/webhooks/whatsapp',
};

/** Seed 000's WhatsApp button: click-to-chat from the contact's phone, with or without a number connected here. */
export const whatsappContactLinks: ContactLinks = { panelButton: { phoneLink: 'https://wa.me/{phone_digits}' } };
