// What every sending method shares: finding the chat the way Telegram refuses it, replies,
// threads, reply markup, parse modes, flood control and recording what was sent.
import { BotApiError, badRequest, forbidden, tooManyRequests } from './api-error.ts';
import type { Chat, Message, MessageEntity, ReplyMarkup } from './bot-api-types.ts';
import { bool, json, optionalInt, requireChatId, str } from './method-params.ts';
import { detectEntities, mergeEntities } from './message-entities.ts';
import { ParseEntitiesError, parseEntities } from './parse-mode.ts';
import type { Params } from './request-body.ts';
import type { BotRuntime, SimCore } from './sim-core.ts';
import type { SentMessage } from './simulator-types.ts';
import type { BusinessConnectionRecord, Conversation, StoredMessage } from './world-state.ts';
import { resolveBusinessTarget } from './business.ts';
import { without } from './object-utils.ts';

export interface SendTarget {
  chat: Chat;
  conversation: Conversation;
  isGroup: boolean;
  /** Sent on behalf of a connected business account (business_connection_id). */
  business?: BusinessConnectionRecord;
}

export function resolveTarget(core: SimCore, rt: BotRuntime, params: Params): SendTarget {
  const chatId = requireChatId(params);
  if (str(params, 'business_connection_id')) return resolveBusinessTarget(core, rt, params, chatId);
  const { world } = core;
  if (typeof chatId === 'string') {
    const group = world.groupByUsername(chatId);
    if (!group || !group.bots.has(rt.bot.id)) throw badRequest('chat not found');
    return { chat: group.chat, conversation: world.conversation(rt.bot, group.chat), isGroup: true };
  }
  if (chatId > 0) {
    const user = world.user(chatId);
    // A bot knows a private chat only after the user has written to it.
    if (!user || !user.started.has(rt.bot.id)) throw badRequest('chat not found');
    if (user.blocked.has(rt.bot.id)) throw forbidden('bot was blocked by the user');
    const chat = world.privateChat(user.user);
    return { chat, conversation: world.conversation(rt.bot, chat), isGroup: false };
  }
  const group = world.group(chatId);
  if (!group || !group.bots.has(rt.bot.id)) throw badRequest('chat not found');
  return { chat: group.chat, conversation: world.conversation(rt.bot, group.chat), isGroup: true };
}

/** Flood control: throws the 429 Telegram would send and counts it. */
export function takeRate(core: SimCore, rt: BotRuntime, target: SendTarget, cost: number): void {
  const decision = core.limiter.take(rt.bot.id, target.chat.id, target.isGroup, cost);
  if (!decision.ok) {
    rt.stats.rateLimited++;
    throw tooManyRequests(decision.retryAfter);
  }
}

export function parseReplyMarkup(params: Params): ReplyMarkup | undefined {
  const markup = json<ReplyMarkup>(params, 'reply_markup', "can't parse reply keyboard markup JSON object");
  if (markup === undefined) return undefined;
  if (typeof markup !== 'object' || markup === null || Array.isArray(markup)) throw badRequest('object expected as reply markup');
  if (markup.inline_keyboard !== undefined) {
    const rows = markup.inline_keyboard;
    if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
      throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    }
    for (const button of rows.flat()) {
      if (typeof button !== 'object' || button === null) {
        throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
      }
      const actions = [
        'url',
        'callback_data',
        'login_url',
        'switch_inline_query',
        'switch_inline_query_current_chat',
        'switch_inline_query_chosen_chat',
        'callback_game',
        'pay',
        'web_app',
        'copy_text',
      ];
      if (!actions.some((key) => button[key] !== undefined && button[key] !== '')) {
        throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      }
      if (typeof button.callback_data === 'string' && Buffer.byteLength(button.callback_data) > 64) {
        throw badRequest('BUTTON_DATA_INVALID');
      }
    }
  }
  return markup;
}

/** Applies parse_mode / entities like tdlib and adds the entities Telegram detects by itself. */
export function formatText(params: Params, textField: string, entitiesField: string): { text: string; entities: MessageEntity[] } {
  const raw = str(params, textField) ?? '';
  const parseMode = str(params, 'parse_mode') ?? '';
  let text = raw;
  let entities: MessageEntity[];
  if (raw !== '' && parseMode !== '' && parseMode.toLowerCase() !== 'none') {
    try {
      ({ text, entities } = parseEntities(raw, parseMode));
    } catch (error) {
      if (!(error instanceof ParseEntitiesError)) throw error;
      if (error.message === 'Unsupported parse_mode') throw badRequest('unsupported parse_mode');
      throw badRequest(`can't parse entities: ${error.message}`);
    }
  } else {
    entities = json<MessageEntity[]>(params, entitiesField, `can't parse entities JSON object`) ?? [];
    if (!Array.isArray(entities)) entities = [];
  }
  return { text, entities: mergeEntities(entities, detectEntities(text)) };
}

export function checkCaption(caption: string): void {
  if (caption.length > 1024) throw badRequest('message caption is too long');
}

function findReplied(params: Params, conversation: Conversation): Message | undefined {
  const replyParameters = json<{ message_id?: number; allow_sending_without_reply?: boolean }>(
    params,
    'reply_parameters',
    "can't parse reply parameters JSON object",
  );
  const messageId = replyParameters?.message_id ?? optionalInt(params, 'reply_to_message_id');
  if (messageId === undefined || messageId === 0) return undefined;
  const allowWithout = replyParameters?.allow_sending_without_reply ?? bool(params, 'allow_sending_without_reply');
  const found = conversation.messages.get(Number(messageId));
  if (!found) {
    if (allowWithout) return undefined;
    throw badRequest('message to be replied not found');
  }
  return without(found.message, 'reply_to_message');
}

export interface Envelope {
  thread?: number;
  replyTo?: Message;
  markup?: ReplyMarkup;
}

/** Reads thread, reply and markup before anything is sent, so a bad one sends nothing. */
export function readEnvelope(core: SimCore, params: Params, target: SendTarget): Envelope {
  const envelope: Envelope = {};
  const thread = optionalInt(params, 'message_thread_id');
  if (thread !== undefined && thread !== 0 && target.chat.is_forum) {
    const group = core.world.group(target.chat.id);
    if (!group?.topics.has(thread)) throw badRequest('message thread not found');
    envelope.thread = thread;
  }
  const replyTo = findReplied(params, target.conversation);
  if (replyTo) envelope.replyTo = replyTo;
  const markup = parseReplyMarkup(params);
  if (markup) envelope.markup = markup;
  return envelope;
}

export function newBotMessage(
  core: SimCore,
  rt: BotRuntime,
  target: SendTarget,
  envelope: Envelope,
  content: Partial<Message>,
): StoredMessage {
  const { conversation } = target;
  const message: Message = {
    message_id: conversation.nextMessageId++,
    from: rt.bot.user,
    chat: target.chat,
    date: Math.floor(Date.now() / 1000),
  };
  if (target.business) {
    // On the account's behalf: from is the account, the bot is named as sender_business_bot.
    message.from = core.world.user(target.business.ownerId)!.user;
    message.business_connection_id = target.business.id;
    message.sender_business_bot = rt.bot.user;
  }
  if (envelope.thread !== undefined) {
    message.message_thread_id = envelope.thread;
    message.is_topic_message = true;
  }
  if (envelope.replyTo) message.reply_to_message = envelope.replyTo;
  Object.assign(message, content);
  // Telegram echoes only inline keyboards back in the returned Message.
  if (envelope.markup?.inline_keyboard) message.reply_markup = envelope.markup;
  const stored: StoredMessage = { message, botId: rt.bot.id };
  conversation.messages.set(message.message_id, stored);
  return stored;
}

export function recordSent(
  core: SimCore,
  stored: StoredMessage,
  fields: Omit<SentMessage, 'message_id' | 'chat_id' | 'date' | 'received_at_ms' | 'edits' | 'deleted' | 'message'>,
  envelope: Envelope,
): SentMessage {
  const { message } = stored;
  const sent: SentMessage = {
    message_id: message.message_id,
    chat_id: message.chat.id,
    date: message.date,
    received_at_ms: Date.now(),
    edits: [],
    deleted: false,
    message,
    ...fields,
  };
  if (envelope.markup) sent.reply_markup = envelope.markup;
  if (envelope.replyTo) sent.reply_to_message_id = envelope.replyTo.message_id;
  if (envelope.thread !== undefined) sent.message_thread_id = envelope.thread;
  if (message.business_connection_id !== undefined) sent.business_connection_id = message.business_connection_id;
  stored.sent = sent;
  core.world.recordSent(sent);
  return sent;
}

export function requireMessage(target: SendTarget, params: Params, what: string): StoredMessage {
  const id = optionalInt(params, 'message_id');
  if (id === undefined) throw badRequest('message identifier is not specified');
  const stored = target.conversation.messages.get(id);
  if (!stored) throw badRequest(`${what} not found`);
  return stored;
}

export const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export { BotApiError };
