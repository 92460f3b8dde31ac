// Telegram Business (Bot API 7.2, rights as in 9.0): a Premium account connects the bot, which then
// sees the account's private chats (business_message …) and may answer in them on the account's
// behalf with business_connection_id, while the connection is enabled and grants can_reply.
import { randomBytes } from 'node:crypto';
import { ControlError, badRequest, forbidden } from './api-error.ts';
import type { BusinessBotRights, BusinessConnection, Chat, Message, Update } from './bot-api-types.ts';
import { detectEntities } from './message-entities.ts';
import type { MethodHandler } from './method-context.ts';
import { str } from './method-params.ts';
import type { Params } from './request-body.ts';
import type { BotRuntime, SimCore } from './sim-core.ts';
import type { SimulatorControl } from './simulator-types.ts';
import type { BusinessConnectionRecord, Conversation } from './world-state.ts';

const RIGHTS = [
  'can_reply',
  'can_read_messages',
  'can_delete_sent_messages',
  'can_delete_all_messages',
  'can_edit_name',
  'can_edit_bio',
  'can_edit_profile_photo',
  'can_edit_username',
  'can_change_gift_settings',
  'can_view_gifts_and_stars',
  'can_convert_gifts_to_stars',
  'can_transfer_and_upgrade_gifts',
  'can_transfer_stars',
  'can_manage_stories',
] as const;

const now = (): number => Math.floor(Date.now() / 1000);

function readRights(input: unknown): BusinessBotRights {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ControlError('rights must be an object of flags');
  const rights: Record<string, true> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(RIGHTS as readonly string[]).includes(key)) throw new ControlError(`unknown business right ${key}: one of ${RIGHTS.join(', ')}`);
    if (value === true) rights[key] = true;
  }
  return rights;
}

/** The BusinessConnection object as Telegram sends it. */
export function connectionObject(core: SimCore, record: BusinessConnectionRecord): BusinessConnection {
  const owner = core.world.user(record.ownerId)!.user;
  const object: BusinessConnection = {
    id: record.id,
    user: owner,
    user_chat_id: owner.id,
    date: record.date,
    is_enabled: record.isEnabled,
  };
  if (Object.keys(record.rights).length > 0) object.rights = { ...record.rights };
  return object;
}

/** A business chat is the account's private chat with a customer, seen through one connection. */
export function businessConversation(core: SimCore, rt: BotRuntime, record: BusinessConnectionRecord, customerId: number): Conversation {
  const customer = core.world.user(customerId);
  if (!customer) throw new ControlError(`unknown user ${customerId}`);
  return core.world.conversation(rt.bot, core.world.privateChat(customer.user), `b:${record.id}:${customerId}`);
}

/**
 * A send with business_connection_id. Unknown or removed connection: the Bot API server's own
 * "business connection not found". Paused connection and missing can_reply: Telegram's RPC errors
 * (BUSINESS_CONNECTION_INVALID, BOT_ACCESS_FORBIDDEN); a customer who never wrote to the account:
 * BUSINESS_PEER_USAGE_MISSING; not a private chat: BUSINESS_PEER_INVALID.
 */
export function resolveBusinessTarget(core: SimCore, rt: BotRuntime, params: Params, chatId: number | string) {
  const connectionId = str(params, 'business_connection_id') ?? '';
  const record = rt.bot.businessConnections.get(connectionId);
  if (!record || record.revoked) throw badRequest('business connection not found');
  if (!record.isEnabled) throw badRequest('BUSINESS_CONNECTION_INVALID');
  if (!record.rights.can_reply) throw forbidden('BOT_ACCESS_FORBIDDEN');
  if (typeof chatId !== 'number' || chatId < 0) throw badRequest('BUSINESS_PEER_INVALID');
  const customer = core.world.user(chatId);
  if (!customer) throw badRequest('chat not found');
  if (!record.peers.has(chatId)) throw badRequest('BUSINESS_PEER_USAGE_MISSING');
  const chat: Chat = core.world.privateChat(customer.user);
  return { chat, conversation: businessConversation(core, rt, record, chatId), isGroup: false, business: record };
}

const getBusinessConnection: MethodHandler = ({ core, rt, params }) => {
  const record = rt.bot.businessConnections.get(str(params, 'business_connection_id') ?? '');
  if (!record || record.revoked) throw badRequest('business connection not found');
  return connectionObject(core, record);
};

export const businessMethods: Record<string, MethodHandler> = { getBusinessConnection };

type BusinessActions = Pick<
  SimulatorControl,
  | 'connectBusiness'
  | 'updateBusinessConnection'
  | 'revokeBusinessConnection'
  | 'businessConnections'
  | 'setBusinessMode'
  | 'sendBusinessText'
  | 'editBusinessMessage'
  | 'deleteBusinessMessages'
>;

export function createBusinessActions(core: SimCore): BusinessActions {
  const { world } = core;

  function connection(token: string, id: string): { rt: BotRuntime; record: BusinessConnectionRecord } {
    const rt = core.requireRuntime(token);
    const record = rt.bot.businessConnections.get(id);
    if (!record || record.revoked) throw new ControlError(`no business connection ${JSON.stringify(id)} to this bot`);
    return { rt, record };
  }

  const announce = (rt: BotRuntime, record: BusinessConnectionRecord): BusinessConnection => {
    const object = connectionObject(core, record);
    core.enqueue(rt, { business_connection: object }, `business:${record.id}`);
    return object;
  };

  /** The customer of a business chat, whoever writes: the customer, or the owner from their phone. */
  function chatOf(record: BusinessConnectionRecord, from: number, chat: number | undefined): number {
    if (!world.user(from)) throw new ControlError(`unknown user ${from}: create it with createUser first`);
    if (from !== record.ownerId) {
      if (chat !== undefined && chat !== from) throw new ControlError('a customer writes in their own private chat with the account');
      return from;
    }
    if (chat === undefined || chat === record.ownerId) throw new ControlError('the owner writes to a customer: give chat');
    if (!world.user(chat)) throw new ControlError(`unknown user ${chat}`);
    return chat;
  }

  function live(token: string, id: string) {
    const found = connection(token, id);
    // Telegram delivers nothing through a paused connection.
    if (!found.record.isEnabled) throw new ControlError(`business connection ${id} is disabled: Telegram delivers nothing through it`);
    return found;
  }

  const enqueue = (rt: BotRuntime, update: Omit<Update, 'update_id'>, chatId: number, record: BusinessConnectionRecord) =>
    core.enqueue(rt, update, `b:${record.id}:${chatId}`);

  return {
    connectBusiness(token, input) {
      const rt = core.requireRuntime(token);
      if (!rt.bot.businessMode)
        throw new ControlError(
          'the bot has no Business Mode: createBot({ can_connect_to_business: true }) or setBusinessMode(token, true)',
        );
      const owner = world.user(input?.user);
      if (!owner) throw new ControlError(`unknown user ${String(input?.user)}: create the business account with createUser first`);
      const record: BusinessConnectionRecord = {
        id: randomBytes(12).toString('base64url'),
        ownerId: owner.user.id,
        date: now(),
        rights: readRights(input.rights ?? { can_reply: true, can_read_messages: true }),
        isEnabled: input.is_enabled ?? true,
        revoked: false,
        peers: new Set(),
      };
      rt.bot.businessConnections.set(record.id, record);
      return announce(rt, record);
    },
    updateBusinessConnection(token, id, input) {
      const { rt, record } = connection(token, id);
      if (input.rights !== undefined) record.rights = readRights(input.rights);
      if (input.is_enabled !== undefined) record.isEnabled = input.is_enabled;
      return announce(rt, record);
    },
    revokeBusinessConnection(token, id) {
      const { rt, record } = connection(token, id);
      record.isEnabled = false;
      record.revoked = true;
      return announce(rt, record);
    },
    setBusinessMode(token, enabled) {
      core.requireRuntime(token).bot.businessMode = enabled === true;
    },
    businessConnections: (token) =>
      [...core.requireRuntime(token).bot.businessConnections.values()]
        .filter((record) => !record.revoked)
        .map((record) => connectionObject(core, record)),
    sendBusinessText(token, input) {
      const { rt, record } = live(token, input.connection);
      if (typeof input.text !== 'string' || input.text === '') throw new ControlError('sendBusinessText needs a non-empty text');
      const customerId = chatOf(record, input.from, input.chat);
      const conversation = businessConversation(core, rt, record, customerId);
      const message: Message = {
        message_id: conversation.nextMessageId++,
        from: world.user(input.from)!.user,
        chat: conversation.chat,
        date: now(),
        business_connection_id: record.id,
        text: input.text,
      };
      const entities = detectEntities(input.text);
      if (entities.length > 0) message.entities = entities;
      if (input.from !== record.ownerId) record.peers.add(customerId);
      conversation.messages.set(message.message_id, { message, userId: input.from });
      return enqueue(rt, { business_message: message }, customerId, record);
    },
    editBusinessMessage(token, input) {
      const { rt, record } = live(token, input.connection);
      const customerId = chatOf(record, input.from, input.chat);
      const conversation = businessConversation(core, rt, record, customerId);
      const stored = conversation.messages.get(input.message_id);
      if (!stored || stored.userId !== input.from) throw new ControlError(`user ${input.from} has no message ${input.message_id} there`);
      const edited: Message = { ...stored.message, text: input.text, edit_date: now() };
      delete edited.entities;
      const entities = detectEntities(input.text);
      if (entities.length > 0) edited.entities = entities;
      stored.message = edited;
      return enqueue(rt, { edited_business_message: edited }, customerId, record);
    },
    deleteBusinessMessages(token, input) {
      const { rt, record } = live(token, input.connection);
      const conversation = businessConversation(core, rt, record, input.chat);
      if (!Array.isArray(input.message_ids) || input.message_ids.length === 0) throw new ControlError('message_ids must name messages');
      for (const id of input.message_ids) {
        if (!conversation.messages.has(id)) throw new ControlError(`no message ${id} in that business chat`);
      }
      for (const id of input.message_ids) {
        const stored = conversation.messages.get(id);
        conversation.messages.delete(id);
        if (stored?.sent) {
          stored.sent.deleted = true;
          world.touchSent(stored.sent);
        }
      }
      return enqueue(
        rt,
        { deleted_business_messages: { business_connection_id: record.id, chat: conversation.chat, message_ids: [...input.message_ids] } },
        input.chat,
        record,
      );
    },
  };
}
