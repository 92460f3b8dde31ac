// Files staff send: accepted only for what their bytes are (programs and
// scripts refused), stored, and later attached to an outgoing message, which
// its channel uploads to the messenger (never by URL). Nothing here knows the
// channel: whether a photo goes as a photo and which files may share an album
// are the channel module's capabilities, checked when the message is sent
// (send.service.ts). A browser's WebM/Opus voice recording is remuxed to
// Ogg/Opus here, so it arrives as a voice note.
import fs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Attachment, OutboundMessage } from '../../channels/channel.ts';
import { HttpError, unprocessable, type Db, type DiskUpload, type StaffUser } from '../../platform/index.ts';
import { inboxTables, type MessageRow, type InboxDb } from '../tables.ts';
import type { UploadedFile } from '@switchboard/contract';
import { detectFileType, extensionOf, imageSize, type FileType, type SendKind } from './file-type.ts';
import type { MediaStore } from './media-store.ts';
import { remuxWebmToOggOpus, RemuxError } from './ogg-opus.ts';
import { inspectWebm } from './webm-demux.ts';
import { type MediaAttachmentFields, type MediaUploadRow } from './tables.ts';

/** POST /api/upload's answer, as the contract describes it. */
export type UploadJson = UploadedFile;

type OutboundItem = NonNullable<OutboundMessage['media']>[number];

/** What the sender needs to know of a chosen file to apply its channel's rules. */
export interface PreparedFile {
  kind: SendKind;
  size: number;
  /** Recorded at upload for images whose header gives them. */
  dimensions: { width: number; height: number } | undefined;
}

/** Files chosen for one outgoing message, copied and ready to record with it. */
export interface PreparedMedia {
  /** The message's kind (the first file's). */
  readonly kind: string;
  readonly files: readonly PreparedFile[];
  outbound: OutboundItem[];
  /** Sends a file as another kind (a photo its channel would refuse as a photo goes as a document). */
  sendAs(index: number, kind: SendKind): void;
  /** In the sending transaction: records the files against the message and returns it with its attachments. */
  attach(trx: InboxDb, message: MessageRow): Promise<MessageRow>;
  /** Removes the copies when the message was not recorded. */
  discard(): Promise<void>;
}

/** The most files one message may carry on any channel; a channel's own cap (capabilities.media.albums) is checked when sending. */
const maxAlbumItems = 10;

export function createUploads(options: { db: Db; store: MediaStore }) {
  const db = inboxTables(options.db);
  const { store } = options;

  /** Browser recordings (WebM with one Opus track) become Ogg/Opus; other WebM stays a document. */
  async function voiceFromWebm(received: DiskUpload, type: FileType): Promise<FileType> {
    const { tracks } = inspectWebm(received.head);
    const audioOnly = tracks.length > 0 && tracks.every((track) => track.type === 2);
    if (!audioOnly) return type;
    if (!tracks.some((track) => track.codecId === 'A_OPUS')) return { ...type, mime: 'audio/webm' };
    let ogg: Buffer;
    try {
      ogg = remuxWebmToOggOpus(await fs.readFile(received.tempPath));
    } catch (error) {
      if (error instanceof RemuxError)
        throw unprocessable(`The recording could not be turned into a voice note: ${error.message}. Record it again.`, 'bad_recording');
      throw error;
    }
    await fs.writeFile(received.tempPath, ogg);
    received.size = ogg.length;
    return { mime: 'audio/ogg', ext: 'ogg', kind: 'voice', label: 'a voice note' };
  }

  function nameFor(received: DiskUpload, type: FileType): string {
    const base = received.fileName.replace(/\.[A-Za-z0-9]{1,10}$/, '') || (type.kind === 'voice' ? 'voice' : 'file');
    const extension = extensionOf(received.fileName);
    // Keep the customer-facing name, but never one whose extension contradicts the content.
    return extension === type.ext || (type.ext === 'jpg' && extension === 'jpeg') ? received.fileName : `${base}.${type.ext}`;
  }

  return {
    /** Checks and stores an uploaded file; the temp file is gone afterwards whatever happens. */
    async accept(user: StaffUser, received: DiskUpload): Promise<UploadJson> {
      try {
        if (received.size === 0)
          throw unprocessable(`"${received.fileName || 'The file'}" is empty (0 bytes); choose the file again.`, 'empty_file');
        const detection = await detectFileType(received.head, received.fileName);
        if (!detection.ok) throw new HttpError(415, 'file_refused', detection.reason);
        let type = detection.type;
        if (type.mime === 'video/webm') type = await voiceFromWebm(received, type);
        const dimensions = type.kind === 'photo' ? imageSize(received.head) : undefined;
        const storagePath = store.newPath('uploads', type.ext);
        await store.moveIn(received.tempPath, storagePath);
        const day = storagePath.split('/').slice(1, 4).join('/');
        const row = await db
          .insertInto('media_uploads')
          .values({
            file_path: `/media/uploads/${day}/${randomBytes(12).toString('hex')}.${type.ext}`,
            storage_path: storagePath,
            file_name: nameFor(received, type),
            mime_type: type.mime,
            kind: type.kind,
            size: received.size,
            width: dimensions?.width ?? null,
            height: dimensions?.height ?? null,
            uploaded_by: user.id,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
          .catch(async (error: unknown) => {
            await store.remove(storagePath);
            throw error;
          });
        return toJson(row);
      } finally {
        await fs.rm(received.tempPath, { force: true });
      }
    },

    /** Resolves `media_paths` (this user's uploads), checks they can go as one message, and copies them for it. */
    async prepare(user: StaffUser, paths: string[]): Promise<PreparedMedia> {
      const uploads = await findUploads(db, user, paths);
      const copies: string[] = [];
      try {
        for (const upload of uploads) {
          const copy = store.newPath('out', extensionOf(upload.storage_path) || 'bin');
          await store.duplicate(upload.storage_path, copy);
          copies.push(copy);
        }
      } catch (error) {
        await Promise.all(copies.map((copy) => store.remove(copy)));
        throw new HttpError(
          409,
          'upload_missing',
          `An uploaded file is no longer on the server (${(error as Error).message.split(':')[0]}); upload it again.`,
        );
      }
      const files: PreparedFile[] = uploads.map((upload) => ({
        kind: upload.kind as SendKind,
        size: upload.size,
        dimensions: upload.width !== null && upload.height !== null ? { width: upload.width, height: upload.height } : undefined,
      }));
      const outbound: OutboundItem[] = uploads.map((upload, index) => ({
        type: upload.kind as OutboundItem['type'],
        path: store.absolute(copies[index]!),
        fileName: upload.file_name,
        mimeType: upload.mime_type,
      }));
      return {
        get kind() {
          return files[0]!.kind;
        },
        files,
        outbound,
        sendAs(index, kind) {
          files[index]!.kind = kind;
          outbound[index]!.type = kind;
        },
        attach: (trx, message) =>
          attachOutgoing(
            trx,
            message,
            uploads.map((upload, index) => ({ ...upload, kind: files[index]!.kind })),
            copies,
          ),
        discard: async () => void (await Promise.all(copies.map((copy) => store.remove(copy)))),
      };
    },

    /** Uploads are for sending soon; sent ones live on as media_files copies. */
    async removeUploadsOlderThan(hours: number): Promise<number> {
      const old = await db
        .deleteFrom('media_uploads')
        .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${hours})`)
        .returning('storage_path')
        .execute();
      for (const row of old) await store.remove(row.storage_path);
      return old.length;
    },
  };
}

function toJson(row: MediaUploadRow): UploadJson {
  return { file_path: row.file_path, file_name: row.file_name, mime_type: row.mime_type, size: row.size, kind: row.kind as SendKind };
}

async function findUploads(db: InboxDb, user: StaffUser, paths: string[]): Promise<MediaUploadRow[]> {
  if (paths.length === 0)
    throw unprocessable('media_paths is empty: upload a file with POST /api/upload/ and pass its file_path.', 'invalid_media_path');
  if (paths.length > maxAlbumItems)
    throw unprocessable(
      `An album holds at most ${maxAlbumItems} files; you chose ${paths.length}. Send them in several messages.`,
      'too_many_files',
    );
  const wanted = [...new Set(paths.map((item) => item.trim()))];
  const rows = await db
    .selectFrom('media_uploads')
    .selectAll()
    .where('file_path', 'in', wanted)
    .where('uploaded_by', '=', user.id)
    .execute();
  const missing = wanted.find((item) => !rows.some((row) => row.file_path === item));
  if (missing)
    throw unprocessable(
      `media_path "${missing.slice(0, 200)}" is not a file you uploaded, or it expired after a day: upload it again with POST /api/upload/ and use the file_path it returns.`,
      'invalid_media_path',
    );
  return paths.map((item) => rows.find((row) => row.file_path === item.trim())!);
}

async function attachOutgoing(trx: InboxDb, message: MessageRow, uploads: MediaUploadRow[], copies: string[]): Promise<MessageRow> {
  const handle = inboxTables(trx);
  const rows = await handle
    .insertInto('media_files')
    .values(
      uploads.map((upload, index) => ({
        message_id: message.id,
        attachment_index: index,
        direction: 'out' as const,
        kind: upload.kind,
        state: 'ready' as const,
        storage_path: copies[index]!,
        mime_type: upload.mime_type,
        file_name: upload.file_name,
        size: upload.size,
        stored_at: new Date(),
      })),
    )
    .returning(['id', 'attachment_index'])
    .execute();
  const attachments: Array<Attachment & MediaAttachmentFields> = uploads.map((upload, index) => ({
    type: upload.kind as Attachment['type'],
    file_name: upload.file_name,
    mime_type: upload.mime_type,
    file_size: upload.size,
    ...(upload.width ? { width: upload.width, height: upload.height ?? undefined } : {}),
    media_id: rows.find((row) => row.attachment_index === index)!.id,
    download_state: 'ready',
  }));
  return await handle
    .updateTable('messages')
    .set({ attachments: JSON.stringify(attachments) })
    .where('id', '=', message.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type Uploads = ReturnType<typeof createUploads>;
