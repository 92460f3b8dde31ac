// The channel module contract: everything the rest of Switchboard learns about
// one kind of messenger account (a bot, a personal account, a business phone
// number, an Instagram account) comes from its module
// object. The registry, inbox, delivery, HTTP API and web app read a module;
// none of them names a messenger. docs/ARCHITECTURE.md, "How to add a channel".
import type { z } from 'zod';
import type {
  AlbumRules,
  ChannelKindDescription,
  ChannelCapabilities,
  ContactLinks,
  ChannelVocabulary,
  ConnectFormWords,
  OutboundMediaKind,
  PhotoLimits,
  RateLimits,
} from '@switchboard/contract';
import type { HttpApp, SecretPattern } from '../platform/index.ts';
import type { AccountIdentity, ChannelAdapter, ChannelRecord, ChannelStatus, IntakeMode, IntakeSink } from './channel.ts';
import type { AccountLoginStep } from '@switchboard/contract';

export type UiLanguage = 'ru' | 'en';

// What a kind says about itself in GET /api/channels/kinds is the API contract's (packages/contract/src/channel-kinds.ts).
export type {
  AlbumRules,
  ChannelCapabilities,
  ChannelVocabulary,
  ConnectFormWords,
  ContactLinks,
  OutboundMediaKind,
  PhotoLimits,
  RateLimits,
};

/** An account of the kind is connected with one form of its credential fields (POST /api/accounts). */
export interface ConnectForm {
  /** Credential fields typed as secrets: a password input, never shown back. */
  secretFields: readonly string[];
  /** The webhook path the intro names as a full URL; null: the kind needs none. */
  webhookPath: string | null;
}

export interface RateLimitProfile extends RateLimits {
  /** Whether a chat id is a group (paced by groupPerMinute); absent: never. */
  isGroupChat?(chatId: string): boolean;
}

/** What a module's secrets look like, so logs mask them wherever they appear (platform/logger.ts). */
export type SecretRedaction = SecretPattern;

/** An account the environment defines (TELEGRAM_BOT_TOKEN): it wins over the database and cannot be removed there. */
export interface EnvironmentAccount {
  /** The variable's name, for messages that tell the admin where to change it. */
  variable: string;
  credentials: string;
  webhookSecret?: string;
}

/** What a module's routes can reach: channels by id, by kind's default, by a credential, and the intake journal. */
export interface ChannelRouteContext {
  channels: {
    get(channelId: number): Promise<ChannelRecord | null>;
    defaultOf(kind: string): Promise<ChannelRecord | null>;
    byCredentials(credentials: string): Promise<ChannelRecord | null>;
  };
  sink: IntakeSink;
  /** Runs a lookup ahead of queued work on the embedded engine's single connection (webhooks are acknowledged fast). */
  urgent<T>(task: () => Promise<T>): Promise<T>;
}

/** Where a login stands after a step (seed 002's authenticate / verify_otp / verify_password / resend_code): the API contract's. */
export type { AccountLoginStep };

/** Accounts that sign in interactively (a personal account: phone → code → password). Failures are HttpErrors that say what to do. */
export interface AccountLogin {
  sendCode(channel: ChannelRecord): Promise<AccountLoginStep>;
  resendCode(channel: ChannelRecord): Promise<AccountLoginStep>;
  verifyCode(channel: ChannelRecord, code: string): Promise<AccountLoginStep>;
  verifyPassword(channel: ChannelRecord, password: string): Promise<AccountLoginStep>;
  /** Ends the session at the platform and forgets it (DELETE /api/accounts/:id). */
  logOut(channel: ChannelRecord): Promise<void>;
}

/** What a module with an interactive login may change on its accounts (the registry's, lent through the module context). */
export interface ChannelAccounts {
  setStatus(channelId: number, status: ChannelStatus, detail: string | null): Promise<void>;
  /** The account's identity once known (after a login). */
  setIdentity(channelId: number, identity: AccountIdentity): Promise<void>;
  /** (Re)starts intake, on the instance that holds the account's lease. */
  start(channelId: number): Promise<void>;
  /**
   * Tells the admins now (a live `account_alert` on their screens) that an account needs them: `code` is what the
   * web app translates, `text` the English for the API and logs.
   */
  alertAdmins(channelId: number, alert: { code: string; text: string }): Promise<void>;
  /**
   * Whether the account's chats can be answered changed (a business connection paused, resumed, its rights
   * changed): open conversations re-read their reply status now (a live `reply_status_changed`).
   */
  replyStatusChanged(channelId: number): Promise<void>;
}

/** One messenger account kind: its description, its rules and its runtime. */
export interface ChannelModule<Credentials extends Record<string, string> = Record<string, string>> {
  /** Stored in channels.kind: 'whatsapp'. */
  kind: string;
  /** The messenger family shown to users and used in seed paths (/api/messengers/:type): 'whatsapp'. */
  messenger: string;
  /** The customers' ids are their phone numbers (international digits): contacts sharing one are suggested for merging. */
  identityIsPhone?: boolean;
  /** seed 002's account_type in /api/accounts: 'bot'. */
  accountType: string;
  vocabulary: Record<UiLanguage, ChannelVocabulary>;
  credentials: {
    /** The fields an admin gives when connecting an account (besides name and intake mode). */
    schema: z.ZodType<Credentials>;
    /** The one secret string the registry encrypts (several fields: JSON). */
    encode(input: Credentials): string;
    /** The single field seed 000's `api_token` fills, when the kind has one. */
    apiTokenField?: keyof Credentials & string;
  };
  /** The kind's own settings, kept in channels.settings beside `apps`. */
  settings: z.ZodType<Record<string, unknown>>;
  capabilities: ChannelCapabilities;
  /** Links to a customer outside a chat (a profile page, click-to-chat by phone); absent: none. */
  contactLinks?: ContactLinks;
  rateLimits: RateLimitProfile;
  intake: {
    modes: readonly IntakeMode[];
    /** The mode of a new account when the admin names none. */
    defaultMode(): IntakeMode;
    /** Modes whose connection one instance owns at a time (a long-poll loop, an MTProto session): taken through a lease. */
    leasedModes: readonly IntakeMode[];
  };
  secrets?: SecretRedaction;
  environmentAccount?: EnvironmentAccount;
  /**
   * Intake, sending, files, webhooks: the runtime. Health is the account's
   * status: the adapter reports intake trouble through the onStatus callback it
   * was built with (status 'error' with a detail that says what to do, 'active'
   * when it recovers), and `verifyCredentials` is the "test" action.
   */
  adapter: ChannelAdapter;
  /** Kinds that log in step by step (seed 002's /api/accounts/:id/authenticate …); absent: credentials are enough. */
  login?: AccountLogin;
  /** Kinds connected with one form of their credentials in Settings → Messengers (words: `vocabulary.*.connect`). */
  connectForm?: ConnectForm;
  /** Webhook routes (a GET handshake, raw-body signatures) and seed-compatible aliases. */
  registerRoutes?(app: HttpApp, context: ChannelRouteContext): void;
}

export type AnyChannelModule = ChannelModule<any>;

/** The modules this server runs, keyed by kind. */
export interface ChannelModules {
  get(kind: string): AnyChannelModule | undefined;
  list(): AnyChannelModule[];
  messengerOf(kind: string): string;
}

export function createChannelModules(modules: readonly AnyChannelModule[]): ChannelModules {
  const byKind = new Map<string, AnyChannelModule>();
  for (const module of modules) {
    if (byKind.has(module.kind)) throw new Error(`Two channel modules claim the kind "${module.kind}".`);
    byKind.set(module.kind, module);
  }
  return {
    get: (kind) => byKind.get(kind),
    list: () => [...byKind.values()],
    messengerOf: (kind) => byKind.get(kind)?.messenger ?? kind,
  };
}

/** A kind as the API describes it (GET /api/channels/kinds): what the web app shows and enforces. */
export function describeChannelKind(module: AnyChannelModule): ChannelKindDescription {
  return {
    kind: module.kind,
    messenger: module.messenger,
    account_type: module.accountType,
    vocabulary: module.vocabulary,
    credential_fields: credentialFields(module),
    // The Messengers tab's connect form and accounts list for the kind (null: the kind has its own, or none).
    connect_form: connectFormOf(module),
    intake_modes: module.intake.modes,
    capabilities: module.capabilities,
    // A profile link and the contact panel's button for the messenger (URL templates; null: none).
    contact_links: module.contactLinks ?? null,
    // Whether a chat of this kind can be refused a reply (GET /api/chats/:id/reply-status says when): the web app
    // asks that only where it can (a kind without `replyStatus` always answers "can reply").
    can_refuse_replies: module.adapter.replyStatus !== undefined,
    // Whether operators can change or delete a message they sent (PATCH / DELETE /api/messages/:id): the capability and the op.
    can_edit_sent: module.capabilities.edit && module.adapter.editMessage !== undefined,
    can_delete_sent: module.capabilities.delete && module.adapter.deleteMessages !== undefined,
    // Whether operators can react to a message (PUT /api/messages/:id/reactions).
    can_react: module.capabilities.reactions && module.adapter.setReactions !== undefined,
    // Whether operators can send a pre-approved template (GET /api/chats/:id/templates lists them) when the window is closed.
    templates: module.adapter.templates !== undefined,
    rate_limits: {
      botPerSecond: module.rateLimits.botPerSecond,
      botBurst: module.rateLimits.botBurst,
      privateChatPerSecond: module.rateLimits.privateChatPerSecond,
      privateChatBurst: module.rateLimits.privateChatBurst,
      groupPerMinute: module.rateLimits.groupPerMinute,
      groupBurst: module.rateLimits.groupBurst,
    },
  };
}

function connectFormOf(module: AnyChannelModule) {
  const form = module.connectForm;
  if (!form) return null;
  // In the order the form's words list them (hints may say "the same page" of the field before), the rest after.
  const labelled = Object.keys(module.vocabulary.en.connect?.fieldLabels ?? {});
  const position = (name: string) => (labelled.includes(name) ? labelled.indexOf(name) : labelled.length);
  const ordered = credentialFields(module).sort((a, b) => position(a) - position(b));
  const fields = ordered.map((name) => ({ name, secret: form.secretFields.includes(name) }));
  return { fields, webhook_path: form.webhookPath };
}

function credentialFields(module: AnyChannelModule): string[] {
  const shape = (module.credentials.schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}
