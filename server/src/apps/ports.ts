// The ports apps reach the rest of Switchboard through (apps/app.ts's AppContext holds them; docs/ARCHITECTURE.md
// "How to add an app", step 3): each implemented once by the part that owns the data. Apps import them from
// ../app.ts, which re-exports this file.
import type { Expression, Kysely } from 'kysely';
import type { AudienceFilter, Message, SegmentCondition, SegmentField } from '@switchboard/contract';
import type { OutboundMessage } from '../channels/channel.ts';
import type { FlowReply } from '../channels/flows.ts';
import type { FlowLanguage } from '../flows/index.ts';
import type { StaffUser } from '../platform/index.ts';

/**
 * The transaction an app opened on its own tables, handed to a port so that
 * the port's writes commit or roll back with the app's. Opaque on purpose: the
 * app cannot name another part's tables through it.
 */
export type AppTransaction = Pick<Kysely<object>, 'isTransaction'>;

/** A subquery of ids, for `where(column, 'in', …)` on the app's own tables. */
export type IdSubquery = Expression<number | null>;

export interface ContactProfile {
  id: number;
  display_name: string;
  phone: string | null;
  language_code: string | null;
}

/** Contacts (the inbox's): the profile fields apps may read and set, identities, and who may see whom. */
export interface ContactsPort {
  find(id: number, trx?: AppTransaction): Promise<ContactProfile | undefined>;
  findMany(ids: readonly number[], trx?: AppTransaction): Promise<Map<number, ContactProfile>>;
  create(input: { display_name: string; phone?: string | null; language_code?: string | null }, trx?: AppTransaction): Promise<number>;
  /** The profile fields apps own: a name staff typed (it then stops following the messenger's) and a phone. */
  updateProfile(id: number, patch: { display_name?: string; phone?: string | null }, trx?: AppTransaction): Promise<void>;
  /**
   * Records that this messenger account (the sender in a chat of that channel) is this contact; emits `contact.linked`.
   * A contact the inbox made for that account when it wrote is the same person and is merged into this one (its
   * conversations follow), unless it holds an app's records: then 'taken', and staff merge by hand.
   */
  linkIdentity(
    contactId: number,
    identity: { channelId: number; externalId: string; username?: string | null },
  ): Promise<'linked' | 'already_linked' | 'taken'>;
  /** Contacts whose name or phone contains the text. */
  matching(search: string): IdSubquery;
  /** Contacts with at least one conversation. */
  withConversation(): IdSubquery;
  /** The contacts a staff user may see (those with a conversation they may see); undefined for admins (all). */
  visibleTo(user: StaffUser): Promise<IdSubquery | undefined>;
  canSee(user: StaffUser, contactId: number): Promise<boolean>;
  /** Contacts a business may start a message to on an account: a private chat with it and not marked unreachable, narrowed by the filter. */
  audience(filter: AudienceFilter): IdSubquery;
  /** The private chat (and its conversation) of each contact on an account. */
  chatsOn(
    channelId: number,
    contactIds: readonly number[],
    trx?: AppTransaction,
  ): Promise<Map<number, { chatId: string; conversationId: number }>>;
  /**
   * Every private chat of a contact (one person merged across messengers), the chat they wrote in last first
   * (chats they never wrote in last): where a business reaches them, and in which order to try.
   */
  chatsOf(contactId: number): Promise<Array<{ channelId: number; chatId: string; conversationId: number; lastWroteAt: Date | null }>>;
  /** The contact of a private chat on an account. */
  byChat(channelId: number, chatId: string): Promise<number | undefined>;
  /** The account cannot reach the contact (they blocked it): left out of audiences until they write again. */
  markUnreachable(contactId: number, channelId: number, reason: string, trx?: AppTransaction): Promise<void>;
  /** The contacts' custom attributes as segment fields (keys without the `attribute.` prefix). */
  attributes: SegmentFieldSource;
}

/**
 * What a part contributes to segments (issue 22): fields over the data it owns, and the contacts meeting a condition
 * on one of them, as a subquery over its own tables that the asking app intersects in the database (it never sees
 * the tables, and a count over a million contacts stays one statement). Keys are the source's own, without its prefix;
 * the condition it gets was checked against its fields (known field, operator allowed for the type, value's shape).
 */
export interface SegmentFieldSource {
  fields(): Promise<SegmentField[]>;
  /** `field` is the source's own field the condition names (its type decides how the value compares). */
  contacts(condition: SegmentCondition, field: SegmentField): Promise<IdSubquery>;
}

/** Every part's segment fields, prefixed by their source (`attribute.city`, `clinic.age`). */
export interface SegmentFieldsPort {
  /** The fields of the contacts' custom attributes and of every running app that contributes some. */
  list(): Promise<SegmentField[]>;
  /**
   * One contact-id subquery per condition (all must hold: intersect them). Throws a 422 naming the condition:
   * unknown_segment_field, segment_operator_not_allowed or invalid_segment_value.
   */
  contacts(conditions: readonly SegmentCondition[]): Promise<IdSubquery[]>;
}

export interface StaffMember {
  id: number;
  name: string;
  email: string;
  is_active: boolean;
  language: string;
}

/** Staff users, read-only, and a live event to their screens. */
export interface StaffPort {
  findMany(ids: readonly number[], trx?: AppTransaction): Promise<Map<number, StaffMember>>;
  /**
   * A realtime event (over /ws/messages, with a seq) for every signed-in staff user, or only for those of `roles`;
   * type is prefixed by the app.
   */
  announce(type: string, payload: Record<string, unknown>, audience?: { roles: readonly string[] }): Promise<void>;
}

export interface FlowState {
  app: string;
  flow: string;
  step: string;
  paused: boolean;
  expires_at: Date;
}

/** Conversations (the inbox's): find one, write into it, hand it over, and read where its bot flow stands. */
export interface ConversationsPort {
  /** The conversation of a private chat (no topic) through a channel, if the inbox recorded one. */
  findByChat(channelId: number, chatId: string): Promise<number | undefined>;
  /** The channel a conversation goes through (what it can send is that channel's); undefined when it does not exist. */
  channelOf(conversationId: number): Promise<number | undefined>;
  /** A staff message into the conversation, sent through its channel like one typed in the inbox. */
  sendAsStaff(user: StaffUser, conversationId: number, text: string): Promise<Message>;
  /** A line only staff see: a private note, or a service event ("Invoice INV-7 issued"). */
  post(conversationId: number, line: { kind: 'note' | 'service'; text: string }): Promise<{ id: number }>;
  assign(conversationId: number, operatorId: number | null): Promise<void>;
  /** Whether the staff user may see (and write in) the conversation; false when it does not exist. */
  canSee(user: StaffUser, conversationId: number): Promise<boolean>;
  flowState(conversationId: number): Promise<FlowState | null>;
}

/** The outbox's record of one message: its fate. */
export interface LedgerEntry {
  id: number;
  channel_id: number;
  state: 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  sent_at: Date | null;
  /** The channel-neutral failure code (BLOCKED, RATE_LIMITED, …) of the last attempt that failed. */
  last_error_code: string | null;
  last_error: string | null;
}

export interface OutgoingMessage {
  channelId: number;
  lane: 'operator' | 'notification' | 'broadcast';
  message: OutboundMessage;
  idempotencyKey?: string;
  reference?: { type: string; id: string | number };
}

/** Delivery: channel-neutral messages through the outbox (rate limits, retries), and their ledger. */
export interface DeliveryPort {
  /** Queues in the caller's transaction; call `wake` with the channels after it commits. */
  enqueue(trx: AppTransaction, message: OutgoingMessage): Promise<{ id: number; created: boolean }>;
  /** Many at once (a broadcast's window) in one statement per 500, in the caller's transaction; the row ids in input order. */
  enqueueMany(trx: AppTransaction, messages: OutgoingMessage[]): Promise<number[]>;
  wake(channelIds: Iterable<number>): void;
  /**
   * Queues a change of a message queued earlier (`outboxId`, from `enqueue`): once it was delivered, its text becomes
   * `text` and its buttons `choices` (none: they go), on channels that can edit (elsewhere the edit fails in the ledger, harmlessly). It takes
   * the earlier row's chat and lane, so it never overtakes it. In the caller's transaction; `wake` the channel after
   * the commit. Null when no such row exists.
   */
  edit(
    trx: AppTransaction,
    edit: {
      outboxId: number;
      text: string;
      choices?: OutboundMessage['choices'];
      idempotencyKey?: string;
      reference?: { type: string; id: string | number };
    },
  ): Promise<{ id: number; created: boolean; channelId: number } | null>;
  /** Queues and wakes, in a transaction of its own. */
  send(message: OutgoingMessage): Promise<{ id: number }>;
  retry(outboxId: number): Promise<'requeued' | 'not_retryable' | 'not_found'>;
  /** Withdraws the rows of a reference still waiting in the queue (those being sent go on); returns how many. */
  withdraw(trx: AppTransaction, reference: { type: string; id: string | number }): Promise<number>;
  /** Puts the rows `withdraw` took back in the queue; returns the channels to `wake` after the commit. */
  restore(trx: AppTransaction, reference: { type: string; id: string | number }): Promise<number[]>;
  ledger(outboxIds: readonly number[]): Promise<Map<number, LedgerEntry>>;
  /** Outbox rows in that state, for filtering the app's own rows that point at them. */
  inState(state: LedgerEntry['state']): IdSubquery;
  /**
   * One message tried on each channel in order (a customer's chat on one messenger, then on another) until one
   * delivers: a channel that refuses at once (reply window closed), is down, or fails after retries passes it on.
   */
  cascade(message: CascadeMessage): Promise<{ id: number; created: boolean }>;
  /** Which channel delivered it (`delivered_channel_id`), and each channel's outcome; null for an unknown id. */
  cascadeStatus(cascadeId: number): Promise<CascadeOutcome | null>;
}

export interface CascadeMessage {
  steps: ReadonlyArray<{ channelId: number; chatId: string }>;
  lane: OutgoingMessage['lane'];
  message: Omit<OutboundMessage, 'chatId' | 'topicId'>;
  idempotencyKey?: string;
  reference?: { type: string; id: string | number };
}

export interface CascadeOutcome {
  id: number;
  state: 'pending' | 'delivered' | 'exhausted';
  delivered_channel_id: number | null;
  steps: Array<{
    position: number;
    channel_id: number;
    chat_id: string;
    outcome: 'waiting' | 'sending' | 'sent' | 'failed' | 'refused' | 'down';
    error_code: string | null;
    error: string | null;
    outbox_id: number | null;
    attempts: number;
  }>;
}

/** The app's settings (its `AppDefinition.settings` schema), stored by the platform, edited by admins in one generic form. */
export interface SettingsPort<Settings> {
  read(): Promise<Settings>;
  write(patch: Partial<Settings>): Promise<Settings>;
}

/** pg-boss: send to one of the app's own queues (declared in `SwitchboardApp.queues`, with their schedules). */
export interface JobsPort {
  send(queue: string, data: object, options?: { startAfter?: number | Date; singletonKey?: string }): Promise<string | null>;
}

/** Files the app keeps (an invoice's PDF, a signed form), and links that let someone download one for a while. */
export interface FilesPort {
  store(input: { name: string; contentType: string; data: Buffer }): Promise<{ id: string; size: number }>;
  read(id: string): Promise<{ name: string; contentType: string; data: Buffer } | undefined>;
  remove(id: string): Promise<void>;
  /** An absolute path (/api/app-files/…) anyone holding it may download until `expiresInSeconds` pass. */
  signedUrl(id: string, expiresInSeconds: number): string;
}

/** What happened elsewhere that an app may react to; delivered once, on the instance where it happened, after commit. */
export type DomainEvent =
  /** `kind`: text, photo … or `service` (a button press, «label» in `text`); `text`: what the customer wrote, if anything. */
  | { type: 'message.received'; conversationId: number; messageId: number; kind: string; text: string | null }
  | { type: 'conversation.assigned'; conversationId: number; operatorId: number | null }
  | { type: 'conversation.resolved'; conversationId: number }
  | { type: 'contact.linked'; contactId: number; channelId: number; externalId: string };

export interface DomainEventsPort {
  /** Returns the unsubscribe; handlers run after the commit and their failures are logged, never thrown back. */
  on<T extends DomainEvent['type']>(type: T, handler: (event: Extract<DomainEvent, { type: T }>) => void | Promise<void>): () => void;
}

/**
 * Ports one app provides to others, by the providing app's name. Declared
 * here, in the contract, so that an app using one imports this file and never
 * the other app; absent when the providing app is switched off.
 */
export interface ProvidedPorts {
  /** Who hears an app's notifications in a messenger: the chats people linked (apps/linking). */
  linking: LinkedChatsPort;
}

export interface LinkedChat {
  kind: 'client' | 'staff';
  id: number;
  channel_id: number;
  chat_id: string;
  language: string;
}

export interface LinkedChatsPort {
  /** The enabled linked chats of a client (contact id) and of staff users (all of them, or the listed ones). */
  linkedChats(whom: { clientId: number; staffIds: readonly number[] | 'all' }, trx?: AppTransaction): Promise<LinkedChat[]>;
}

/** Flow replies (menus with buttons, texts, files) a business starts outside a customer's message: a reminder with its answers. */
export interface PromptsPort {
  /** Fits the replies to the chat's channel and sends them now; the menus' buttons come back as `choice` events to the apps. */
  send(chat: { channelId: number; chatId: string }, language: FlowLanguage, replies: FlowReply[]): Promise<void>;
}

/** A messenger account as apps see it. */
export interface AppChannel {
  id: number;
  /** Its channel kind: what it can do is that kind's capabilities (GET /api/channels/kinds). */
  kind: string;
  name: string;
  username: string | null;
  isEnabled: boolean;
  /** The apps it runs; null: all of them. */
  apps: string[] | null;
  /** Whether one message may go to many of its contacts: its kind's capability (a personal account: never). */
  broadcasts: 'free' | 'template' | 'never';
  /**
   * How a message the business starts (a reminder) may go: freely; 'template': outside the customer's reply window
   * only as an approved template, which the app declares per message (OutboundMessage.businessStart); or never.
   */
  businessInitiated: 'free' | 'template' | 'never';
  /** How long after the customer's last message the business may answer freely (null: no window). */
  replyWindowMs: number | null;
  /** The messenger as people know it (its kind's English vocabulary): refusals name whose limit it is. */
  messengerName: string;
  /** The longest message it sends, in UTF-16 units (its kind's capabilities; checkTextFits in text-limit.ts refuses longer). */
  textMaxLength: number;
  /** Whether it shows a message's `links` as buttons (its kind's capabilities); false: they go under the text as lines (withLinkLines). */
  linkButtons: boolean;
  /** The files it may send (its kind's capabilities): kinds, the largest upload, the longest caption (null: none). */
  media: { kinds: readonly string[]; uploadMaxBytes: number; captionMaxLength: number | null };
}
