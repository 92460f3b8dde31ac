// The channel module contract: everything the rest of Switchboard learns about
// one kind of messenger account (a bot, a personal account, a business phone
// number, an Instagram account) comes from its module
// object. The registry, inbox, delivery, HTTP API and web app read a module;
// none of them names a messenger. docs/ARCHITECTURE.md, "How to add a channel".
import type { z } from 'zod';
import type { HttpApp, SecretPattern } from '../platform/index.ts';
import type { AccountIdentity, ChannelAdapter, ChannelRecord, ChannelStatus, IntakeMode, IntakeSink } from './channel.ts';

export type UiLanguage = 'ru' | 'en';

/** How the kind is named to people, per UI language. */
export interface ChannelVocabulary {
  /** The messenger as users know it: "WhatsApp". */
  messengerName: string;
  /** One connected account of this kind: "WhatsApp number". */
  accountName: string;
  /** Per credential field (the keys of `credentials.schema`): what it is and where to get it. */
  credentialHints: Record<string, string>;
  /** The words of the connect form (`ChannelModule.connectForm`); `{{url}}`, `{{name}}`, `{{count}}` are filled in by the web app. */
  connect?: ConnectFormWords;
}

/** What the Messengers tab says about connecting and listing accounts of a kind, in one language. */
export interface ConnectFormWords {
  /** The card's button ("Add … number"). */
  add: string;
  title: string;
  /** Above the fields; `{{url}}` is the webhook's full address. */
  intro: string;
  /** Per credential field, its label. */
  fieldLabels: Record<string, string>;
  /** `{{name}}`: the account connected. */
  added: string;
  failed: string;
  /** Above the connected accounts, and what holds with none. */
  accountsTitle: string;
  noAccounts: string;
  /** The check button's accessible name and the answer when the platform accepts the credentials (`{{name}}`). */
  checkLabel: string;
  checked: string;
}

/** An account of the kind is connected with one form of its credential fields (POST /api/accounts). */
export interface ConnectForm {
  /** Credential fields typed as secrets: a password input, never shown back. */
  secretFields: readonly string[];
  /** The webhook path the intro names as a full URL; null: the kind needs none. */
  webhookPath: string | null;
}

export type OutboundMediaKind = 'photo' | 'video' | 'document' | 'voice' | 'audio';

/** A photo outside any of these is sent as a document (checked when the message is sent). */
export interface PhotoLimits {
  maxBytes: number;
  /** Largest width + height, in pixels; null: no limit. */
  maxDimensionSum: number | null;
  /** Longer side over shorter side; null: no limit. */
  maxAspectRatio: number | null;
}

/** Which files may go together as one message (an album). */
export interface AlbumRules {
  maxItems: number;
  /**
   * Kinds that may share an album; a kind in no group shares one only with its
   * own kind. An album that mixes groups is refused naming the first group
   * here it breaks, so list the strictest first.
   */
  groups: readonly (readonly OutboundMediaKind[])[];
  /** Kinds never sent in an album (they go on their own). */
  never: readonly OutboundMediaKind[];
}

/** How people reach a customer of the messenger outside a chat (the contact panel), as URL templates the web app fills. */
export interface ContactLinks {
  /** A person's profile page from their username: `{username}` is filled in, URL-encoded. */
  profile?: string;
  /**
   * The contact panel's button for the messenger: 'write' opens the send dialog over the contact's private chats with
   * accounts of the messenger; `phoneLink` opens a click-to-chat page from the contact's phone (`{phone_digits}`: its
   * international digits). Absent: no button.
   */
  panelButton?: 'write' | { phoneLink: string };
}

/** What the platform lets a business do; the API and the web app show and enforce these. */
export interface ChannelCapabilities {
  edit: boolean;
  delete: boolean;
  reactions: boolean;
  typing: boolean;
  text: {
    /** Longest message, in UTF-16 units (what JavaScript's `length` counts). */
    maxLength: number;
    /** Longest text sent under a file; null when files take no caption. */
    captionMaxLength: number | null;
  };
  media: {
    /** Kinds of file we may send; empty when the channel sends text only. */
    kinds: readonly OutboundMediaKind[];
    /** Largest file the platform accepts from us. */
    uploadMaxBytes: number;
    /** What a photo may be and still go as a photo; one outside these goes as a document. Null: no limits of its own. */
    photo: PhotoLimits | null;
    /** Largest customer file the platform hands over; null: no limit of its own. */
    downloadMaxBytes: number | null;
    /** Several files in one message; null when not supported. */
    albums: AlbumRules | null;
  };
  /** Reply buttons under a message; null when the channel has none. */
  buttons: { perMessage: number; titleMaxLength: number } | null;
  /** Link buttons (OutboundMessage.links) shown as buttons; false: they go under the text as lines, and count in its length. */
  linkButtons: boolean;
  /** A pick-one list (WhatsApp's list message); null when none. */
  lists: { maxRows: number; rowTitleMaxLength: number } | null;
  /**
   * Who may start a conversation: 'free' (any time), 'template' (only with a
   * pre-approved template outside the reply window), 'never' (only answers).
   */
  businessInitiated: 'free' | 'template' | 'never';
  /**
   * Whether one message may go to many contacts at once (apps' broadcasts): 'free', 'template' (only an
   * approved template), or 'never' (the messenger bans accounts that do it: a personal account).
   */
  broadcasts: 'free' | 'template' | 'never';
  /** How long after the customer's last message free-form replies are allowed (WhatsApp: 24 h); null: always. */
  replyWindowMs: number | null;
}

/**
 * Token buckets delivery keeps per account: the whole account, each private
 * chat, each group. "bot" in the names means the whole account (kept for the
 * benchmarks' and tests' overrides, which use these names).
 */
export interface RateLimits {
  botPerSecond: number;
  botBurst: number;
  privateChatPerSecond: number;
  privateChatBurst: number;
  groupPerMinute: number;
  groupBurst: number;
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

/** Where a login stands after a step (seed 002's authenticate / verify_otp / verify_password / resend_code). */
export interface AccountLoginStep {
  /** 'code', 'password', or 'done' (the account is active). */
  step: 'code' | 'password' | 'done';
  /** How the code was sent (app, sms, call, flash_call, missed_call, email, email_required, fragment …). */
  code_type: string | null;
  /** How a resend will send it; 'none' when it cannot. */
  next_type: string | null;
  /** Seconds before a resend is allowed; null when none is. */
  timeout: number | null;
  /** What to do now, for people. */
  message: string;
}

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
export function describeChannelKind(module: AnyChannelModule) {
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
    rate_limits: { ...module.rateLimits, isGroupChat: undefined },
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
