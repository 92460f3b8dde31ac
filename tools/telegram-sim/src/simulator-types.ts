import type { BusinessBotRights, BusinessConnection, Chat, Message, MessageEntity, ReplyMarkup, Update, User } from './bot-api-types.ts';

export interface RateModel {
  /** Sustained messages per second for one bot across all chats. */
  botPerSecond: number;
  /** Messages a bot may send at once before the per-bot bucket runs dry. */
  botBurst: number;
  /** Sustained messages per second into one private chat. */
  privateChatPerSecond: number;
  privateChatBurst: number;
  /** Sustained messages per minute into one group or supergroup. */
  groupPerMinute: number;
  groupBurst: number;
}

export type FaultKind = '429' | '500' | '502' | 'drop' | 'drop-after-apply' | 'slow';

export interface FaultConfig {
  rate429?: number;
  rate5xx?: number;
  rateSlow?: number;
  slowMs?: number;
  rateDrop?: number;
  /** When a dropped call should still take effect (the response is lost, not the request). */
  dropAfterApply?: boolean;
  /** Bot API methods the faults apply to (case-insensitive); all methods when omitted. */
  methods?: string[];
  /** Seed for this configuration's PRNG; defaults to the simulator's seed. */
  seed?: number;
}

export interface FailNextOptions {
  methods?: string[];
  slowMs?: number;
}

export type FileKind = 'photo' | 'document' | 'voice' | 'audio' | 'video' | 'sticker';

export interface SentFile {
  kind: FileKind;
  file_id: string;
  file_unique_id: string;
  /** How the bot supplied it: a multipart upload, a file_id it already had, or a URL. */
  source: 'upload' | 'file_id' | 'url';
  bytes: Buffer;
  mime_type?: string;
  file_name?: string;
  size: number;
  url?: string;
}

export interface SentEdit {
  date: number;
  method: string;
  text?: string;
  caption?: string;
  reply_markup?: ReplyMarkup;
}

export interface ReactInput {
  from: number;
  /** A group's id; absent: the user's private chat with the bot. */
  chat?: number;
  message_id: number;
  emoji: string[];
}

export interface SentMessage {
  message_id: number;
  chat_id: number;
  kind: 'text' | FileKind;
  method: string;
  date: number;
  /** When the simulator accepted the send, in real milliseconds (pacing checks count these). */
  received_at_ms: number;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  parse_mode?: string;
  reply_markup?: ReplyMarkup;
  reply_to_message_id?: number;
  message_thread_id?: number;
  media_group_id?: string;
  /** Sent on behalf of a connected business account through this connection. */
  business_connection_id?: string;
  files: SentFile[];
  edits: SentEdit[];
  deleted: boolean;
  /** The Message object as Telegram would return it now (after edits). */
  message: Message;
}

export interface WebhookDelivery {
  update_id: number;
  chat_key: string;
  attempt: number;
  started_at: number;
  finished_at?: number;
  status?: number;
  error?: string;
  raw?: boolean;
}

export interface BotStats {
  requests: number;
  byMethod: Record<string, number>;
  /** Messages accepted by send methods (an album counts each item). */
  sent: number;
  rateLimited: number;
  injected: { http429: number; http5xx: number; dropped: number; slow: number };
  firstSentAt: number | null;
  lastSentAt: number | null;
  /** sent / (lastSentAt - firstSentAt), in messages per real second. */
  achievedPerSecond: number | null;
  /** The configured per-bot rate in real seconds (rates.botPerSecond * timeScale). */
  permittedPerSecond: number;
  timeScale: number;
}

export interface CreateBotInput {
  username?: string;
  first_name?: string;
  token?: string;
  /** Business Mode (@BotFather → Bot Settings): accounts may connect the bot; getMe reports it. */
  can_connect_to_business?: boolean;
}

export interface BotInfo {
  id: number;
  token: string;
  username: string;
  first_name: string;
}

export interface CreateUserInput {
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface CreateGroupInput {
  title: string;
  type: 'group' | 'supergroup';
  is_forum?: boolean;
  username?: string;
}

interface UserActionBase {
  from: number;
  /** Defaults to the private chat with `from`. */
  chat?: number;
  message_thread_id?: number;
  reply_to?: number;
}

export interface SendTextInput extends UserActionBase {
  text: string;
}

export interface SendMediaInput extends UserActionBase {
  bytes?: Buffer;
  caption?: string;
  file_name?: string;
  mime_type?: string;
  duration?: number;
  /** sendSticker only: a .webp (static, the default), a gzipped Lottie .tgs (animated) or a .webm (video). */
  sticker_format?: 'static' | 'animated' | 'video';
}

export interface AlbumItem {
  type: 'photo' | 'video' | 'document';
  bytes?: Buffer;
  caption?: string;
  file_name?: string;
  mime_type?: string;
}

export interface SendAlbumInput extends UserActionBase {
  items: AlbumItem[];
}

export interface SendLocationInput extends UserActionBase {
  latitude: number;
  longitude: number;
}

export interface SendContactInput extends UserActionBase {
  phone_number: string;
  first_name: string;
  last_name?: string;
  user_id?: number;
}

export interface EditMessageInput {
  from: number;
  chat?: number;
  message_id: number;
  text: string;
}

export interface PressButtonInput {
  from: number;
  chat?: number;
  message_id: number;
  /** callback_data of the button; or give `text` to press the button with that label. */
  data?: string;
  text?: string;
}

export interface CallbackAnswer {
  callback_query_id: string;
  text?: string;
  show_alert?: boolean;
  url?: string;
  answered_at: number;
}

export interface StartCheckoutInput {
  from: number;
  invoice_payload: string;
  /** XTR (Telegram Stars) unless given. */
  currency?: string;
  /** In the currency's smallest units. */
  total_amount: number;
}

export interface PreCheckoutAnswer {
  pre_checkout_query_id: string;
  ok: boolean;
  error_message?: string;
  /** Milliseconds from the query being sent to the answer, in simulated time. */
  answered_after_ms: number;
}

export interface DeliverRawOptions {
  times?: number;
  concurrently?: boolean;
}

export interface RawDeliveryResult {
  status?: number;
  error?: string;
  body?: string;
}

export interface Topic {
  message_thread_id: number;
  name: string;
  icon_color: number;
}

export interface WebhookInfo {
  url: string;
  has_custom_certificate: boolean;
  pending_update_count: number;
  last_error_date?: number;
  last_error_message?: string;
  max_connections?: number;
  ip_address?: string;
  allowed_updates?: string[];
}

export interface ConnectBusinessInput {
  /** The business account (a user made with createUser) that connects the bot. */
  user: number;
  /** Granted rights; default { can_reply: true, can_read_messages: true }. */
  rights?: BusinessBotRights;
  is_enabled?: boolean;
}

export interface UpdateBusinessInput {
  rights?: BusinessBotRights;
  is_enabled?: boolean;
}

export interface BusinessTextInput {
  connection: string;
  /** The customer writing to the account, or the account's owner writing from their phone (then `chat` names the customer). */
  from: number;
  chat?: number;
  text: string;
}

export interface BusinessEditInput extends BusinessTextInput {
  message_id: number;
}

export interface BusinessDeleteInput {
  connection: string;
  /** The customer's private chat with the account. */
  chat: number;
  message_ids: number[];
}

/** Everything a test or a driving process can do besides speaking the Bot API. */
export interface SimulatorControl {
  createBot(input?: CreateBotInput): BotInfo;
  createUser(input: CreateUserInput): User;
  createGroup(input: CreateGroupInput): Chat;
  /** `member` is a user id, or a bot token to add that bot (which then gets my_chat_member). */
  addMember(chatId: number, member: number | string, options?: { by?: number }): Update | null;
  createTopic(chatId: number, name: string): Topic;

  sendText(botToken: string, input: SendTextInput): Update;
  sendPhoto(botToken: string, input: SendMediaInput): Update;
  sendVoice(botToken: string, input: SendMediaInput): Update;
  sendDocument(botToken: string, input: SendMediaInput): Update;
  sendVideo(botToken: string, input: SendMediaInput): Update;
  sendSticker(botToken: string, input: SendMediaInput): Update;
  sendLocation(botToken: string, input: SendLocationInput): Update;
  sendContact(botToken: string, input: SendContactInput): Update;
  sendAlbum(botToken: string, input: SendAlbumInput): Update[];
  editMessage(botToken: string, input: EditMessageInput): Update;
  /** The user's reactions on a message now (message_reaction; the bot gets it only if its allowed_updates name it). Empty takes them back. */
  reactToMessage(botToken: string, input: ReactInput): Update;
  /** The bot's own reactions on a message, as setMessageReaction left them. */
  botReactions(botToken: string, chatId: number, messageId: number): string[];
  pressButton(botToken: string, input: PressButtonInput): Update;
  blockBot(botToken: string, userId: number): Update;
  unblockBot(botToken: string, userId: number): Update;
  /** Queue an arbitrary update (update_id is assigned by the simulator). */
  injectUpdate(botToken: string, update: Record<string, unknown>): Update;
  /** The next update gets this update_id: Telegram restarts the sequence at a random value after a week without updates. */
  restartUpdateIds(botToken: string, nextUpdateId: number): void;

  /** Telegram Business: an account connects the bot (business_connection), changes its rights or pauses it, or removes it. */
  connectBusiness(botToken: string, input: ConnectBusinessInput): BusinessConnection;
  updateBusinessConnection(botToken: string, connectionId: string, input: UpdateBusinessInput): BusinessConnection;
  revokeBusinessConnection(botToken: string, connectionId: string): BusinessConnection;
  businessConnections(botToken: string): BusinessConnection[];
  /** Switches the bot's Business Mode, as @BotFather does (connections made before stay as they are). */
  setBusinessMode(botToken: string, enabled: boolean): void;
  /** A message in one of the account's private chats (business_message); refused while the connection is off. */
  sendBusinessText(botToken: string, input: BusinessTextInput): Update;
  editBusinessMessage(botToken: string, input: BusinessEditInput): Update;
  deleteBusinessMessages(botToken: string, input: BusinessDeleteInput): Update;

  sentMessages(botToken: string, chatId: number): SentMessage[];
  waitForSent(
    botToken: string,
    chatId: number,
    predicate?: (message: SentMessage, all: SentMessage[]) => boolean,
    timeoutMs?: number,
  ): Promise<SentMessage>;
  callbackAnswers(botToken: string): CallbackAnswer[];
  /** The user confirms payment details of an invoice: Telegram sends the bot a pre_checkout_query, to answer within 10 s. */
  startCheckout(botToken: string, input: StartCheckoutInput): Update;
  preCheckoutAnswers(botToken: string): PreCheckoutAnswer[];
  chatActions(botToken: string, chatId: number): string[];
  pendingUpdates(botToken: string): Update[];
  webhookInfo(botToken: string): WebhookInfo;
  webhookDeliveries(botToken: string): WebhookDelivery[];
  deliverRaw(botToken: string, update: Update, options?: DeliverRawOptions): Promise<RawDeliveryResult[]>;
  stats(botToken: string): BotStats;

  setFaults(botToken: string, faults: FaultConfig | null): void;
  failNext(botToken: string, n: number, kind: FaultKind, options?: FailNextOptions): void;
  setRates(rates: Partial<RateModel>): RateModel;
  reset(): void;
}

export interface Simulator extends SimulatorControl {
  url: string;
  apiRoot: string;
  timeScale: number;
  stop(): Promise<void>;
}

type Asyncified<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

export type SimulatorClient = Asyncified<SimulatorControl> & { url: string; apiRoot: string };
