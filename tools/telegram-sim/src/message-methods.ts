import { badRequest } from './api-error.ts';
import type { BotCommand, Message } from './bot-api-types.ts';
import type { MethodHandler } from './method-context.ts';
import { bool, json, str } from './method-params.ts';
import {
  type Envelope,
  formatText,
  newBotMessage,
  parseReplyMarkup,
  readEnvelope,
  recordSent,
  requireMessage,
  resolveTarget,
  sameJson,
  takeRate,
} from './send-support.ts';
import type { SentMessage } from './simulator-types.ts';

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

const getMe: MethodHandler = ({ rt }) => ({
  ...rt.bot.user,
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: rt.bot.businessMode,
  has_main_web_app: false,
});

const sendMessage: MethodHandler = ({ core, rt, params }) => {
  const { text, entities } = formatText(params, 'text', 'entities');
  if (text.trim() === '') throw badRequest('message text is empty');
  const target = resolveTarget(core, rt, params);
  if (text.length > 4096) throw badRequest('message is too long');
  const envelope = readEnvelope(core, params, target);
  takeRate(core, rt, target, 1);
  const content: Partial<Message> = { text };
  if (entities.length > 0) content.entities = entities;
  const stored = newBotMessage(core, rt, target, envelope, content);
  const fields: Parameters<typeof recordSent>[2] = { kind: 'text', method: 'sendMessage', text, files: [] };
  if (entities.length > 0) fields.entities = entities;
  const parseMode = str(params, 'parse_mode');
  if (parseMode) fields.parse_mode = parseMode;
  recordSent(core, stored, fields, envelope);
  core.countSent(rt, 1);
  return stored.message;
};

function editable(ctx: Parameters<MethodHandler>[0]) {
  if (str(ctx.params, 'inline_message_id')) throw badRequest('inline message not found');
  const target = resolveTarget(ctx.core, ctx.rt, ctx.params);
  const stored = requireMessage(target, ctx.params, 'message to edit');
  if (stored.botId !== ctx.rt.bot.id || !stored.sent) throw badRequest("message can't be edited");
  return { target, stored, sent: stored.sent };
}

function recordEdit(ctx: Parameters<MethodHandler>[0], sent: SentMessage, method: string): Message {
  const message = sent.message;
  message.edit_date = Math.floor(Date.now() / 1000);
  const edit: SentMessage['edits'][number] = { date: message.edit_date, method };
  if (message.text !== undefined) edit.text = message.text;
  if (message.caption !== undefined) edit.caption = message.caption;
  if (sent.reply_markup !== undefined) edit.reply_markup = sent.reply_markup;
  sent.edits.push(edit);
  ctx.core.world.touchSent(sent);
  return message;
}

function applyMarkup(sent: SentMessage, envelope: Envelope): void {
  if (envelope.markup) sent.reply_markup = envelope.markup;
  else delete sent.reply_markup;
  if (envelope.markup?.inline_keyboard) sent.message.reply_markup = envelope.markup;
  else delete sent.message.reply_markup;
}

const editMessageText: MethodHandler = (ctx) => {
  const { text, entities } = formatText(ctx.params, 'text', 'entities');
  if (text.trim() === '') throw badRequest('message text is empty');
  if (text.length > 4096) throw badRequest('message is too long');
  const { sent } = editable(ctx);
  if (sent.message.text === undefined) throw badRequest('there is no text in the message to edit');
  const markup = parseReplyMarkup(ctx.params);
  const newEntities = entities.length > 0 ? entities : undefined;
  if (sent.message.text === text && sameJson(sent.message.entities, newEntities) && sameJson(sent.reply_markup, markup)) {
    throw badRequest(NOT_MODIFIED);
  }
  sent.message.text = text;
  sent.text = text;
  if (newEntities) sent.message.entities = sent.entities = newEntities;
  else {
    delete sent.message.entities;
    delete sent.entities;
  }
  applyMarkup(sent, markup ? { markup } : {});
  return recordEdit(ctx, sent, 'editMessageText');
};

const editMessageCaption: MethodHandler = (ctx) => {
  const { text, entities } = formatText(ctx.params, 'caption', 'caption_entities');
  if (text.length > 1024) throw badRequest('message caption is too long');
  const { sent } = editable(ctx);
  if (sent.message.text !== undefined) throw badRequest('there is no caption in the message to edit');
  const markup = parseReplyMarkup(ctx.params);
  if ((sent.message.caption ?? '') === text && sameJson(sent.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
  if (text) sent.message.caption = sent.caption = text;
  else {
    delete sent.message.caption;
    delete sent.caption;
  }
  if (entities.length > 0) sent.message.caption_entities = entities;
  else delete sent.message.caption_entities;
  applyMarkup(sent, markup ? { markup } : {});
  return recordEdit(ctx, sent, 'editMessageCaption');
};

const editMessageReplyMarkup: MethodHandler = (ctx) => {
  const { sent } = editable(ctx);
  const markup = parseReplyMarkup(ctx.params);
  if (sameJson(sent.reply_markup?.inline_keyboard ? sent.reply_markup : undefined, markup?.inline_keyboard ? markup : undefined)) {
    throw badRequest(NOT_MODIFIED);
  }
  applyMarkup(sent, markup ? { markup } : {});
  return recordEdit(ctx, sent, 'editMessageReplyMarkup');
};

const deleteMessage: MethodHandler = ({ core, rt, params }) => {
  const target = resolveTarget(core, rt, params);
  const stored = requireMessage(target, params, 'message to delete');
  target.conversation.messages.delete(stored.message.message_id);
  if (stored.sent) {
    stored.sent.deleted = true;
    core.world.touchSent(stored.sent);
  }
  return true;
};

const answerCallbackQuery: MethodHandler = ({ rt, params }) => {
  const id = str(params, 'callback_query_id') ?? '';
  const query = rt.bot.callbackQueries.get(id);
  if (!query || query.answered) throw badRequest('query is too old and response timeout expired or query ID is invalid');
  query.answered = true;
  const answer: (typeof rt.bot.callbackAnswers)[number] = { callback_query_id: id, answered_at: Date.now() };
  const text = str(params, 'text');
  if (text !== undefined) answer.text = text;
  if (bool(params, 'show_alert')) answer.show_alert = true;
  const url = str(params, 'url');
  if (url !== undefined) answer.url = url;
  rt.bot.callbackAnswers.push(answer);
  return true;
};

const sendChatAction: MethodHandler = ({ core, rt, params }) => {
  const action = str(params, 'action') ?? '';
  const target = resolveTarget(core, rt, params);
  if (!CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
  const list = rt.bot.chatActions.get(target.chat.id) ?? [];
  list.push(action);
  rt.bot.chatActions.set(target.chat.id, list);
  return true;
};

function commandsKey(params: Parameters<MethodHandler>[0]['params']): string {
  const scope = json<{ type?: string; chat_id?: number; user_id?: number }>(params, 'scope', "can't parse BotCommandScope JSON object");
  return `${scope?.type ?? 'default'}:${scope?.chat_id ?? ''}:${scope?.user_id ?? ''}:${str(params, 'language_code') ?? ''}`;
}

const setMyCommands: MethodHandler = ({ rt, params }) => {
  const commands = json<BotCommand[]>(params, 'commands', "can't parse commands JSON object") ?? [];
  if (!Array.isArray(commands)) throw badRequest('expected an Array of BotCommand');
  if (commands.length > 100) throw badRequest('too many bot commands specified');
  for (const command of commands) {
    if (typeof command?.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command.command.replace(/^\//, ''))) {
      throw badRequest('BOT_COMMAND_INVALID');
    }
    if (typeof command.description !== 'string' || command.description.length < 1 || command.description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
  }
  rt.bot.commands.set(
    commandsKey(params),
    commands.map((c) => ({ command: c.command.replace(/^\//, ''), description: c.description })),
  );
  return true;
};

const getMyCommands: MethodHandler = ({ rt, params }) => rt.bot.commands.get(commandsKey(params)) ?? [];

const deleteMyCommands: MethodHandler = ({ rt, params }) => {
  rt.bot.commands.delete(commandsKey(params));
  return true;
};

const getChat: MethodHandler = ({ core, rt, params }) => {
  const target = resolveTarget(core, rt, params);
  return { ...target.chat, accent_color_id: 0, max_reaction_count: 11 };
};

export const messageMethods: Record<string, MethodHandler> = {
  getMe,
  sendMessage,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  answerCallbackQuery,
  sendChatAction,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  getChat,
};
