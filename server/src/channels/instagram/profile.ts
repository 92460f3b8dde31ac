// What an Instagram professional account can do through the Instagram API with Instagram Login, as the module
// contract states it (channels/module.ts): text up to 1000 characters, quick replies (13, titles of 20), replies
// within 24 hours of the customer's last message (an operator's, with the HUMAN_AGENT tag, within 7 days).
import { z } from 'zod';
import { decodeMetaCredentials, graphIdField, metaAccessTokenField, metaAppSecretField, metaVerifyTokenField } from '../meta/index.ts';
import type {
  ChannelCapabilities,
  ChannelVocabulary,
  ConnectForm,
  ConnectFormWords,
  RateLimitProfile,
  SecretRedaction,
  UiLanguage,
} from '../module.ts';

const megabytes = (count: number) => count * 1024 * 1024;
const hours = (count: number) => count * 60 * 60 * 1000;

/** Free-form replies within 24 hours of the customer's last message. */
export const replyWindowMs = hours(24);
/** An operator's reply with the HUMAN_AGENT tag: up to 7 days. */
export const humanAgentWindowMs = hours(24 * 7);
/** Instagram Login's long-lived tokens. */
export const tokenLifetimeMs = hours(24 * 60);

export const quickReplyLimits = { perMessage: 13, titleMaxLength: 20, payloadMaxLength: 1000 };

export const instagramCapabilities: ChannelCapabilities = {
  edit: false,
  delete: false,
  reactions: true,
  typing: true,
  text: { maxLength: 1000, captionMaxLength: null },
  media: {
    // The Send API takes files only by a public URL Meta fetches; this server does not publish files, so operators
    // send text (customers' files come in and are kept).
    kinds: [],
    uploadMaxBytes: megabytes(8),
    photo: null,
    downloadMaxBytes: megabytes(25),
    albums: null,
  },
  buttons: { perMessage: quickReplyLimits.perMessage, titleMaxLength: quickReplyLimits.titleMaxLength },
  // Quick replies only; a link goes in the text.
  linkButtons: false,
  lists: null,
  businessInitiated: 'never',
  broadcasts: 'never',
  replyWindowMs,
};

/**
 * Meta publishes no per-second send limit for Instagram messaging (calls are counted per account per hour); these
 * buckets keep a busy inbox well inside it.
 */
export const instagramRateLimits: RateLimitProfile = {
  botPerSecond: 5,
  botBurst: 20,
  privateChatPerSecond: 1,
  privateChatBurst: 5,
  groupPerMinute: 10,
  groupBurst: 1,
  isGroupChat: () => false,
};

/** Instagram user access tokens (IGAA…, IGQV…). */
export const instagramSecrets: SecretRedaction = {
  pattern: /IG[A-Z]{2}[A-Za-z0-9_-]{20,}/g,
  mask: () => 'IG***',
};

export const instagramCredentials = z.object({
  instagram_account_id: graphIdField('instagram_account_id', 'the app’s Instagram → API setup page, next to the account (its user_id)'),
  access_token: metaAccessTokenField('the token generated for the account on the app’s Instagram → API setup page'),
  app_secret: metaAppSecretField,
  verify_token: metaVerifyTokenField,
});
export type InstagramCredentials = z.infer<typeof instagramCredentials>;

/** Secrets first, the account id last: the account's masked hint shows only the end of the string. */
export function encodeInstagramCredentials(input: InstagramCredentials): string {
  return JSON.stringify({
    access_token: input.access_token,
    app_secret: input.app_secret,
    verify_token: input.verify_token,
    instagram_account_id: input.instagram_account_id,
  });
}

export function decodeInstagramCredentials(encoded: string): InstagramCredentials {
  return decodeMetaCredentials(instagramCredentials, encoded, 'Instagram');
}

export const instagramSettings = z.object({});

const hintsEn = {
  instagram_account_id: 'Meta for Developers → your app → Instagram → API setup with Instagram login: the account’s id.',
  access_token: 'The same page: "Generate token" next to the account (instagram_business_basic, instagram_business_manage_messages).',
  app_secret: 'The same page: "Instagram app secret".',
  verify_token: 'Any phrase you choose; give the same in the page’s webhook settings, with the URL …/webhooks/instagram.',
};
const hintsRu = {
  instagram_account_id: 'Meta for Developers → ваше приложение → Instagram → API setup with Instagram login: id аккаунта.',
  access_token: 'Там же: «Generate token» у аккаунта (instagram_business_basic, instagram_business_manage_messages).',
  app_secret: 'Там же: «Instagram app secret».',
  verify_token: 'Любая фраза; ту же укажите в настройках вебхука на той же странице вместе с адресом …/webhooks/instagram.',
};

const connectEn: ConnectFormWords = {
  add: 'Add Instagram account',
  title: 'Connect an Instagram professional account (Instagram API with Instagram login)',
  intro:
    'Needs a Meta app with the Instagram product and the account added on its API setup page. After connecting, set the app’s webhook to {{url}} with the same verify token and subscribe to "messages", "message_reactions" and "messaging_seen".',
  fieldLabels: {
    instagram_account_id: 'Instagram account ID',
    access_token: 'Access token',
    app_secret: 'Instagram app secret',
    verify_token: 'Verify token',
  },
  added: 'Instagram account {{name}} connected',
  failed: 'The account was not connected',
  accountsTitle: 'Instagram accounts',
  noAccounts: 'No account connected.',
  checkLabel: 'Check the token of {{name}} with Instagram',
  checked: 'Instagram accepts the token of {{name}}',
};
const connectRu: ConnectFormWords = {
  add: 'Добавить аккаунт Instagram',
  title: 'Подключить профессиональный аккаунт Instagram (Instagram API со входом через Instagram)',
  intro:
    'Нужно приложение Meta с продуктом Instagram и аккаунт, добавленный на его странице API setup. После подключения укажите в приложении вебхук {{url}} с тем же маркером проверки и подпишитесь на «messages», «message_reactions» и «messaging_seen».',
  fieldLabels: {
    instagram_account_id: 'ID аккаунта Instagram',
    access_token: 'Маркер доступа',
    app_secret: 'Секрет приложения Instagram',
    verify_token: 'Маркер проверки',
  },
  added: 'Аккаунт Instagram {{name}} подключён',
  failed: 'Аккаунт не подключён',
  accountsTitle: 'Аккаунты Instagram',
  noAccounts: 'Аккаунт не подключён.',
  checkLabel: 'Проверить маркер {{name}} в Instagram',
  checked: 'Instagram принимает маркер {{name}}',
};

export const instagramVocabulary: Record<UiLanguage, ChannelVocabulary> = {
  en: { messengerName: 'Instagram', accountName: 'Instagram account', credentialHints: hintsEn, connect: connectEn },
  ru: { messengerName: 'Instagram', accountName: 'Аккаунт Instagram', credentialHints: hintsRu, connect: connectRu },
};

/** Settings → Messengers connects an account with one form; the token and both secrets are typed as secrets. */
export const instagramConnectForm: ConnectForm = {
  secretFields: ['access_token', 'app_secret', 'verify_token'],
  webhookPath: '/webhooks/instagram',
};
