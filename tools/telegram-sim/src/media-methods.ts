import { randomBytes } from 'node:crypto';
import { badRequest } from './api-error.ts';
import type { FileObject, Message, MessageEntity } from './bot-api-types.ts';
import type { StoredFile } from './file-store.ts';
import type { CallContext, MethodHandler } from './method-context.ts';
import { json, optionalInt, str } from './method-params.ts';
import type { UploadedFile } from './request-body.ts';
import { imageInfo } from './sample-files.ts';
import { formatText, newBotMessage, readEnvelope, recordSent, resolveTarget, takeRate } from './send-support.ts';
import type { FileKind, SentFile } from './simulator-types.ts';

// Bots can download files of up to 20 MB (MAX_DOWNLOAD_FILE_SIZE in telegram-bot-api).
export const MAX_DOWNLOAD_BYTES = 20 << 20;

const capitalised = (kind: string): string => kind[0]!.toUpperCase() + kind.slice(1);

const MIME_BY_EXT: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  ics: 'text/calendar',
  csv: 'text/csv',
  json: 'application/json',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const mimeOf = (name: string | undefined): string | undefined => MIME_BY_EXT[(name?.split('.').pop() ?? '').toLowerCase()];

interface ResolvedFile {
  stored: StoredFile;
  source: SentFile['source'];
}

export function resolveInputFile(ctx: CallContext, field: string, kind: FileKind, value = str(ctx.params, field)): ResolvedFile {
  const { core, rt } = ctx;
  let upload: UploadedFile | undefined;
  if (value && value.startsWith('attach://')) {
    upload = ctx.files.get(value.slice('attach://'.length));
  } else if (value) {
    if (/^https?:\/\//i.test(value)) {
      const name = decodeURIComponent(new URL(value).pathname.split('/').pop() ?? '') || undefined;
      const file: Parameters<typeof core.files.add>[1] = { kind, bytes: Buffer.alloc(0), url: value };
      if (name) file.file_name = name;
      const mime = mimeOf(name);
      if (mime) file.mime_type = mime;
      return { stored: core.files.add(rt.bot.id, file), source: 'url' };
    }
    const existing = core.files.get(rt.bot.id, value);
    if (!existing) throw badRequest('wrong file identifier/HTTP URL specified');
    if (existing.kind !== kind) throw badRequest(`can't use file of type ${capitalised(existing.kind)} as ${capitalised(kind)}`);
    return { stored: existing, source: 'file_id' };
  } else {
    upload = ctx.files.get(field);
  }
  if (!upload) throw badRequest(`there is no ${kind} in the request`);
  if (upload.data.length === 0) throw badRequest('file must be non-empty');
  const file: Parameters<typeof core.files.add>[1] = { kind, bytes: upload.data, file_name: upload.filename };
  if (kind === 'photo') {
    const info = imageInfo(upload.data);
    if (!info) throw badRequest('IMAGE_PROCESS_FAILED');
    Object.assign(file, { width: info.width, height: info.height, mime_type: info.mime, ext: info.ext });
  } else {
    const declared = upload.contentType !== 'application/octet-stream' ? upload.contentType : undefined;
    const mime = declared ?? mimeOf(upload.filename) ?? (kind === 'voice' ? 'audio/ogg' : undefined);
    if (mime) file.mime_type = mime;
  }
  return { stored: core.files.add(rt.bot.id, file), source: 'upload' };
}

export function sentFile({ stored, source }: ResolvedFile): SentFile {
  const file: SentFile = {
    kind: stored.kind,
    file_id: stored.file_id,
    file_unique_id: stored.file_unique_id,
    source,
    bytes: stored.bytes,
    size: stored.size,
  };
  if (stored.mime_type) file.mime_type = stored.mime_type;
  if (stored.file_name) file.file_name = stored.file_name;
  if (stored.url) file.url = stored.url;
  return file;
}

/** The Message field for a file, shaped per kind as the Bot API returns it. */
export function mediaContent(stored: StoredFile, duration?: number): Partial<Message> {
  const base: FileObject = { file_id: stored.file_id, file_unique_id: stored.file_unique_id, file_size: stored.size };
  const named = (object: FileObject): FileObject => {
    if (stored.file_name) object.file_name = stored.file_name;
    if (stored.mime_type) object.mime_type = stored.mime_type;
    return object;
  };
  switch (stored.kind) {
    case 'photo':
      return { photo: [{ ...base, width: stored.width ?? 0, height: stored.height ?? 0 }] };
    case 'document':
      return { document: named(base) };
    case 'voice':
      return { voice: { ...base, duration: duration ?? stored.duration ?? 1, mime_type: stored.mime_type ?? 'audio/ogg' } };
    case 'audio':
      return { audio: named({ ...base, duration: duration ?? stored.duration ?? 0 }) };
    case 'video':
      return {
        video: named({ ...base, width: stored.width ?? 0, height: stored.height ?? 0, duration: duration ?? stored.duration ?? 0 }),
      };
    case 'sticker':
      return { sticker: { ...base, type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } };
  }
}

function captionOf(params: CallContext['params']): { caption: string; entities: MessageEntity[] } {
  const { text, entities } = formatText(params, 'caption', 'caption_entities');
  if (text.length > 1024) throw badRequest('message caption is too long');
  return { caption: text, entities };
}

function withCaption(content: Partial<Message>, caption: string, entities: MessageEntity[]): Partial<Message> {
  if (caption) content.caption = caption;
  if (caption && entities.length > 0) content.caption_entities = entities;
  return content;
}

function sendFileMethod(kind: FileKind, method: string): MethodHandler {
  return (ctx) => {
    const { core, rt, params } = ctx;
    const { caption, entities } = captionOf(params);
    const file = resolveInputFile(ctx, kind, kind);
    const target = resolveTarget(core, rt, params);
    const envelope = readEnvelope(core, params, target);
    takeRate(core, rt, target, 1);
    const content = withCaption(mediaContent(file.stored, optionalInt(params, 'duration')), caption, entities);
    const stored = newBotMessage(core, rt, target, envelope, content);
    const fields: Parameters<typeof recordSent>[2] = { kind, method, files: [sentFile(file)] };
    if (caption) fields.caption = caption;
    const parseMode = str(params, 'parse_mode');
    if (parseMode) fields.parse_mode = parseMode;
    recordSent(core, stored, fields, envelope);
    core.countSent(rt, 1);
    return stored.message;
  };
}

interface InputMedia {
  type?: string;
  media?: string;
  caption?: string;
  parse_mode?: string;
  caption_entities?: MessageEntity[];
}

const ALBUM_KINDS = new Set(['photo', 'video', 'document', 'audio']);

const sendMediaGroup: MethodHandler = (ctx) => {
  const { core, rt, params } = ctx;
  const media = json<InputMedia[]>(params, 'media', "can't parse media JSON object");
  if (!Array.isArray(media) || media.length === 0) throw badRequest('there are no messages to send');
  if (media.length > 10) throw badRequest('too many messages to send as an album');
  const items = media.map((item) => {
    const type = String(item?.type ?? '');
    if (!ALBUM_KINDS.has(type)) throw badRequest(`can't parse InputMedia: type "${type}" can't be used in sendMediaGroup`);
    if (!item.media) throw badRequest("can't parse InputMedia: media not found");
    if (item.media.startsWith('attach://') && !ctx.files.has(item.media.slice(9))) {
      throw badRequest("can't parse InputMedia: media not found");
    }
    const { text, entities } = formatText(item as Record<string, unknown>, 'caption', 'caption_entities');
    if (text.length > 1024) throw badRequest('message caption is too long');
    return { kind: type as FileKind, media: item.media, caption: text, entities, parseMode: item.parse_mode };
  });
  for (const exclusive of ['document', 'audio']) {
    if (items.some((i) => i.kind === exclusive) && items.some((i) => i.kind !== exclusive)) {
      throw badRequest(`${exclusive} can't be mixed with other media types`);
    }
  }
  const files = items.map((item) => resolveInputFile(ctx, 'media', item.kind, item.media));
  const target = resolveTarget(core, rt, params);
  const envelope = readEnvelope(core, { ...params, reply_markup: undefined }, target);
  takeRate(core, rt, target, items.length);
  // A one-item "album" is sent as an ordinary message, as tdlib's send_message_group does.
  const groupId = items.length > 1 ? BigInt(`0x${randomBytes(8).toString('hex')}`) >> 1n : null;
  const messages = items.map((item, index) => {
    const file = files[index]!;
    const content = withCaption(mediaContent(file.stored), item.caption, item.entities);
    if (groupId !== null) content.media_group_id = String(groupId);
    const stored = newBotMessage(core, rt, target, envelope, content);
    const fields: Parameters<typeof recordSent>[2] = { kind: item.kind, method: 'sendMediaGroup', files: [sentFile(file)] };
    if (item.caption) fields.caption = item.caption;
    if (item.parseMode) fields.parse_mode = item.parseMode;
    if (groupId !== null) fields.media_group_id = String(groupId);
    recordSent(core, stored, fields, envelope);
    return stored.message;
  });
  core.countSent(rt, messages.length);
  return messages;
};

const getFile: MethodHandler = ({ core, rt, params }) => {
  const fileId = str(params, 'file_id') ?? '';
  if (fileId === '') throw badRequest('file_id not specified');
  const stored = core.files.get(rt.bot.id, fileId);
  if (!stored) throw badRequest('wrong file_id or the file is temporarily unavailable');
  if (stored.size > MAX_DOWNLOAD_BYTES) throw badRequest('file is too big');
  return { file_id: stored.file_id, file_unique_id: stored.file_unique_id, file_size: stored.size, file_path: stored.file_path };
};

export const mediaMethods: Record<string, MethodHandler> = {
  sendPhoto: sendFileMethod('photo', 'sendPhoto'),
  sendDocument: sendFileMethod('document', 'sendDocument'),
  sendVoice: sendFileMethod('voice', 'sendVoice'),
  sendAudio: sendFileMethod('audio', 'sendAudio'),
  sendVideo: sendFileMethod('video', 'sendVideo'),
  sendSticker: sendFileMethod('sticker', 'sendSticker'),
  sendMediaGroup,
  getFile,
};
