// The channel adapter (a module's runtime: intake, sending, files, edits, sub-accounts, health) and what it reports
// about accounts. Part of the channel contract: channel.ts re-exports it, so importers name only channel.ts.
import type {
  AccountIdentity,
  ChannelKind,
  ChannelRecord,
  DownloadedFile,
  ChannelTemplates,
  InboundEvent,
  OutboundMessage,
  Person,
  RawUpdate,
  SentMessage,
} from './channel.ts';
import type { WebhookInfo } from '@switchboard/contract';
import type { InteractionCapabilities, RenderedReply, RenderOutcome, ReplyTarget } from './flows.ts';

/**
 * Whether a conversation can be answered now, and if not why (a connection paused, a right withdrawn).
 * `code` is stable for the web app's words; `reason` says it in English, with what to do.
 */
export type ReplyStatus =
  | {
      canReply: true;
      via?: SubAccountSummary;
      /** When free-form replies stop being allowed (a reply window); absent: never. */ until?: Date;
    }
  | { canReply: false; code: string; reason: string; via?: SubAccountSummary };

export interface SubAccountSummary {
  id: string;
  name: string;
}

/**
 * An account reached through this one: a business that connected our bot to its own messenger
 * account. Its chats are conversations of this channel; `replyStatus` tells which.
 */
export interface SubAccount extends SubAccountSummary {
  owner: { externalId: string; name: string; username: string | null };
  /** The platform's permission flags as granted (e.g. can_reply: true). */
  rights: Record<string, boolean>;
  /** 'active' | 'disabled' (paused by its owner) | 'revoked' (disconnected). */
  state: 'active' | 'disabled' | 'revoked';
  canReply: boolean;
  /** Why it cannot reply (code and English words), when it cannot. */
  code: string | null;
  reason: string | null;
  connectedAt: Date;
  updatedAt: Date;
}

/** How an account's live connection is doing on this instance (the accounts page); kinds that keep one report it. */
export interface AccountHealth {
  /** Connected here (this instance holds the account's lease). */
  connected: boolean;
  connectedAt: Date | null;
  /** When the platform last sent the account anything (a message, an edit, a deletion). */
  lastUpdateAt: Date | null;
  /** Waits the platform imposed (flood control) since connecting, and the last one. */
  floodWaits: number;
  lastFloodWait: { seconds: number; at: Date } | null;
  /** Why sending is paused (a spam limit an admin must clear), when it is. */
  pausedReason: string | null;
  /** The account's own address as customers know it (a phone number); null when it has none. */
  address?: string | null;
  /** Another instance holds the account's connection (its lease): this instance's view is not the live one. */
  heldElsewhere?: { instanceId: string; since: Date } | null;
  /** The first import of recent chats, while it runs: chats done of those to import. */
  importing?: { done: number; total: number } | null;
  /** The connection's state as its library reports it (offline, connecting, updating, connected). */
  state?: string | null;
  /** Connections lost and made again since it was opened, and when the last was. */
  reconnects?: number;
  lastReconnectAt?: Date | null;
  /** Since when the connection is lost, while it is. */
  droppedAt?: Date | null;
  /** While reconnecting: the attempt to come, the backoff wait before it and when it is due. */
  backoff?: { attempt: number; waitMs: number; nextAttemptAt: Date } | null;
}

/** What each kind of channel implements. */
export interface ChannelAdapter {
  kind: ChannelKind;
  verifyCredentials(credentials: string): Promise<AccountIdentity>;
  /** Serialisation key of an update (per chat) and its id; null when the payload is not an update. */
  identifyUpdate(payload: unknown): RawUpdate | null;
  /** What to record in the inbox from an update, in order. */
  normalize(payload: unknown): InboundEvent[];
  /** Runs the bot's own handlers (welcome, apps) on an update after it is recorded. */
  dispatch(channel: ChannelRecord, payload: unknown): Promise<void>;
  send(channel: ChannelRecord, message: OutboundMessage): Promise<SentMessage>;
  sendTyping(channel: ChannelRecord, chatId: string): Promise<void>;
  startIntake(channel: ChannelRecord): Promise<void>;
  stopIntake(channelId: number): Promise<void>;
  stopAll(): Promise<void>;
  /** Webhook management, for kinds that have webhooks. */
  webhookUrl?(channelId: number): string | undefined;
  /** The platform's view of the account's webhook: the API's answer as it is (GET /api/accounts/:id/webhook). */
  webhookInfo?(channel: ChannelRecord): Promise<WebhookInfo>;
  setWebhook?(channel: ChannelRecord, url: string): Promise<unknown>;
  deleteWebhook?(channel: ChannelRecord): Promise<unknown>;
  /** Accounts reached through this one (connected business accounts); absent: none. */
  subAccounts?(channel: ChannelRecord): Promise<SubAccount[]>;
  /**
   * Whether the chat can be answered now; absent: always. Given the message, whether it can take that one
   * (a template, or a business-started message with its declared template, may pass a closed reply window).
   */
  replyStatus?(
    channel: ChannelRecord,
    externalChatId: string,
    message?: Pick<OutboundMessage, 'template' | 'businessStart'>,
  ): Promise<ReplyStatus>;
  /**
   * Changes the text of a message this account sent (capabilities.edit); absent: the kind cannot. Failures are
   * ChannelErrors. A platform that reports the edit back as an update records it in the inbox through intake.
   * `choices`: the answer buttons the message shows afterwards (as OutboundMessage.choices), where the kind can
   * attach them to a sent message; without them its buttons go.
   */
  editMessage?(
    channel: ChannelRecord,
    chatId: string,
    messageExternalId: string,
    text: string,
    choices?: OutboundMessage['choices'],
  ): Promise<{ editDate: Date }>;
  /** Deletes messages this account sent, for both sides (capabilities.delete); absent: the kind cannot. Failures are ChannelErrors. */
  deleteMessages?(channel: ChannelRecord, chatId: string, messageExternalIds: string[]): Promise<void>;
  /**
   * Finds someone who has not written (`to`: a phone number or a username, as the kind accepts), so an operator can
   * start a chat with them: the inbox opens the conversation (chat id = the person's externalId) and the first
   * message goes like any reply, through `send` and its limits. Absent: the kind cannot start chats. Failures are
   * ChannelErrors (NOT_FOUND: nobody by that name; INVALID_INPUT: neither a number nor a name).
   */
  findPerson?(channel: ChannelRecord, to: string): Promise<Person>;
  /** The live connection's health (AccountHealth); absent: the kind keeps no connection of its own. */
  health?(channel: ChannelRecord): Promise<AccountHealth>;
  /**
   * Sets the account's own reactions on a message (capabilities.reactions); empty takes them back. Absent: the kind
   * cannot. Failures are ChannelErrors (INVALID_INPUT: an emoji the chat does not allow).
   */
  setReactions?(channel: ChannelRecord, chatId: string, messageExternalId: string, emojis: string[]): Promise<void>;
  /** Fetches a file a message carries (Attachment.file_id); failures are ChannelErrors. */
  downloadFile?(channel: ChannelRecord, fileId: string): Promise<DownloadedFile>;
  /** App flows (channels/flows.ts): what the channel can show, and how it sends fitted replies. */
  interactions?: InteractionCapabilities;
  renderReplies?(channel: ChannelRecord, target: ReplyTarget, replies: RenderedReply[]): Promise<RenderOutcome>;
  /** Pre-approved message templates (OutboundMessage.template sends one); absent: the kind has none. */
  templates?: ChannelTemplates;
}
