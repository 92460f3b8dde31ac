// Neutral replies (already fitted by channels/flow-degrade.ts) as Bot API
// calls: inline keyboards, reply keyboards that ask for a contact or a
// location, edits of the last menu, documents. Every send waits for the
// delivery engine's limits and is recorded in the conversation (hooks).
// Callback queries are answered by the intake's fast path, never here.
import { Api, GrammyError, InputFile } from 'grammy';
import type { InlineKeyboardButton, Message } from 'grammy/types';
import type { ChannelRecord, InboundEvent } from '../channel.ts';
import type { RenderedButton, RenderedReply, RenderOutcome, ReplyTarget, TextFormat } from '../flows.ts';
import type { Logger } from '../../platform/index.ts';
import { normalizeUpdate } from './normalize.ts';

/** What the bot's own replies report, so the conversation history stays whole. */
export interface BotReplyHooks {
  /** Waits until the per-bot and per-chat limits allow a send (the delivery engine's limiter). */
  throttle(channelId: number, chatId: string): Promise<void>;
  /** Records what the bot sent or edited from a flow in the conversation (as our own messages). */
  recordSent(channel: ChannelRecord, events: InboundEvent[]): Promise<void>;
}

const editMethods = new Set(['editMessageText', 'editMessageCaption', 'editMessageReplyMarkup']);
const sendMethods = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendVoice',
  'sendAudio',
  'sendVideo',
  'sendAnimation',
  'sendLocation',
  'sendContact',
  'sendMediaGroup',
  'sendInvoice',
  'copyMessage',
]);

export function createFlowRenderer(options: { apiRoot: string; hooks: BotReplyHooks; logger: Logger }) {
  const apis = new Map<number, { token: string; api: Api }>();

  function apiFor(channel: ChannelRecord): Api {
    const token = channel.credentials();
    const cached = apis.get(channel.id);
    if (cached?.token === token) return cached.api;
    const api = new Api(token, { apiRoot: options.apiRoot });
    api.config.use(async (previous, method, payload, signal) => {
      const chatId = (payload as { chat_id?: number | string } | undefined)?.chat_id;
      const isSend = sendMethods.has(method) && chatId !== undefined;
      if (isSend) await options.hooks.throttle(channel.id, String(chatId));
      const result = await previous(method, payload, signal);
      const events = result.ok ? recordableEvents(method, result.result) : [];
      if (events.length > 0) {
        await options.hooks
          .recordSent(channel, events)
          .catch((error: unknown) => options.logger.error({ err: error, channel_id: channel.id }, 'recording a bot reply failed'));
      }
      return result;
    });
    apis.set(channel.id, { token, api });
    return api;
  }

  async function renderOne(api: Api, target: ReplyTarget, reply: RenderedReply, problems: string[]): Promise<string | null> {
    const thread = target.topicId ? { message_thread_id: Number(target.topicId) } : {};
    switch (reply.type) {
      case 'text':
        return idOf(
          await api.sendMessage(target.chatId, toTelegramText(reply.text, reply.format), { ...thread, ...parseMode(reply.format) }),
        );
      case 'buttons':
      case 'list': {
        const rows = reply.type === 'buttons' ? reply.rows : reply.sections.flatMap((section) => section.rows.map((row) => [row]));
        const markup = { inline_keyboard: rows.map((row) => row.map(callbackButton)) };
        const text = toTelegramText(reply.text, reply.format);
        if (reply.type === 'buttons' && reply.editMessageId) {
          const edited = await editMenu(api, target.chatId, Number(reply.editMessageId), text, reply.format, markup);
          if (edited) return reply.editMessageId;
          problems.push('the last menu could no longer be edited: sent anew');
        }
        return idOf(await api.sendMessage(target.chatId, text, { ...thread, ...parseMode(reply.format), reply_markup: markup }));
      }
      case 'request': {
        const button =
          reply.what === 'contact' ? { text: reply.button, request_contact: true } : { text: reply.button, request_location: true };
        return idOf(
          await api.sendMessage(target.chatId, reply.text, {
            ...thread,
            reply_markup: { keyboard: [[button]], resize_keyboard: true, one_time_keyboard: true },
          }),
        );
      }
      case 'file':
        return idOf(
          await api.sendDocument(target.chatId, new InputFile(reply.path, reply.fileName), { ...thread, caption: reply.caption }),
        );
      case 'template':
        problems.push(`Telegram bots send no templates: template ${reply.template.name} not sent`);
        return null;
      case 'invoice': {
        const { invoice } = reply;
        return idOf(
          await api.sendInvoice(
            target.chatId,
            invoice.title,
            invoice.description,
            invoice.payload,
            invoice.currency,
            [{ label: invoice.title, amount: invoice.amount }],
            { ...thread, provider_token: invoice.providerToken },
          ),
        );
      }
    }
  }

  return {
    async renderReplies(channel: ChannelRecord, target: ReplyTarget, replies: RenderedReply[]): Promise<RenderOutcome> {
      const api = apiFor(channel);
      const problems: string[] = [];
      const messageIds: Array<string | null> = [];
      for (const reply of replies) messageIds.push(await renderOne(api, target, reply, problems));
      return { messageIds, problems };
    },
    forget(channelId: number): void {
      apis.delete(channelId);
    },
  };
}

/** editMessageText, or only the keyboard when the text is unchanged; false when the message cannot be edited any more. */
async function editMenu(
  api: Api,
  chatId: string,
  messageId: number,
  text: string,
  format: TextFormat,
  markup: { inline_keyboard: InlineKeyboardButton[][] },
): Promise<boolean> {
  try {
    await api.editMessageText(chatId, messageId, text, { ...parseMode(format), reply_markup: markup });
    return true;
  } catch (error) {
    if (!(error instanceof GrammyError) || error.error_code !== 400) throw error;
    if (!/not modified/i.test(error.description)) return false;
    try {
      await api.editMessageReplyMarkup(chatId, messageId, { reply_markup: markup });
    } catch (second) {
      // The same text and the same keyboard: nothing to change, which is what was asked.
      if (!(second instanceof GrammyError) || !/not modified/i.test(second.description)) throw second;
    }
    return true;
  }
}

/** Sent messages as our own messages, and edited ones (a page turn, a replaced menu) as edits of them. */
function recordableEvents(method: string, result: unknown): InboundEvent[] {
  if (sendMethods.has(method))
    return (Array.isArray(result) ? result : [result]).flatMap((message) => normalizeUpdate({ update_id: 0, message }));
  if (editMethods.has(method) && typeof result === 'object' && result !== null)
    return normalizeUpdate({ update_id: 0, edited_message: result });
  return [];
}

const callbackButton = (button: RenderedButton): InlineKeyboardButton => ({ text: button.title, callback_data: button.data });
const idOf = (message: Message | true): string | null => (message === true ? null : String(message.message_id));
const parseMode = (format: TextFormat) => (format === 'simple' ? { parse_mode: 'HTML' as const } : {});

/** `simple` formatting (*bold*, _italic_, `code`, [title](https://link)) as Telegram HTML; plain text as is. */
export function toTelegramText(text: string, format: TextFormat): string {
  if (format === 'plain') return text;
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)"]+)\)/g, '<a href="$2">$1</a>')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s.,!?:;)])/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s.,!?:;)])/g, '$1<i>$2</i>');
}
