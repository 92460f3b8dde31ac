// The contracts between channels (one module per kind of messenger account,
// see module.ts) and the layers that use them. The inbox, delivery and apps
// import only the contracts; main.ts wires the modules.

/** A channel module's kind (channels.kind); the modules this server runs define which exist. */
export type ChannelKind = string;
// The intake modes and statuses an account shows in the API are the contract's (packages/contract/src/accounts.ts).
import type { ChannelStatus, IntakeMode, MessageTemplateAnswer, ServiceLine } from '@switchboard/contract';
export { intakeModes, type ChannelStatus, type IntakeMode } from '@switchboard/contract';
export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

/** A connected account as the layers above see it: credentials decrypted, never serialised. */
export interface ChannelRecord {
  id: number;
  kind: ChannelKind;
  /** The messenger family of the kind (its module's `messenger`). */
  messenger: string;
  name: string;
  status: ChannelStatus;
  intakeMode: IntakeMode;
  isDefault: boolean;
  isEnabled: boolean;
  externalId: string | null;
  username: string | null;
  settings: ChannelSettings;
  /** Decrypted on demand, kept out of logs and responses. */
  credentials(): string;
  webhookSecret(): string | null;
}

export interface ChannelSettings {
  welcome_text?: string;
  /** Apps switched on for this channel (by name). */
  apps?: string[];
}

export type MessageKind =
  | 'text'
  | 'photo'
  | 'video'
  | 'video_note'
  | 'animation'
  | 'voice'
  | 'audio'
  | 'document'
  | 'sticker'
  | 'location'
  | 'venue'
  | 'contact'
  | 'poll'
  | 'dice'
  | 'service'
  | 'other';

/** Metadata of a file or structured payload attached to a message; files are fetched later. */
export interface Attachment {
  type: MessageKind;
  file_id?: string;
  file_unique_id?: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
  width?: number;
  height?: number;
  duration?: number;
  /** Sticker: static | animated | video. */
  sticker_format?: string;
  emoji?: string;
  latitude?: number;
  longitude?: number;
  title?: string;
  address?: string;
  phone_number?: string;
  first_name?: string;
  last_name?: string;
  question?: string;
}

export interface Person {
  /** The messenger family (module.messenger): an identity is (messenger, externalId). */
  messenger: string;
  externalId: string;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
  /** The person's phone number (international, with "+") where the messenger's identity is one; kept on the contact when it has none. */
  phone?: string;
  isBot: boolean;
}

export interface InboundChat {
  externalId: string;
  type: ChatType;
  title: string;
  topicId: string;
  /** A private chat's customer when the message is the account's own (its owner wrote first from their phone). */
  peer?: Person;
}

/** What the inbox records from one update. */
/** The states a sent message goes through after the platform accepted it, in order; failed ends it. */
export type OutboundState = 'sent' | 'delivered' | 'read' | 'failed';

export type InboundEvent =
  | {
      type: 'message' | 'edit';
      chat: InboundChat;
      sender: Person | null;
      message: {
        externalId: string;
        date: Date;
        editDate?: Date;
        kind: MessageKind;
        text: string;
        entities?: unknown[];
        attachments: Attachment[];
        replyToExternalId?: string;
        mediaGroupId?: string;
        /** The message was sent by our own bot (e.g. seen in a group): recorded as outgoing. */
        fromSelf?: boolean;
        /** For a `service` message: its code and parameters, worded in each reader's language. */
        service?: ServiceLine;
      };
    }
  | { type: 'reachability'; chat: InboundChat; person: Person; reachable: boolean; reason: string }
  /** The platform reports messages deleted (by the customer, or by the account's owner elsewhere). */
  | { type: 'delete'; chat: InboundChat; messageExternalIds: string[] }
  /**
   * What became of a message this account sent, reported later by the platform: sent, delivered to the
   * customer's device, read, or failed with the platform's own code and title. Applied to the message's
   * ticks and the delivery ledger; a state never goes back (read stays read when a late "delivered" comes).
   */
  | {
      type: 'outbound_status';
      chat: InboundChat;
      messageExternalId: string;
      state: OutboundState;
      at: Date;
      error?: { code: string; title: string };
    }
  /**
   * Someone's reactions on a message, as they now stand: `emojis` replaces what that reactor had on it (empty: taken
   * back). `by` null: the account itself (its owner, from another device). Emoji only; a custom or paid one is dropped.
   */
  | { type: 'reaction'; chat: InboundChat; messageExternalId: string; by: Person | null; emojis: string[] }
  /** The customer read everything the account sent in the chat up to and including this message (its ticks turn "read"). */
  | { type: 'read_up_to'; chat: InboundChat; messageExternalId: string; at: Date }
  | {
      type: 'button';
      chat: InboundChat;
      sender: Person;
      data: string;
      messageExternalId?: string;
      /** The pressed button's label, when the message it belongs to is known; the inbox shows it. */
      label?: string;
      /** The press's own id, as the channel gives it: one press is recorded once. */
      pressId?: string;
    };

/** A message to send; files are local paths the adapter uploads. */
export interface OutboundMessage {
  chatId: string;
  topicId?: string;
  text?: string;
  replyToExternalId?: string;
  /**
   * Link buttons that open a page, channel-neutral. A channel that shows them (capabilities `linkButtons`) draws them
   * as buttons under the text; every other one sends them as "title: url" lines under it (textWithLinks), never drops them.
   */
  links?: Array<{ title: string; url: string }>;
  /**
   * Answer buttons in rows, channel-neutral: each channel shows them its own way (an inline keyboard, a few reply
   * buttons, quick replies: see each module) and a press comes back as a flow `choice` with the payload (keep
   * payloads short: 64 bytes is the smallest limit). A channel that cannot show them sends the text alone.
   */
  choices?: Array<Array<{ title: string; payload: string }>>;
  /** A person (an operator in the inbox) wrote it, not automation: some platforms let such replies go later than automation. */
  writtenBy?: 'operator';
  media?: Array<{ type: 'photo' | 'video' | 'document' | 'voice' | 'audio'; path: string; fileName?: string; mimeType?: string }>;
  /** A pre-approved message template (adapter.templates) with its variables filled; `text` is its preview for people. */
  template?: TemplateSend;
  /** The business starts this message (a reminder, a notification, a survey), not an answer: see BusinessStart. */
  businessStart?: BusinessStart;
}

/**
 * Link buttons for a channel that shows none: "title: url" lines under the text, after an empty line, which every
 * messenger makes tappable. One form for every such channel and for apps that put links in the text themselves
 * (a broadcast), so a limit counted with it is what is sent. No links: the text as it is.
 */
export function withLinkLines(text: string, links: OutboundMessage['links']): string {
  if (!links?.length) return text;
  const lines = links.map((link) => `${link.title}: ${link.url}`);
  return [...(text ? [text, ''] : []), ...lines].join('\n');
}

/** The message's text as a channel without link buttons sends it: its links as lines under it. */
export const textWithLinks = (message: Pick<OutboundMessage, 'text' | 'links'>): string => withLinkLines(message.text ?? '', message.links);

/**
 * A message the business starts, as the app declares it. A channel whose reply window is closed (capabilities
 * `businessInitiated: 'template'`) sends `template` instead of the free-form message, and refuses the message
 * before sending (a `replyStatus` with the message, or a ChannelError from `send`) when the app declared none.
 */
export interface BusinessStart {
  /** What the message is, as the app names it (`clinic.reminder`): named in refusals and logs. */
  purpose: string;
  /** The approved template the app declared for this purpose, its variables filled; absent: none declared. */
  template?: TemplateSend;
}

/** A template to send: which one, and the values of its numbered variables ({{1}}, {{2}} …) per part. */
export interface TemplateSend {
  name: string;
  language: string;
  variables: { header: string[]; body: string[] };
  /** Payloads of the template's quick-reply buttons, in order: a press comes back to the flows as a `choice`. */
  buttons?: string[];
}

/**
 * A message template as the platform approved it (synced from the platform into the channel's own table): the
 * API's shape (the contract's MessageTemplateAnswer), with the sync time as a Date.
 */
export interface MessageTemplate extends Omit<MessageTemplateAnswer, 'synced_at'> {
  syncedAt: Date;
}

/** Pre-approved templates: what the business may send when free-form messages are not allowed (the reply window is closed). */
export interface ChannelTemplates {
  /** The templates last synced for the account, by name and language. */
  list(channel: ChannelRecord): Promise<MessageTemplate[]>;
  /** Fetches the account's templates from the platform and replaces the stored ones; failures are ChannelErrors. */
  sync(channel: ChannelRecord): Promise<{ count: number }>;
  /** How many new conversations the account may still start (templates outside reply windows); null: no limit known. */
  conversationStarts?(channel: ChannelRecord): Promise<ConversationStarts | null>;
}

/** A platform's cap on the customers an account starts conversations with in a moving window (a messaging limit, as some messengers keep). */
export interface ConversationStarts {
  limit: number;
  /** Places taken in the window now. */
  taken: number;
  /** When the oldest place frees (null: none taken). */
  freesAt: Date | null;
}

/** A file fetched from the platform, or the platform's refusal to hand over one that large (capabilities.media.downloadMaxBytes). */
export type DownloadedFile = { bytes: Buffer; filePath: string } | { tooBig: true; limitBytes: number };

export interface SentMessage {
  externalIds: string[];
  date: Date;
}

/** One vocabulary of failure for every channel; the retry policy acts on the code. */
export const channelErrorCodes = [
  'TEMPORARY',
  'RATE_LIMITED',
  'AUTH_REVOKED',
  'NOT_FOUND',
  'INVALID_INPUT',
  'BLOCKED',
  'PERMANENT',
] as const;
export type ChannelErrorCode = (typeof channelErrorCodes)[number];

export class ChannelError extends Error {
  override name = 'ChannelError';
  readonly code: ChannelErrorCode;
  /** For RATE_LIMITED: how long the platform asked us to wait. */
  readonly retryAfterMs?: number;
  /**
   * For RATE_LIMITED: a quota the channel keeps for one chat's kind of message (new chats a day, a messenger's
   * messaging limit), not the platform's flood control. The row waits; the account's pace is not slowed, and many
   * such waits are not taken for a flood that pauses the whole account.
   */
  readonly quota: boolean;
  constructor(code: ChannelErrorCode, message: string, retryAfterMs?: number, options: { quota?: boolean } = {}) {
    super(message);
    this.code = code;
    this.retryAfterMs = retryAfterMs;
    this.quota = options.quota ?? false;
  }
}

/** Identity of an account, as its platform reports it (a bot's getMe, a number's profile). */
export interface AccountIdentity {
  externalId: string;
  username: string | null;
  displayName: string;
}

/**
 * Raw updates handed over by an intake (webhook, polling loop, forwarder) to be journaled. The event id is
 * the channel's own (Telegram: String(update_id)); the same id within 24 hours is a duplicate. Updates with
 * one chat key are processed one at a time, in the order they were journaled.
 */
export interface RawUpdate {
  eventId: string;
  chatKey: string;
  payload: unknown;
}

export interface IntakeSink {
  /** Durably records updates; resolves only after commit, with the ids it journaled. An event id seen in the last 24 hours is ignored. */
  journal(channelId: number, updates: RawUpdate[]): Promise<{ inserted: number; eventIds: string[] }>;
}

export type * from './adapter.ts';
