import type { Attachment, ChatType, InboundChat, InboundEvent, MessageKind, Person, RawUpdate } from '../channel.ts';
import { businessChatId } from './business.ts';

// Telegram's Update, only as far as we read it; everything else stays in the journal's raw payload.
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const integer = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined);

const messageFields = ['message', 'edited_message', 'channel_post', 'edited_channel_post'] as const;
const businessFields = ['business_message', 'edited_business_message'] as const;
const chatFields = [
  'my_chat_member',
  'chat_member',
  'chat_join_request',
  'message_reaction',
  'message_reaction_count',
  'chat_boost',
  'removed_chat_boost',
] as const;
const userFields = [
  'inline_query',
  'chosen_inline_result',
  'shipping_query',
  'pre_checkout_query',
  'poll_answer',
  'purchased_paid_media',
] as const;

/** The update's id and the key its chat is serialised on; null for anything that is not an update. */
export function identifyUpdate(payload: unknown): RawUpdate | null {
  if (!isObject(payload)) return null;
  const updateId = integer(payload.update_id);
  if (updateId === undefined || updateId < 0) return null;
  return { eventId: String(updateId), chatKey: chatKeyOf(payload), payload };
}

function chatKeyOf(update: Json): string {
  const business = businessChatOf(update);
  if (business) return business.externalId;
  if (isObject(update.business_connection) && typeof update.business_connection.id === 'string')
    return `business:${update.business_connection.id}`;
  for (const field of [...messageFields, ...chatFields]) {
    const chatId = isObject(update[field]) && isObject(update[field].chat) ? integer(update[field].chat.id) : undefined;
    if (chatId !== undefined) return `chat:${chatId}`;
  }
  const callback = update.callback_query;
  if (isObject(callback)) {
    const chatId = isObject(callback.message) && isObject(callback.message.chat) ? integer(callback.message.chat.id) : undefined;
    if (chatId !== undefined) return `chat:${chatId}`;
    if (isObject(callback.from) && integer(callback.from.id) !== undefined) return `user:${callback.from.id}`;
  }
  for (const field of userFields) {
    const value = update[field];
    const from = isObject(value) ? (value.from ?? value.user) : undefined;
    if (isObject(from) && integer(from.id) !== undefined) return `user:${from.id}`;
  }
  return 'other';
}

export function personOf(user: unknown): Person | null {
  if (!isObject(user) || integer(user.id) === undefined) return null;
  return {
    messenger: 'telegram',
    externalId: String(user.id),
    firstName: text(user.first_name) ?? '',
    lastName: text(user.last_name),
    username: text(user.username),
    languageCode: text(user.language_code),
    isBot: user.is_bot === true,
  };
}

function chatOf(chat: Json, message?: Json): InboundChat {
  const type = (['private', 'group', 'supergroup', 'channel'].includes(String(chat.type)) ? chat.type : 'private') as ChatType;
  const name = [text(chat.first_name), text(chat.last_name)].filter(Boolean).join(' ');
  const topicId =
    message && message.is_topic_message === true && integer(message.message_thread_id) !== undefined
      ? String(message.message_thread_id)
      : '';
  return {
    externalId: String(chat.id),
    type,
    title: text(chat.title) ?? (name || (text(chat.username) ? `@${chat.username}` : '')),
    topicId,
  };
}

const fileFields = (value: Json): Partial<Attachment> => ({
  file_id: text(value.file_id),
  file_unique_id: text(value.file_unique_id),
  file_name: text(value.file_name),
  mime_type: text(value.mime_type),
  file_size: integer(value.file_size),
  width: integer(value.width),
  height: integer(value.height),
  duration: integer(value.duration),
});

const clean = (attachment: Attachment): Attachment =>
  Object.fromEntries(Object.entries(attachment).filter(([, value]) => value !== undefined)) as Attachment;

const serviceFields = [
  'new_chat_members',
  'left_chat_member',
  'new_chat_title',
  'new_chat_photo',
  'delete_chat_photo',
  'group_chat_created',
  'supergroup_chat_created',
  'pinned_message',
  'forum_topic_created',
  'forum_topic_closed',
  'forum_topic_reopened',
  'migrate_to_chat_id',
  'successful_payment',
  'write_access_allowed',
];

/** What a message carries: its kind and attachments (the largest photo size only). */
export function contentOf(message: Json): { kind: MessageKind; attachments: Attachment[] } {
  if (Array.isArray(message.photo) && message.photo.length > 0) {
    const sizes = message.photo.filter(isObject);
    const largest = sizes.reduce(
      (best, size) =>
        (integer(size.width) ?? 0) * (integer(size.height) ?? 0) >= (integer(best.width) ?? 0) * (integer(best.height) ?? 0) ? size : best,
      sizes[0]!,
    );
    return { kind: 'photo', attachments: [clean({ type: 'photo', ...fileFields(largest) })] };
  }
  if (isObject(message.sticker)) {
    const sticker = message.sticker;
    const format = sticker.is_video === true ? 'video' : sticker.is_animated === true ? 'animated' : 'static';
    return {
      kind: 'sticker',
      attachments: [clean({ type: 'sticker', ...fileFields(sticker), sticker_format: format, emoji: text(sticker.emoji) })],
    };
  }
  for (const kind of ['animation', 'video', 'video_note', 'voice', 'audio', 'document'] as const) {
    const value = message[kind];
    if (isObject(value)) return { kind, attachments: [clean({ type: kind, ...fileFields(value), title: text(value.title) })] };
  }
  if (isObject(message.venue) && isObject(message.venue.location)) {
    const venue = message.venue;
    const location = venue.location as Json;
    return {
      kind: 'venue',
      attachments: [
        clean({
          type: 'venue',
          latitude: location.latitude as number,
          longitude: location.longitude as number,
          title: text(venue.title),
          address: text(venue.address),
        }),
      ],
    };
  }
  if (isObject(message.location)) {
    return {
      kind: 'location',
      attachments: [
        clean({ type: 'location', latitude: message.location.latitude as number, longitude: message.location.longitude as number }),
      ],
    };
  }
  if (isObject(message.contact)) {
    const contact = message.contact;
    return {
      kind: 'contact',
      attachments: [
        clean({
          type: 'contact',
          phone_number: text(contact.phone_number),
          first_name: text(contact.first_name),
          last_name: text(contact.last_name),
        }),
      ],
    };
  }
  if (isObject(message.poll)) return { kind: 'poll', attachments: [clean({ type: 'poll', question: text(message.poll.question) })] };
  if (isObject(message.dice)) return { kind: 'dice', attachments: [clean({ type: 'dice', emoji: text(message.dice.emoji) })] };
  if (typeof message.text === 'string') return { kind: 'text', attachments: [] };
  if (serviceFields.some((field) => message[field] !== undefined)) return { kind: 'service', attachments: [] };
  return { kind: 'other', attachments: [] };
}

function serviceText(message: Json): string {
  if (Array.isArray(message.new_chat_members))
    return `joined: ${message.new_chat_members.map((member) => personOf(member)?.firstName ?? '').join(', ')}`;
  if (isObject(message.left_chat_member)) return `left: ${personOf(message.left_chat_member)?.firstName ?? ''}`;
  if (typeof message.new_chat_title === 'string') return `new title: ${message.new_chat_title}`;
  if (isObject(message.forum_topic_created)) return `topic created: ${text(message.forum_topic_created.name) ?? ''}`;
  return '';
}

/** The conversation of a business update: the account's private chat, seen through one connection. */
function businessChatOf(update: Json): InboundChat | null {
  for (const field of [...businessFields, 'deleted_business_messages'] as const) {
    const value = update[field];
    if (!isObject(value) || typeof value.business_connection_id !== 'string' || !isObject(value.chat)) continue;
    const chatId = integer(value.chat.id);
    if (chatId === undefined) return null;
    return { ...chatOf(value.chat), externalId: businessChatId(value.business_connection_id, chatId) };
  }
  return null;
}

/** The connection a business update came through, or null for every other update. */
export function businessConnectionOf(payload: unknown): string | null {
  if (!isObject(payload)) return null;
  for (const field of [...businessFields, 'deleted_business_messages'] as const) {
    const value = payload[field];
    if (isObject(value) && typeof value.business_connection_id === 'string') return value.business_connection_id;
  }
  return null;
}

function businessEvents(payload: Json): InboundEvent[] | null {
  const chat = businessChatOf(payload);
  if (!chat) return null;
  const deleted = payload.deleted_business_messages;
  if (isObject(deleted)) {
    const ids = Array.isArray(deleted.message_ids) ? deleted.message_ids.filter((id) => integer(id) !== undefined) : [];
    return ids.length > 0 ? [{ type: 'delete', chat, messageExternalIds: ids.map(String) }] : [];
  }
  for (const field of businessFields) {
    const message = payload[field];
    if (!isObject(message)) continue;
    const event = messageEvent(field === 'edited_business_message' ? 'edit' : 'message', message);
    if (!event || (event.type !== 'message' && event.type !== 'edit')) return [];
    // In the account's private chat whoever is not the customer is the account: its owner on their phone, or our bot.
    const fromSelf = isObject(message.from) && isObject(message.chat) && message.from.id !== message.chat.id;
    if (!fromSelf) return [{ ...event, chat }];
    // The account's own message: the chat's customer is the chat itself (a private chat's id is the person's).
    const peer = personOf({ ...(message.chat as Json), is_bot: false });
    return [{ ...event, chat: peer ? { ...chat, peer } : chat, message: { ...event.message, fromSelf: true } }];
  }
  return [];
}

function messageEvent(type: 'message' | 'edit', message: Json): InboundEvent | null {
  if (!isObject(message.chat) || integer(message.message_id) === undefined) return null;
  const content = contentOf(message);
  const body = text(message.text) ?? text(message.caption) ?? (content.kind === 'service' ? serviceText(message) : '');
  const entities = Array.isArray(message.entities)
    ? message.entities
    : Array.isArray(message.caption_entities)
      ? message.caption_entities
      : undefined;
  const date = integer(message.date);
  const editDate = integer(message.edit_date);
  const replyTo = isObject(message.reply_to_message) ? integer(message.reply_to_message.message_id) : undefined;
  return {
    type,
    chat: chatOf(message.chat, message),
    sender: personOf(message.from),
    message: {
      externalId: String(message.message_id),
      date: date !== undefined ? new Date(date * 1000) : new Date(),
      editDate: editDate !== undefined ? new Date(editDate * 1000) : undefined,
      kind: content.kind,
      text: body,
      entities,
      attachments: content.attachments,
      replyToExternalId:
        replyTo !== undefined && !(message.is_topic_message === true && replyTo === message.message_thread_id)
          ? String(replyTo)
          : undefined,
      mediaGroupId: text(message.media_group_id),
    },
  };
}

/** The label of the inline button that carries `data` on the message it was pressed on. */
function buttonLabel(message: Json, data: string): string | undefined {
  const keyboard = isObject(message.reply_markup) ? message.reply_markup.inline_keyboard : undefined;
  if (!Array.isArray(keyboard)) return undefined;
  const buttons = keyboard.flatMap((row: unknown) => (Array.isArray(row) ? row.filter(isObject) : []));
  return text(buttons.find((button) => button.callback_data === data)?.text);
}

/** What the inbox records from one update (empty for updates it does not keep). */
/** The emoji among Telegram's ReactionTypes; custom emoji and paid stars have no character to show. */
function emojisOf(reactions: unknown): string[] {
  if (!Array.isArray(reactions)) return [];
  return reactions
    .filter(isObject)
    .flatMap((reaction) => (reaction.type === 'emoji' && text(reaction.emoji) ? [text(reaction.emoji)!] : []));
}

export function normalizeUpdate(payload: unknown): InboundEvent[] {
  if (!isObject(payload)) return [];
  const business = businessEvents(payload);
  if (business) return business;
  for (const field of messageFields) {
    if (isObject(payload[field])) {
      const event = messageEvent(field.startsWith('edited_') ? 'edit' : 'message', payload[field]);
      return event ? [event] : [];
    }
  }
  const reaction = payload.message_reaction;
  if (isObject(reaction) && isObject(reaction.chat) && integer(reaction.message_id) !== undefined) {
    // An anonymous group admin reacts as the chat (actor_chat): not a person we keep, so not shown.
    const by = personOf(reaction.user);
    if (!by) return [];
    return [
      {
        type: 'reaction',
        chat: chatOf(reaction.chat),
        messageExternalId: String(reaction.message_id),
        by,
        emojis: emojisOf(reaction.new_reaction),
      },
    ];
  }
  const member = payload.my_chat_member;
  if (isObject(member) && isObject(member.chat) && member.chat.type === 'private' && isObject(member.new_chat_member)) {
    const person = personOf(member.from);
    const status = member.new_chat_member.status;
    if (!person) return [];
    const reachable = status !== 'kicked' && status !== 'left';
    return [
      { type: 'reachability', chat: chatOf(member.chat), person, reachable, reason: reachable ? 'restarted the bot' : 'blocked the bot' },
    ];
  }
  const callback = payload.callback_query;
  if (isObject(callback)) {
    const sender = personOf(callback.from);
    const message = isObject(callback.message) ? callback.message : undefined;
    const chat =
      message && isObject(message.chat)
        ? chatOf(message.chat, message)
        : sender
          ? { externalId: sender.externalId, type: 'private' as const, title: sender.firstName, topicId: '' }
          : null;
    if (!sender || !chat) return [];
    const data = text(callback.data) ?? '';
    return [
      {
        type: 'button',
        chat,
        sender,
        data,
        messageExternalId: message ? String(message.message_id) : undefined,
        label: message ? buttonLabel(message, data) : undefined,
        pressId: text(callback.id),
      },
    ];
  }
  return [];
}
