// GET /api/channels/kinds: the kinds of account this server connects, as their channel modules state them.
// The server's module contract (server/src/channels/module.ts) declares its capabilities and vocabulary with these
// types, so the answer the web app reads is the one the modules give.
import type { IntakeMode } from './accounts.ts';

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

/** One kind of GET /api/channels/kinds. */
export interface ChannelKindDescription {
  kind: string;
  messenger: string;
  account_type: string;
  vocabulary: { ru: ChannelVocabulary; en: ChannelVocabulary };
  credential_fields: string[];
  /** Connected with one form of its credentials on the Messengers tab (null: the kind has its own dialog, or none). */
  connect_form: { fields: Array<{ name: string; secret: boolean }>; webhook_path: string | null } | null;
  intake_modes: readonly IntakeMode[];
  capabilities: ChannelCapabilities;
  /** Links to a customer outside a chat (the module's `contactLinks`); null: none. */
  contact_links: ContactLinks | null;
  /** Whether a chat of this kind may be refused a reply (GET /api/chats/:id/reply-status); false: it never is. */
  can_refuse_replies: boolean;
  /** Whether an operator may change / delete a message they sent (PATCH / DELETE /api/messages/:id). */
  can_edit_sent: boolean;
  can_delete_sent: boolean;
  /** Whether an operator may react to a message (PUT /api/messages/:id/reactions). */
  can_react: boolean;
  /** Whether the kind sends pre-approved templates (GET /api/chats/:id/templates, POST /api/accounts/:id/templates/sync). */
  templates: boolean;
  rate_limits: RateLimits;
}

/** GET /api/channels/kinds */
export interface ChannelKinds {
  results: ChannelKindDescription[];
}
