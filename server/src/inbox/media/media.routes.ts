import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mediaParams, mediaQuery, type UploadedFile } from '@switchboard/contract';
import {
  badRequest,
  currentUser,
  describeBytes,
  HttpError,
  notFound,
  readUploadFormToDisk,
  requireMultipart,
  withMultipart,
  type Db,
  type HttpApp,
  type StaffUser,
} from '../../platform/index.ts';
import type { Visibility } from '../visibility.ts';
import { contentDisposition, isInline } from './download-type.ts';
import type { MediaStore } from './media-store.ts';
import { type MediaFileRow } from './tables.ts';
import type { Uploads } from './uploads.service.ts';
import { inboxTables, type InboxDb } from '../tables.ts';

export interface MediaRouteOptions {
  db: Db;
  visibility: Visibility;
  store: MediaStore;
  uploads: Uploads;
  uploadMaxBytes: number;
  retentionDays: number;
}

// Room for the multipart envelope around a file of the maximum size.
const envelopeBytes = 64 * 1024;

/** seed 002's POST /api/upload/, and GET /api/media/:id for the files of visible conversations. */
export function registerMediaRoutes(app: HttpApp, options: MediaRouteOptions): void {
  const tags = ['inbox'];
  // Only this route reads multipart forms (the platform's upload form, streamed to disk); the limits are given per request.
  withMultipart(app, (scope) => {
    scope.post(
      '/api/upload',
      {
        schema: {
          tags,
          summary: 'Upload a file to send (multipart field "file"); returns file_path for media_path (seed 002)',
          description: `The type is read from the content: programs and scripts are refused (415) whatever their name; empty files 422; over ${describeBytes(options.uploadMaxBytes)} (UPLOAD_MAX_BYTES) 413. A WebM/Opus recording becomes an Ogg/Opus voice note. Photos over 10 MB go as documents.`,
          consumes: ['multipart/form-data'],
        },
      },
      async (request, reply) => reply.status(201).send(await receiveUpload(request, options)),
    );
  });

  app.get(
    '/api/media/:id',
    {
      schema: {
        tags,
        summary: 'A file of a message in a conversation you can see (Range supported); ?download=1 saves it',
        params: mediaParams,
        querystring: mediaQuery,
      },
    },
    async (request, reply) => {
      const media = await findVisibleMedia(inboxTables(options.db), options.visibility, currentUser(request), request.params.id);
      return sendMedia(request, reply, media, { ...options, forceDownload: request.query.download === '1' });
    },
  );
}

const uploadHelp = 'Send the file as multipart/form-data in a field named "file" (curl -F "file=@photo.jpg").';

async function receiveUpload(request: FastifyRequest, options: MediaRouteOptions): Promise<UploadedFile> {
  requireMultipart(request, { help: uploadHelp });
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > options.uploadMaxBytes + envelopeBytes) {
    throw new HttpError(
      413,
      'file_too_large',
      `The upload is ${describeBytes(declared)}; the limit is ${describeBytes(options.uploadMaxBytes)} (UPLOAD_MAX_BYTES). Send a smaller file or compress it.`,
    );
  }
  const form = await readUploadFormToDisk(request, {
    maxBytes: options.uploadMaxBytes,
    help: uploadHelp,
    limitName: 'UPLOAD_MAX_BYTES',
    tooLargeHint: 'send a smaller file or compress it',
    tempDir: options.store.tmpDir,
  });
  if (!form.file) throw badRequest('The form has no file: send it in a field named "file".', 'no_file');
  return options.uploads.accept(currentUser(request), form.file);
}

type VisibleMedia = Pick<MediaFileRow, 'id' | 'kind' | 'state' | 'error' | 'storage_path' | 'mime_type' | 'file_name' | 'size'>;

async function findVisibleMedia(db: InboxDb, visibility: Visibility, user: StaffUser, id: number): Promise<VisibleMedia> {
  const row = await db
    .selectFrom('media_files')
    .innerJoin('messages', 'messages.id', 'media_files.message_id')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select([
      'media_files.id',
      'media_files.kind',
      'media_files.state',
      'media_files.error',
      'media_files.storage_path',
      'media_files.mime_type',
      'media_files.file_name',
      'media_files.size',
      'conversations.assigned_operator_id',
      'conversations.team_id',
    ])
    .where('media_files.id', '=', id)
    .executeTakeFirst();
  await visibility.policy();
  // Hidden and missing look the same: isolation never confirms a conversation exists.
  if (!row || !visibility.canSee(user, { assignedOperatorId: row.assigned_operator_id, teamId: row.team_id })) throw notFound(`File ${id}`);
  return row;
}

function notReady(media: VisibleMedia, retentionDays: number): HttpError {
  const reasons: Record<string, string> = {
    pending: 'The file is still being downloaded from the messenger; try again in a moment.',
    too_big: media.error ?? 'The file is too big to download; open it in the messenger.',
    failed: media.error ?? 'Downloading the file failed.',
    expired: `The file was deleted after ${retentionDays} days (MEDIA_RETENTION_DAYS).`,
  };
  return new HttpError(409, 'media_not_ready', reasons[media.state] ?? 'The file is not available.');
}

/** One `bytes=` range (or none); `unsatisfiable` for a range outside the file. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}

async function sendMedia(
  request: FastifyRequest,
  reply: FastifyReply,
  media: VisibleMedia,
  options: MediaRouteOptions & { forceDownload: boolean },
) {
  if (media.state !== 'ready' || !media.storage_path) throw notReady(media, options.retentionDays);
  const absolute = options.store.absolute(media.storage_path);
  const stat = await fs.promises.stat(absolute).catch(() => null);
  if (!stat)
    throw new HttpError(410, 'media_gone', 'The file is no longer in the media folder (MEDIA_DIR); ask the customer to send it again.');
  const mime = media.mime_type ?? 'application/octet-stream';
  const etag = `"m${media.id}-${stat.size}"`;
  reply
    .header('content-type', mime.startsWith('text/') ? `${mime}; charset=utf-8` : mime)
    .header('x-content-type-options', 'nosniff')
    // Opened directly, a file can never run script as us.
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header(
      'content-disposition',
      contentDisposition(
        !options.forceDownload && isInline(media.kind, mime) ? 'inline' : 'attachment',
        media.file_name ?? `file-${media.id}`,
      ),
    )
    .header('cache-control', 'private, max-age=86400')
    .header('accept-ranges', 'bytes')
    .header('etag', etag);
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  const range = parseRange(request.headers.range, stat.size);
  if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${stat.size}`).send();
  if (!range) return reply.header('content-length', stat.size).send(fs.createReadStream(absolute));
  return reply
    .status(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${stat.size}`)
    .header('content-length', range.end - range.start + 1)
    .send(fs.createReadStream(absolute, { start: range.start, end: range.end }));
}
