// The sending side of the Telegram bot adapter: one OutboundMessage → one Bot
// API call through grammY, and every failure translated into a ChannelError.
import fs from 'node:fs/promises';
import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import type { Message, ReactionTypeEmoji } from 'grammy/types';
import { maskBotTokens } from './profile.ts';
import { ChannelError, type OutboundMessage, type SentMessage } from '../channel.ts';

type MediaItem = NonNullable<OutboundMessage['media']>[number];

export interface BotApiOptions {
  token: string;
  /** Bot API root without a trailing slash, e.g. https://api.telegram.org. */
  apiRoot?: string;
  /** Per request; a request that takes longer fails as TEMPORARY. */
  timeoutMs?: number;
}

export interface BotApi {
  /** grammY's API client, for flows that call other methods directly. */
  api: Api;
  /** `businessConnectionId`: answer as the connected business account (Telegram Business). */
  send(message: OutboundMessage, businessConnectionId?: string): Promise<SentMessage>;
  sendTyping(chatId: string, topicId?: string, businessConnectionId?: string): Promise<void>;
  /**
   * editMessageText: the new text, and an inline keyboard of `choices` (none: the keyboard goes). An edit that changes nothing
   * (Telegram's "message is not modified", e.g. a retried edit that had landed) counts as done.
   */
  edit(
    chatId: string,
    messageId: string,
    text: string,
    choices?: OutboundMessage['choices'],
    businessConnectionId?: string,
  ): Promise<{ editDate: Date }>;
  /** setMessageReaction: the bot's reactions on a message, as emoji (empty takes them back). */
  setReactions(chatId: string, messageId: string, emojis: string[]): Promise<void>;
}

const maxAlbumItems = 10;

export function createBotApi(options: BotApiOptions): BotApi {
  const api = new Api(options.token, {
    apiRoot: options.apiRoot?.replace(/\/+$/, ''),
    timeoutSeconds: (options.timeoutMs ?? 30_000) / 1000,
  });
  const uploaded = createUploadedFiles();
  return {
    api,
    async send(message, businessConnectionId) {
      try {
        return toSentMessage(await callSend(api, message, businessConnectionId, uploaded));
      } catch (error) {
        throw translateTelegramError(error);
      }
    },
    async sendTyping(chatId, topicId, businessConnectionId) {
      try {
        await api.sendChatAction(toChatId(chatId), 'typing', {
          ...(topicId ? { message_thread_id: Number(topicId) } : {}),
          ...(businessConnectionId ? { business_connection_id: businessConnectionId } : {}),
        });
      } catch (error) {
        throw translateTelegramError(error);
      }
    },
    async edit(chatId, messageId, text, choices, businessConnectionId) {
      try {
        const edited = await api.editMessageText(toChatId(chatId), Number(messageId), text, {
          ...(choices?.length ? { reply_markup: inlineKeyboard(choices) } : {}),
          ...(businessConnectionId ? { business_connection_id: businessConnectionId } : {}),
        });
        const seconds = typeof edited === 'object' ? edited.edit_date : undefined;
        return { editDate: seconds ? new Date(seconds * 1000) : new Date() };
      } catch (error) {
        if (error instanceof GrammyError && /message is not modified/i.test(error.description)) return { editDate: new Date() };
        throw translateTelegramError(error);
      }
    },
    async setReactions(chatId, messageId, emojis) {
      try {
        const reaction = emojis.map((emoji) => ({ type: 'emoji', emoji }) as ReactionTypeEmoji);
        await api.setMessageReaction(toChatId(chatId), Number(messageId), reaction);
      } catch (error) {
        throw translateTelegramError(error);
      }
    },
  };
}

async function callSend(
  api: Api,
  message: OutboundMessage,
  businessConnectionId: string | undefined,
  uploaded: UploadedFiles,
): Promise<Message | Message[]> {
  const chatId = toChatId(message.chatId);
  const media = message.media ?? [];
  const text = message.text ?? '';
  const common = { ...commonOptions(message), ...(businessConnectionId ? { business_connection_id: businessConnectionId } : {}) };
  if (media.length === 0) {
    if (text.trim() === '') throw new ChannelError('INVALID_INPUT', 'Nothing to send: the message has neither text nor media.');
    return api.sendMessage(chatId, text, common);
  }
  await Promise.all(media.map(checkReadable));
  if (media.length === 1) return sendReusing(api, chatId, media[0]!, { ...common, ...(text ? { caption: text } : {}) }, uploaded);
  if (media.length > maxAlbumItems) {
    throw new ChannelError(
      'INVALID_INPUT',
      `An album holds at most ${maxAlbumItems} files; split the ${media.length} files into several messages.`,
    );
  }
  if (message.links?.length || message.choices?.length) {
    throw new ChannelError('INVALID_INPUT', 'Telegram albums cannot carry buttons: send the buttons in a separate message.');
  }
  const { reply_markup: _markup, ...albumOptions } = common;
  const items = media.map((item, index) => ({
    type: item.type,
    media: new InputFile(item.path, item.fileName),
    ...(index === 0 && text ? { caption: text } : {}),
  }));
  return api.sendMediaGroup(chatId, items as Parameters<Api['sendMediaGroup']>[1], albumOptions);
}

function commonOptions(message: OutboundMessage) {
  return {
    ...(message.topicId ? { message_thread_id: Number(message.topicId) } : {}),
    ...(message.replyToExternalId
      ? { reply_parameters: { message_id: Number(message.replyToExternalId), allow_sending_without_reply: true } }
      : {}),
    ...(message.choices?.length || message.links?.length ? { reply_markup: inlineKeyboard(message.choices, message.links) } : {}),
  };
}

/**
 * Neutral buttons as Telegram's inline keyboard: each link a URL button on a row of its own, then the answer buttons
 * in their rows (a press comes back as a callback with the payload).
 */
function inlineKeyboard(choices: OutboundMessage['choices'], links: OutboundMessage['links'] = []) {
  return {
    inline_keyboard: [
      ...links.map((link) => [{ text: link.title, url: link.url }]),
      ...(choices ?? []).map((row) => row.map((choice) => ({ text: choice.title, callback_data: choice.payload }))),
    ],
  };
}

type SendOptions = ReturnType<typeof commonOptions> & { business_connection_id?: string };
type UploadedFiles = ReturnType<typeof createUploadedFiles>;

/**
 * The file_id Telegram gave this bot for a file it uploaded, by the file's path, size and time: the same file to
 * many chats (a broadcast's picture) is uploaded once and then sent by its id. Sends that start while the first
 * upload is on the wire wait for its id instead of uploading too; a failed upload leaves the next send to upload.
 */
function createUploadedFiles(limit = 500) {
  const ids = new Map<string, Promise<string | undefined>>();
  return {
    async keyOf(item: MediaItem): Promise<string | undefined> {
      const stat = await fs.stat(item.path).catch(() => undefined);
      return stat ? `${item.type}\0${item.path}\0${stat.size}\0${stat.mtimeMs}` : undefined;
    },
    get: (key: string) => ids.get(key),
    /** Marks the upload as started; `settle` gives its file_id (or undefined when it failed). */
    start(key: string): (fileId: string | undefined) => void {
      let settle!: (fileId: string | undefined) => void;
      ids.set(key, new Promise((resolve) => (settle = resolve)));
      if (ids.size > limit) ids.delete(ids.keys().next().value!);
      return (fileId) => {
        if (fileId === undefined) ids.delete(key);
        settle(fileId);
      };
    },
    forget: (key: string) => void ids.delete(key),
  };
}

async function sendReusing(api: Api, chatId: number | string, item: MediaItem, other: SendOptions, uploaded: UploadedFiles) {
  const key = await uploaded.keyOf(item);
  const known = key ? await uploaded.get(key) : undefined;
  if (key && known) {
    try {
      return await sendOne(api, chatId, item, other, known);
    } catch (error) {
      // Telegram no longer knows the id (400): the next send uploads the file again.
      if (error instanceof GrammyError && error.error_code === 400) uploaded.forget(key);
      throw error;
    }
  }
  const settle = key ? uploaded.start(key) : undefined;
  try {
    const sent = await sendOne(api, chatId, item, other);
    settle?.(fileIdOf(sent, item.type));
    return sent;
  } catch (error) {
    settle?.(undefined);
    throw error;
  }
}

function fileIdOf(message: Message, type: MediaItem['type']): string | undefined {
  if (type === 'photo') return message.photo?.at(-1)?.file_id;
  return message[type]?.file_id;
}

/** `fileId`: send the bot's file_id of an earlier upload instead of the bytes. */
function sendOne(api: Api, chatId: number | string, item: MediaItem, other: SendOptions, fileId?: string) {
  const file = fileId ?? new InputFile(item.path, item.fileName);
  switch (item.type) {
    case 'photo':
      return api.sendPhoto(chatId, file, other);
    case 'video':
      return api.sendVideo(chatId, file, other);
    case 'voice':
      return api.sendVoice(chatId, file, other);
    case 'audio':
      return api.sendAudio(chatId, file, other);
    case 'document':
      return api.sendDocument(chatId, file, other);
    default:
      throw new ChannelError('INVALID_INPUT', `Unknown media type ${JSON.stringify(item.type)}.`);
  }
}

async function checkReadable(item: MediaItem): Promise<void> {
  try {
    await fs.access(item.path, fs.constants.R_OK);
  } catch {
    throw new ChannelError('INVALID_INPUT', `The file to send is missing or unreadable: ${item.fileName ?? item.path}. Upload it again.`);
  }
}

/** Numeric ids go as numbers; `@username` of a public chat stays a string. */
function toChatId(chatId: string): number | string {
  return /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
}

function toSentMessage(result: Message | Message[]): SentMessage {
  const messages = Array.isArray(result) ? result : [result];
  return {
    externalIds: messages.map((message) => String(message.message_id)),
    date: new Date((messages[0]?.date ?? Math.floor(Date.now() / 1000)) * 1000),
  };
}

const blockedPatterns = [/blocked by the user/i, /user is deactivated/i, /kicked from/i, /can't initiate conversation/i, /not a member/i];

/**
 * Maps a grammY failure to the one vocabulary the retry policy acts on. The
 * message is Telegram's description, or a network summary; never a URL (it
 * holds the token).
 */
export function translateTelegramError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  if (error instanceof GrammyError) return translateApiError(error.error_code, error.description, error.parameters?.retry_after);
  if (error instanceof HttpError) return new ChannelError('TEMPORARY', describeNetworkError(error));
  if (error instanceof Error && error.name === 'AbortError') return new ChannelError('TEMPORARY', 'The request was aborted.');
  return new ChannelError('PERMANENT', maskBotTokens(error instanceof Error ? error.message : String(error)));
}

function translateApiError(status: number, description: string, retryAfter: number | undefined): ChannelError {
  const text = maskBotTokens(description || `Telegram answered ${status}`);
  if (status === 429) return new ChannelError('RATE_LIMITED', text, Math.max(1, retryAfter ?? 3) * 1000);
  if (status >= 500) return new ChannelError('TEMPORARY', text);
  if (status === 401 || status === 404) return new ChannelError('AUTH_REVOKED', text);
  if (status === 403) return new ChannelError(blockedPatterns.some((pattern) => pattern.test(text)) ? 'BLOCKED' : 'PERMANENT', text);
  if (status === 400)
    return new ChannelError(/chat not found|user not found|PEER_ID_INVALID/i.test(text) ? 'NOT_FOUND' : 'INVALID_INPUT', text);
  return new ChannelError('PERMANENT', text);
}

function describeNetworkError(error: HttpError): string {
  const inner = error.error;
  const reason = inner instanceof Error ? inner.message : '';
  if (/timed out/i.test(reason)) return maskBotTokens(`${error.message} ${reason.replace(/^Request to '\w+' /, '')}`);
  const code = networkCode(inner);
  return maskBotTokens(code ? `${error.message} (${code})` : error.message);
}

function networkCode(inner: unknown): string | undefined {
  const candidate = inner as { code?: unknown; errno?: unknown; cause?: { code?: unknown } } | null;
  const code = candidate?.code ?? candidate?.cause?.code ?? candidate?.errno;
  return typeof code === 'string' ? code : undefined;
}
