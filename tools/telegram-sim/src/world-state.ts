import { randomBytes } from 'node:crypto';
import { ControlError } from './api-error.ts';
import type { BotCommand, BusinessBotRights, Chat, Message, User } from './bot-api-types.ts';
import type {
  BotInfo,
  CallbackAnswer,
  CreateBotInput,
  CreateGroupInput,
  CreateUserInput,
  PreCheckoutAnswer,
  SentMessage,
  Topic,
} from './simulator-types.ts';

export interface BotRecord {
  id: number;
  token: string;
  user: User;
  commands: Map<string, BotCommand[]>;
  callbackQueries: Map<string, { answered: boolean }>;
  callbackAnswers: CallbackAnswer[];
  /** Pre-checkout queries by id: when Telegram sent them (ms) and whether the bot answered. */
  preCheckoutQueries: Map<string, { sentAt: number; answered: boolean }>;
  preCheckoutAnswers: PreCheckoutAnswer[];
  chatActions: Map<number, string[]>;
  /** Telegram Business connections to this bot, by connection id. */
  businessConnections: Map<string, BusinessConnectionRecord>;
  /** Business Mode is on (@BotFather): only then can an account connect the bot. */
  businessMode: boolean;
}

export interface BusinessConnectionRecord {
  id: string;
  /** The connected business account (its owner). */
  ownerId: number;
  date: number;
  rights: BusinessBotRights;
  isEnabled: boolean;
  /** The owner removed the bot: Telegram forgets the connection (later calls: "business connection not found"). */
  revoked: boolean;
  /** Users who have written to the business account since it connected the bot. */
  peers: Set<number>;
}

export interface UserRecord {
  user: User;
  started: Set<number>;
  blocked: Set<number>;
}

export interface GroupRecord {
  chat: Chat;
  members: Set<number>;
  bots: Set<number>;
  topics: Map<number, Topic>;
}

export interface StoredMessage {
  message: Message;
  botId?: number;
  userId?: number;
  sent?: SentMessage;
  /** Emoji reactions on the message now: each user's (by id) and the bot's own (setMessageReaction). */
  reactions?: { users: Map<number, string[]>; bot: string[] };
}

export interface Conversation {
  key: string;
  chat: Chat;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
}

export interface World {
  createBot(input?: CreateBotInput): { bot: BotRecord; info: BotInfo };
  createUser(input: CreateUserInput): User;
  createGroup(input: CreateGroupInput): GroupRecord;
  bot(token: string): BotRecord | undefined;
  botById(id: number): BotRecord | undefined;
  bots(): BotRecord[];
  user(id: number): UserRecord | undefined;
  group(id: number): GroupRecord | undefined;
  groupByUsername(username: string): GroupRecord | undefined;
  privateChat(user: User): Chat;
  /** Private chats are per (bot, user); a group's messages are shared by every bot in it. */
  conversation(bot: BotRecord | null, chat: Chat, key?: string): Conversation;
  findConversation(bot: BotRecord, chatId: number): Conversation | undefined;
  chatInstance(bot: BotRecord, chatId: number): string;
  recordSent(sent: SentMessage): void;
  /** Tells waiters that a recorded message changed (edited, deleted). */
  touchSent(sent: SentMessage): void;
  sentMessages(botId: number, chatId: number): SentMessage[];
  onSent(listener: (botId: number, sent: SentMessage) => void): () => void;
  /** Next message_id by conversation key, for the state file. */
  messageIdSequences(): Record<string, number>;
  reset(): void;
}

/** Who sent it: the bot, also when it wrote on behalf of a business account (then `from` is the account). */
const senderBotId = (sent: SentMessage): number => sent.message.sender_business_bot?.id ?? sent.message.from?.id ?? 0;

const TOKEN_RE = /^(\d+):[A-Za-z0-9_-]{30,}$/;

/** `firstMessageIds`: where each conversation's message_id sequence goes on (from a state file). */
export function createWorld(firstMessageIds: Record<string, number> = {}): World {
  const bots = new Map<string, BotRecord>();
  const users = new Map<number, UserRecord>();
  const groups = new Map<number, GroupRecord>();
  const conversations = new Map<string, Conversation>();
  const sent = new Map<string, SentMessage[]>();
  const chatInstances = new Map<string, string>();
  const listeners = new Set<(botId: number, sent: SentMessage) => void>();
  // Real ids are above 2^31 nowadays; starting there catches int32 columns early.
  let nextBotId = 7_000_000_001;
  let nextUserId = 6_000_000_001;
  let nextGroupId = 4_000_000_001;
  let nextSupergroupId = 1_002_000_000_001;

  const privateKey = (botId: number, chatId: number): string => `p:${botId}:${chatId}`;

  const world: World = {
    createBot(input = {}) {
      let id: number;
      let token: string;
      if (input.token !== undefined) {
        const match = TOKEN_RE.exec(input.token);
        if (!match) throw new ControlError('token must look like <digits>:<30+ base64url characters>');
        if (bots.has(input.token)) throw new ControlError('a bot with this token already exists');
        id = Number(match[1]);
        token = input.token;
      } else {
        id = nextBotId++;
        token = `${id}:${randomBytes(27).toString('base64url').slice(0, 35)}`;
      }
      const username = input.username ?? `sim_${id}_bot`;
      const user: User = { id, is_bot: true, first_name: input.first_name ?? username, username };
      const bot: BotRecord = {
        id,
        token,
        user,
        commands: new Map(),
        callbackQueries: new Map(),
        callbackAnswers: [],
        preCheckoutQueries: new Map(),
        preCheckoutAnswers: [],
        chatActions: new Map(),
        businessConnections: new Map(),
        businessMode: input.can_connect_to_business === true,
      };
      bots.set(token, bot);
      return { bot, info: { id, token, username, first_name: user.first_name } };
    },
    createUser(input) {
      if (!input || typeof input.first_name !== 'string' || input.first_name === '') {
        throw new ControlError('createUser needs a first_name');
      }
      const user: User = { id: nextUserId++, is_bot: false, first_name: input.first_name };
      if (input.last_name !== undefined) user.last_name = input.last_name;
      if (input.username !== undefined) user.username = input.username;
      if (input.language_code !== undefined) user.language_code = input.language_code;
      users.set(user.id, { user, started: new Set(), blocked: new Set() });
      return user;
    },
    createGroup(input) {
      if (input.type !== 'group' && input.type !== 'supergroup') throw new ControlError("type must be 'group' or 'supergroup'");
      const id = input.type === 'group' ? -nextGroupId++ : -nextSupergroupId++;
      const chat: Chat = { id, title: input.title, type: input.type };
      if (input.username !== undefined) chat.username = input.username;
      if (input.is_forum) {
        if (input.type !== 'supergroup') throw new ControlError('only a supergroup can be a forum');
        chat.is_forum = true;
      }
      const group: GroupRecord = { chat, members: new Set(), bots: new Set(), topics: new Map() };
      groups.set(id, group);
      return group;
    },
    bot: (token) => bots.get(token),
    botById: (id) => [...bots.values()].find((bot) => bot.id === id),
    bots: () => [...bots.values()],
    user: (id) => users.get(id),
    group: (id) => groups.get(id),
    groupByUsername: (username) =>
      [...groups.values()].find((group) => group.chat.username?.toLowerCase() === username.replace(/^@/, '').toLowerCase()),
    privateChat(user) {
      const chat: Chat = { id: user.id, type: 'private', first_name: user.first_name };
      if (user.last_name !== undefined) chat.last_name = user.last_name;
      if (user.username !== undefined) chat.username = user.username;
      return chat;
    },
    conversation(bot, chat, givenKey) {
      if (chat.type === 'private' && !bot) throw new ControlError('a private chat belongs to a bot');
      // A business chat (the account's own private chat, seen through its connection) passes its own key.
      const key = givenKey ?? (chat.type === 'private' ? privateKey(bot?.id ?? 0, chat.id) : `g:${chat.id}`);
      let conversation = conversations.get(key);
      if (!conversation) {
        conversation = { key, chat, nextMessageId: firstMessageIds[key] ?? 1, messages: new Map() };
        conversations.set(key, conversation);
      }
      return conversation;
    },
    findConversation(bot, chatId) {
      return conversations.get(chatId > 0 ? privateKey(bot.id, chatId) : `g:${chatId}`);
    },
    chatInstance(bot, chatId) {
      const key = `${bot.id}:${chatId}`;
      let instance = chatInstances.get(key);
      if (!instance) {
        instance = String(BigInt.asIntN(64, BigInt(`0x${randomBytes(8).toString('hex')}`)));
        chatInstances.set(key, instance);
      }
      return instance;
    },
    recordSent(message) {
      const botId = senderBotId(message);
      const key = `${botId}:${message.chat_id}`;
      const list = sent.get(key);
      if (list) list.push(message);
      else sent.set(key, [message]);
      for (const listener of listeners) listener(botId, message);
    },
    touchSent(message) {
      for (const listener of listeners) listener(senderBotId(message), message);
    },
    sentMessages: (botId, chatId) => [...(sent.get(`${botId}:${chatId}`) ?? [])],
    onSent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    messageIdSequences() {
      const sequences = { ...firstMessageIds };
      for (const [key, conversation] of conversations) sequences[key] = conversation.nextMessageId;
      return sequences;
    },
    reset() {
      bots.clear();
      users.clear();
      groups.clear();
      conversations.clear();
      sent.clear();
      chatInstances.clear();
    },
  };
  return world;
}
