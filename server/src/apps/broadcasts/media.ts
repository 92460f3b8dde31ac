// A broadcast's picture or document: uploaded once through the platform's upload form (multipart, recognised by its
// bytes), kept through the files port, checked against the chosen account's capabilities when composed, and copied
// where the channel sends from.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readUploadForm, sniffUpload, unprocessable, withMultipart, type HttpApp } from '../../platform/index.ts';
import { withLinkLines, type AppChannel, type FilesPort } from '../app.ts';
import type { BroadcastMedia, BroadcastTexts, LinkButton } from './tables.ts';

/** The largest file this app accepts (a bot's upload limit); a channel may allow less (checked when composing). */
const uploadMaxBytes = 50 * 1024 * 1024;

/** What a broadcast may carry, by the type its bytes show (with the extension a nameless file gets): pictures go as photos, documents as files. */
const acceptedTypes: ReadonlyArray<[contentType: string, kind: BroadcastMedia['kind'], extension: string]> = [
  ['image/jpeg', 'photo', 'jpg'],
  ['image/png', 'photo', 'png'],
  ['image/webp', 'photo', 'webp'],
  ['application/pdf', 'document', 'pdf'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'document', 'docx'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'document', 'xlsx'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'document', 'pptx'],
];
const accepted = new Map(acceptedTypes.map(([contentType, kind]) => [contentType, kind]));
const extensions = new Map(acceptedTypes.map(([contentType, , extension]) => [contentType, extension]));
const help = 'Send the file as multipart/form-data in a field named "file".';
const acceptedWords = 'a JPEG, PNG or WebP picture, or a PDF, Word, Excel or PowerPoint document';

/** Sends go from a copy on this machine's disk (channels send a path); written again if it went missing. */
const sendFolder = path.join(os.tmpdir(), 'switchboard-broadcast-media');

export function registerMediaRoute(app: HttpApp, files: FilesPort): void {
  withMultipart(app, (scope) => {
    scope.post(
      '/api/broadcasts/media',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['broadcasts'],
          summary: 'Upload the picture or document of a broadcast (multipart field "file"); its id goes in media.file_id',
          description: `The type is read from the bytes, not the name: ${acceptedWords}. At most 50 MB; the account chosen when composing may allow less.`,
          consumes: ['multipart/form-data'],
        },
      },
      async (request, reply) => {
        const rules = { maxBytes: uploadMaxBytes, help, tooLargeHint: 'send a smaller one' };
        const { file } = await readUploadForm(request, rules);
        const { contentType, extension } = await sniffUpload(file.data, {
          accepted: extensions,
          maxBytes: uploadMaxBytes,
          expected: acceptedWords,
        });
        const kind = accepted.get(contentType) ?? 'document';
        const name = path.basename(file.name || `broadcast.${extension}`).slice(0, 200);
        const stored = await files.store({ name, contentType, data: file.data });
        const media: BroadcastMedia = { file_id: stored.id, kind, name, content_type: contentType, size: stored.size };
        return reply.status(201).send(media);
      },
    );
  });
}

/** The uploaded file's facts, or a 422 that says to upload it first. */
export async function findMedia(files: FilesPort, fileId: string): Promise<BroadcastMedia> {
  const file = /^[0-9a-f-]{36}$/.test(fileId) ? await files.read(fileId) : undefined;
  const kind = file ? accepted.get(file.contentType) : undefined;
  if (!file || !kind) throw unprocessable(`media.file_id: there is no uploaded file ${fileId}; upload it with POST /api/broadcasts/media.`);
  return { file_id: fileId, kind, name: file.name, content_type: file.contentType, size: file.data.length };
}

/** The account decides: whether it sends that kind of file, how big, and how long a caption under it may be. */
export function checkMediaFits(channel: AppChannel, media: BroadcastMedia, texts: BroadcastTexts, buttons: LinkButton[] = []): void {
  const caps = channel.media;
  if (!caps.kinds.includes(media.kind))
    throw unprocessable(
      caps.kinds.length === 0
        ? `Account ${channel.id} sends text only: remove the file, or pick another account.`
        : `Account ${channel.id} cannot send a ${media.kind}; it sends ${caps.kinds.join(', ')}.`,
      'media_not_allowed',
    );
  if (media.size > caps.uploadMaxBytes)
    throw unprocessable(
      `The file is ${Math.ceil(media.size / 1_048_576)} MB; account ${channel.id} sends at most ${Math.floor(caps.uploadMaxBytes / 1_048_576)} MB.`,
      'media_not_allowed',
    );
  const limit = caps.captionMaxLength;
  for (const [variant, written] of Object.entries(texts)) {
    if (!written) continue;
    const text = withLinkLines(written, buttons);
    if (limit === null)
      throw unprocessable(`Account ${channel.id} sends no text under a file: remove the text or the file.`, 'media_not_allowed');
    if (text.length > limit)
      throw unprocessable(
        `texts.${variant}: under a file the text (with the link buttons' lines) goes as its caption, at most ${limit} characters here (it has ${text.length}). Shorten it or the links, or send without the file.`,
        'media_not_allowed',
      );
  }
}

/** The path the channel sends from: the stored file, copied once to this machine's send folder. */
export async function sendCopy(files: FilesPort, media: BroadcastMedia): Promise<string> {
  const target = path.join(sendFolder, `${media.file_id}-${media.name.replace(/[^\w.-]/g, '_')}`);
  try {
    await fs.access(target);
    return target;
  } catch {
    const file = await files.read(media.file_id);
    if (!file) throw new Error(`the broadcast's file ${media.file_id} is gone`);
    await fs.mkdir(sendFolder, { recursive: true });
    const partial = `${target}.${process.pid}.part`;
    await fs.writeFile(partial, file.data);
    await fs.rename(partial, target);
    return target;
  }
}
