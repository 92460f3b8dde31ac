// The people side of the simulation: each action stores the message where the bot can see it
// (reply_to, edits, getFile) and queues the Update Telegram would produce.
import { randomBytes } from 'node:crypto';
import { ControlError } from './api-error.ts';
import type { Chat, ChatMemberUpdated, Message, PhotoSize, Update } from './bot-api-types.ts';
import type { StoredFile } from './file-store.ts';
import { detectEntities } from './message-entities.ts';
import { SAMPLE_MP4, SAMPLE_WEBP, createOggOpus, createPng, imageInfo, sampleDocument } from './sample-files.ts';
import type { BotRuntime, SimCore } from './sim-core.ts';
import type { AlbumItem, SendMediaInput, SimulatorControl } from './simulator-types.ts';
import type { Conversation, UserRecord } from './world-state.ts';
import { without } from './object-utils.ts';

interface Actor {
  rt: BotRuntime;
  user: UserRecord;
  chat: Chat;
  conversation: Conversation;
}

type Base = { from: number; chat?: number; message_thread_id?: number; reply_to?: number };

// What Telegram stores each sticker format as (getFile's file_path ends in the extension).
const stickerFiles: Record<string, { mime: string; ext: string }> = {
  static: { mime: 'image/webp', ext: 'webp' },
  animated: { mime: 'application/x-tgsticker', ext: 'tgs' },
  video: { mime: 'video/webm', ext: 'webm' },
};

export const chatKeyOf = (update: Omit<Update, 'update_id'>): string => {
  const chatId =
    update.message?.chat.id ??
    update.edited_message?.chat.id ??
    update.message_reaction?.chat.id ??
    update.callback_query?.message?.chat.id ??
    update.my_chat_member?.chat.id ??
    update.callback_query?.from.id ??
    update.business_message?.chat.id ??
    update.edited_business_message?.chat.id ??
    update.deleted_business_messages?.chat.id ??
    update.business_connection?.user_chat_id;
  return chatId !== undefined ? String(chatId) : `update:${randomBytes(6).toString('hex')}`;
};

export function createUserActions(
  core: SimCore,
): Pick<
  SimulatorControl,
  | 'sendText'
  | 'sendPhoto'
  | 'sendVoice'
  | 'sendDocument'
  | 'sendVideo'
  | 'sendSticker'
  | 'sendLocation'
  | 'sendContact'
  | 'sendAlbum'
  | 'editMessage'
  | 'pressButton'
  | 'blockBot'
  | 'unblockBot'
  | 'injectUpdate'
> {
  const { world } = core;
  const now = (): number => Math.floor(Date.now() / 1000);
  const enqueue = (rt: BotRuntime, update: Omit<Update, 'update_id'>): Update => core.enqueue(rt, update, chatKeyOf(update));

  function memberUpdate(rt: BotRuntime, user: UserRecord, from: string, to: 'member' | 'kicked'): Update {
    const status = (s: string) =>
      ({ user: rt.bot.user, status: s, ...(s === 'kicked' ? { until_date: 0 } : {}) }) as ChatMemberUpdated['old_chat_member'];
    const change: ChatMemberUpdated = {
      chat: world.privateChat(user.user),
      from: user.user,
      date: now(),
      old_chat_member: status(from),
      new_chat_member: status(to),
    };
    return enqueue(rt, { my_chat_member: change });
  }

  function actor(token: string, from: number, chatId?: number): Actor {
    const rt = core.requireRuntime(token);
    const user = world.user(from);
    if (!user) throw new ControlError(`unknown user ${from}: create it with createUser first`);
    if (chatId === undefined || chatId === from) {
      const chat = world.privateChat(user.user);
      return { rt, user, chat, conversation: world.conversation(rt.bot, chat) };
    }
    const group = world.group(chatId);
    if (!group) throw new ControlError(`unknown chat ${chatId}`);
    if (!group.members.has(from)) throw new ControlError(`user ${from} is not a member of chat ${chatId}: addMember first`);
    if (!group.bots.has(rt.bot.id)) throw new ControlError(`the bot is not in chat ${chatId}: addMember(${chatId}, botToken) first`);
    return { rt, user, chat: group.chat, conversation: world.conversation(rt.bot, group.chat) };
  }

  function post(a: Actor, input: Base, content: Partial<Message>, extra: Partial<Message> = {}): Update {
    if (a.chat.type === 'private') {
      // Writing to a bot you blocked means pressing "Restart": Telegram unblocks first.
      if (a.user.blocked.has(a.rt.bot.id)) {
        a.user.blocked.delete(a.rt.bot.id);
        memberUpdate(a.rt, a.user, 'kicked', 'member');
      }
      a.user.started.add(a.rt.bot.id);
    }
    const message: Message = { message_id: a.conversation.nextMessageId++, from: a.user.user, chat: a.chat, date: now() };
    if (input.message_thread_id !== undefined && a.chat.is_forum) {
      if (!world.group(a.chat.id)?.topics.has(input.message_thread_id))
        throw new ControlError(`no topic ${input.message_thread_id} in chat ${a.chat.id}`);
      message.message_thread_id = input.message_thread_id;
      message.is_topic_message = true;
    }
    if (input.reply_to !== undefined) {
      const replied = a.conversation.messages.get(input.reply_to);
      if (!replied) throw new ControlError(`no message ${input.reply_to} in chat ${a.chat.id}`);
      message.reply_to_message = without(replied.message, 'reply_to_message');
    }
    Object.assign(message, extra, content);
    a.conversation.messages.set(message.message_id, { message, userId: a.user.user.id });
    return enqueue(a.rt, { message });
  }

  function storeFile(a: Actor, file: Parameters<SimCore['files']['add']>[1]): StoredFile {
    return core.files.add(a.rt.bot.id, file);
  }

  function photoSizes(a: Actor, bytes?: Buffer): PhotoSize[] {
    const original = bytes ? imageInfo(bytes) : null;
    if (bytes && !original) throw new ControlError('photo bytes are not a PNG, JPEG, GIF or WebP image');
    const width = original?.width ?? 800;
    const height = original?.height ?? 600;
    const sizes: PhotoSize[] = [];
    for (const side of [90, 320]) {
      const scale = side / Math.max(width, height);
      if (scale >= 1) continue;
      const w = Math.max(1, Math.round(width * scale));
      const h = Math.max(1, Math.round(height * scale));
      const stored = storeFile(a, { kind: 'photo', bytes: createPng(w, h), width: w, height: h, mime_type: 'image/png', ext: 'png' });
      sizes.push({ file_id: stored.file_id, file_unique_id: stored.file_unique_id, file_size: stored.size, width: w, height: h });
    }
    const full = bytes ?? createPng(width, height);
    const info = original ?? { mime: 'image/png', ext: 'png' };
    const stored = storeFile(a, { kind: 'photo', bytes: full, width, height, mime_type: info.mime, ext: info.ext });
    sizes.push({ file_id: stored.file_id, file_unique_id: stored.file_unique_id, file_size: stored.size, width, height });
    return sizes;
  }

  const fileObject = (stored: StoredFile) => {
    const object: Record<string, unknown> = { file_id: stored.file_id, file_unique_id: stored.file_unique_id, file_size: stored.size };
    if (stored.file_name) object.file_name = stored.file_name;
    if (stored.mime_type) object.mime_type = stored.mime_type;
    return object;
  };

  function documentContent(a: Actor, input: { bytes?: Buffer; file_name?: string; mime_type?: string }): Partial<Message> {
    const name = input.file_name ?? 'document.txt';
    const mime =
      input.mime_type ?? (name.endsWith('.txt') ? 'text/plain' : name.endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream');
    const stored = storeFile(a, { kind: 'document', bytes: input.bytes ?? sampleDocument(name), file_name: name, mime_type: mime });
    return { document: fileObject(stored) as unknown as Message['document'] };
  }

  function videoContent(a: Actor, input: { bytes?: Buffer; file_name?: string; mime_type?: string; duration?: number }): Partial<Message> {
    const file: Parameters<SimCore['files']['add']>[1] = {
      kind: 'video',
      bytes: input.bytes ?? SAMPLE_MP4,
      mime_type: input.mime_type ?? 'video/mp4',
      width: 640,
      height: 360,
      duration: input.duration ?? 1,
    };
    if (input.file_name) file.file_name = input.file_name;
    const stored = storeFile(a, file);
    return { video: { ...fileObject(stored), width: 640, height: 360, duration: input.duration ?? 1 } as Message['video'] };
  }

  const caption = (text?: string): Partial<Message> => {
    if (!text) return {};
    const entities = detectEntities(text);
    return entities.length > 0 ? { caption: text, caption_entities: entities } : { caption: text };
  };

  const media = (build: (a: Actor, input: SendMediaInput) => Partial<Message>) => (token: string, input: SendMediaInput) => {
    const a = actor(token, input.from, input.chat);
    return post(a, input, build(a, input), caption(input.caption));
  };

  function albumItem(a: Actor, item: AlbumItem): Partial<Message> {
    if (item.type === 'photo') return { photo: photoSizes(a, item.bytes) };
    if (item.type === 'video') return videoContent(a, item);
    if (item.type === 'document') return documentContent(a, item);
    throw new ControlError(`album items are photo, video or document, not ${String(item.type)}`);
  }

  function requireBotMessage(a: Actor, messageId: number): Message {
    const stored = a.conversation.messages.get(messageId);
    if (!stored || stored.botId !== a.rt.bot.id) throw new ControlError(`no message ${messageId} from this bot in chat ${a.chat.id}`);
    return stored.message;
  }

  return {
    sendText(token, input) {
      if (typeof input.text !== 'string' || input.text === '') throw new ControlError('sendText needs a non-empty text');
      const entities = detectEntities(input.text);
      return post(actor(token, input.from, input.chat), input, entities.length > 0 ? { text: input.text, entities } : { text: input.text });
    },
    sendPhoto: media((a, input) => ({ photo: photoSizes(a, input.bytes) })),
    sendVoice: media((a, input) => {
      const duration = input.duration ?? 1;
      const stored = storeFile(a, {
        kind: 'voice',
        bytes: input.bytes ?? createOggOpus(duration),
        mime_type: input.mime_type ?? 'audio/ogg',
        duration,
      });
      return { voice: { ...fileObject(stored), duration } as Message['voice'] };
    }),
    sendDocument: media((a, input) => documentContent(a, input)),
    sendVideo: media((a, input) => videoContent(a, input)),
    sendSticker: media((a, input) => {
      const format = input.sticker_format ?? 'static';
      const file = stickerFiles[format];
      if (!file) throw new ControlError(`sticker_format is static, animated or video, not ${String(format)}`);
      if (format !== 'static' && !input.bytes) throw new ControlError(`an ${format} sticker needs its bytes (${file.ext})`);
      const stored = storeFile(a, { kind: 'sticker', bytes: input.bytes ?? SAMPLE_WEBP, mime_type: file.mime, ext: file.ext });
      const sticker = {
        ...fileObject(stored),
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: format === 'animated',
        is_video: format === 'video',
        emoji: '🙂',
      };
      // Telegram's Sticker object has no mime_type; the format is told by is_animated / is_video.
      delete (sticker as Record<string, unknown>).mime_type;
      return { sticker: sticker as Message['sticker'] };
    }),
    sendLocation(token, input) {
      return post(actor(token, input.from, input.chat), input, { location: { latitude: input.latitude, longitude: input.longitude } });
    },
    sendContact(token, input) {
      const contact: NonNullable<Message['contact']> = { phone_number: input.phone_number, first_name: input.first_name };
      if (input.last_name !== undefined) contact.last_name = input.last_name;
      if (input.user_id !== undefined) contact.user_id = input.user_id;
      return post(actor(token, input.from, input.chat), input, { contact });
    },
    sendAlbum(token, input) {
      if (!Array.isArray(input.items) || input.items.length < 2 || input.items.length > 10) {
        throw new ControlError('an album has 2 to 10 items');
      }
      const a = actor(token, input.from, input.chat);
      const groupId = String(BigInt(`0x${randomBytes(8).toString('hex')}`) >> 1n);
      return input.items.map((item) => post(a, input, albumItem(a, item), { media_group_id: groupId, ...caption(item.caption) }));
    },
    editMessage(token, input) {
      const a = actor(token, input.from, input.chat);
      const stored = a.conversation.messages.get(input.message_id);
      if (!stored || stored.userId !== input.from)
        throw new ControlError(`user ${input.from} has no message ${input.message_id} in chat ${a.chat.id}`);
      const entities = detectEntities(input.text);
      const edited: Message = { ...without(stored.message, 'entities', 'caption', 'caption_entities'), edit_date: now() };
      if (stored.message.text !== undefined) {
        edited.text = input.text;
        if (entities.length > 0) edited.entities = entities;
      } else {
        edited.caption = input.text;
        if (entities.length > 0) edited.caption_entities = entities;
      }
      stored.message = edited;
      return enqueue(a.rt, { edited_message: edited });
    },
    pressButton(token, input) {
      const a = actor(token, input.from, input.chat);
      const message = requireBotMessage(a, input.message_id);
      const buttons = message.reply_markup?.inline_keyboard?.flat() ?? [];
      const button = buttons.find((b) => (input.data !== undefined ? b.callback_data === input.data : b.text === input.text));
      if (!button || button.callback_data === undefined) {
        const wanted = input.data !== undefined ? `callback_data ${JSON.stringify(input.data)}` : `text ${JSON.stringify(input.text)}`;
        throw new ControlError(`message ${input.message_id} has no callback button with ${wanted}`);
      }
      const id = String(BigInt(`0x${randomBytes(8).toString('hex')}`) >> 1n);
      a.rt.bot.callbackQueries.set(id, { answered: false });
      return enqueue(a.rt, {
        callback_query: {
          id,
          from: a.user.user,
          message,
          chat_instance: world.chatInstance(a.rt.bot, a.chat.id),
          data: button.callback_data,
        },
      });
    },
    blockBot(token, userId) {
      const a = actor(token, userId);
      if (a.user.blocked.has(a.rt.bot.id)) throw new ControlError(`user ${userId} has already blocked this bot`);
      a.user.blocked.add(a.rt.bot.id);
      a.user.started.add(a.rt.bot.id);
      return memberUpdate(a.rt, a.user, 'member', 'kicked');
    },
    unblockBot(token, userId) {
      const a = actor(token, userId);
      if (!a.user.blocked.has(a.rt.bot.id)) throw new ControlError(`user ${userId} has not blocked this bot`);
      a.user.blocked.delete(a.rt.bot.id);
      return memberUpdate(a.rt, a.user, 'kicked', 'member');
    },
    injectUpdate(token, update) {
      const rt = core.requireRuntime(token);
      return enqueue(rt, without(update, 'update_id') as Omit<Update, 'update_id'>);
    },
  };
}
