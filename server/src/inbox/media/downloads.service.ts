// Incoming files: recorded as pending with the message, fetched afterwards by a
// durable job (never in the intake's path), stored under MEDIA_DIR, and the
// message's attachment updated and pushed to operators when it is ready.
import { sql } from 'kysely';
import { fromKysely } from 'pg-boss';
import { ChannelError, type Attachment, type DownloadedFile } from '../../channels/channel.ts';
import { describeBytes, type Db, type Jobs, type Logger, type RealtimeHub } from '../../platform/index.ts';
import { recordEvents } from '../events.ts';
import { serializeMessage } from '../serializers.ts';
import { inboxTables, type MessageRow, type InboxDb } from '../tables.ts';
import { mimeForDownload, nameMatchingContent } from './download-type.ts';
import type { MediaStore } from './media-store.ts';
import { type MediaAttachmentFields, type MediaState } from './tables.ts';

export const downloadQueue = 'media-download';
/** One first try and pg-boss's retries (the queue's retryLimit is this minus one). */
export const maxDownloadAttempts = 6;

const downloadableKinds = new Set(['photo', 'video', 'video_note', 'animation', 'voice', 'audio', 'document', 'sticker']);
const retryableCodes = new Set(['TEMPORARY', 'RATE_LIMITED', 'AUTH_REVOKED']);

export interface DownloadsOptions {
  db: Db;
  hub: RealtimeHub;
  store: MediaStore;
  logger: Logger;
  /** Fetches a file through the channel that received it. */
  download(channelId: number, fileId: string): Promise<DownloadedFile>;
  /** The job queue, once started (messages recorded before that are picked up by the sweep). */
  jobs(): Jobs | undefined;
}

type Claimed = {
  id: number;
  message_id: number;
  attachment_index: number;
  kind: string;
  file_id: string | null;
  attempts: number;
  channel_id: number;
  attachment: Attachment;
};
type Outcome = {
  state: MediaState;
  error: string | null;
  retry?: boolean;
  stored?: { path: string; mime: string; size: number; fileName: string };
};

export function createDownloads(options: DownloadsOptions) {
  const db = inboxTables(options.db);

  async function enqueue(trx: InboxDb, ids: number[]): Promise<void> {
    const jobs = options.jobs();
    if (!jobs || ids.length === 0) return;
    // A failed enqueue must not abort the message's transaction: the sweep catches up instead.
    await sql`SAVEPOINT media_jobs`.execute(trx);
    try {
      for (const id of ids) await jobs.boss.send(downloadQueue, { media_id: id }, { db: fromKysely(trx) });
      await sql`RELEASE SAVEPOINT media_jobs`.execute(trx);
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT media_jobs`.execute(trx);
      options.logger.warn({ err: error }, 'queueing media downloads failed; the sweep will retry');
    }
  }

  /** In the recording transaction: a pending media row per file, and the attachments JSON pointing at them. */
  async function recordAttachments(trx: InboxDb, message: MessageRow): Promise<MessageRow> {
    const attachments = (message.attachments ?? []) as Array<Attachment & MediaAttachmentFields>;
    const wanted = attachments.flatMap((attachment, index) =>
      attachment.file_id && downloadableKinds.has(attachment.type) && attachment.media_id === undefined ? [{ attachment, index }] : [],
    );
    if (wanted.length === 0) return message;
    const handle = inboxTables(trx);
    const rows = await handle
      .insertInto('media_files')
      .values(
        wanted.map(({ attachment, index }) => ({
          message_id: message.id,
          attachment_index: index,
          direction: message.direction,
          kind: attachment.type,
          file_id: attachment.file_id!,
          file_name: attachment.file_name ?? null,
          mime_type: attachment.mime_type ?? null,
          size: attachment.file_size ?? null,
        })),
      )
      .onConflict((conflict) => conflict.columns(['message_id', 'attachment_index']).doNothing())
      .returning(['id', 'attachment_index'])
      .execute();
    const patched = attachments.map((attachment, index) => {
      const row = rows.find((item) => item.attachment_index === index);
      return row ? { ...attachment, media_id: row.id, download_state: 'pending' as const } : attachment;
    });
    const updated = await handle
      .updateTable('messages')
      .set({ attachments: JSON.stringify(patched) })
      .where('id', '=', message.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await enqueue(
      trx,
      rows.map((row) => row.id),
    );
    return updated;
  }

  async function claim(mediaId: number): Promise<Claimed | undefined> {
    const claimed = await db
      .updateTable('media_files')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), claimed_at: new Date(), updated_at: new Date() }))
      .where('id', '=', mediaId)
      .where('state', '=', 'pending')
      // A claim older than the job's expiry belongs to a worker that died.
      .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', sql<Date>`now() - interval '16 minutes'`)]))
      .returning(['id', 'message_id', 'attachment_index', 'kind', 'file_id', 'attempts'])
      .executeTakeFirst();
    if (!claimed) return undefined;
    const context = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['conversations.channel_id', sql<Attachment>`messages.attachments -> ${claimed.attachment_index}::int`.as('attachment')])
      .where('messages.id', '=', claimed.message_id)
      .executeTakeFirst();
    if (!context) return undefined;
    return { ...claimed, channel_id: context.channel_id, attachment: context.attachment ?? ({ type: claimed.kind } as Attachment) };
  }

  async function fetchAndStore(claimed: Claimed): Promise<Outcome> {
    const file = await options.download(claimed.channel_id, claimed.file_id ?? '');
    if ('tooBig' in file)
      return { state: 'too_big', error: `Too big to download (limit ${describeBytes(file.limitBytes)}); open it in the messenger.` };
    const { mime, extension } = await mimeForDownload(claimed.attachment, file.filePath, file.bytes);
    const path = options.store.newPath('in', extension);
    await options.store.writeBytes(path, file.bytes);
    const fileName = nameMatchingContent(claimed.attachment.file_name, extension) || `${claimed.kind}-${claimed.message_id}.${extension}`;
    return { state: 'ready', error: null, stored: { path, mime, size: file.bytes.length, fileName } };
  }

  function failure(claimed: Claimed, error: unknown): Outcome {
    const code = error instanceof ChannelError ? error.code : 'TEMPORARY';
    const message = error instanceof Error ? error.message : String(error);
    if (retryableCodes.has(code) && claimed.attempts < maxDownloadAttempts) return { state: 'pending', error: message, retry: true };
    return { state: 'failed', error: `Could not download the file: ${message}` };
  }

  async function settle(claimed: Claimed, outcome: Outcome): Promise<void> {
    const events = await db.transaction().execute(async (trx) => {
      const stored = outcome.stored;
      await trx
        .updateTable('media_files')
        .set({
          state: outcome.state,
          error: outcome.error,
          claimed_at: null,
          updated_at: new Date(),
          ...(stored
            ? { storage_path: stored.path, mime_type: stored.mime, size: stored.size, file_name: stored.fileName, stored_at: new Date() }
            : {}),
        })
        .where('id', '=', claimed.id)
        .execute();
      if (outcome.retry) return [];
      const patch: MediaAttachmentFields & Partial<Attachment> = {
        download_state: outcome.state,
        download_error: outcome.error,
        ...(stored ? { mime_type: stored.mime, file_size: stored.size, file_name: stored.fileName } : {}),
      };
      return publishAttachmentPatch(trx, claimed.message_id, claimed.attachment_index, patch);
    });
    options.hub.publish(events);
  }

  return {
    recordAttachments,
    /** The job: fetch one file; throws to have pg-boss retry a temporary failure. */
    async downloadOne(mediaId: number): Promise<void> {
      const claimed = await claim(mediaId);
      if (!claimed) return;
      let outcome: Outcome;
      try {
        outcome = await fetchAndStore(claimed);
      } catch (error) {
        outcome = failure(claimed, error);
      }
      await settle(claimed, outcome);
      if (outcome.state !== 'ready')
        options.logger.info(
          { media_id: claimed.id, state: outcome.state, error: outcome.error, attempt: claimed.attempts },
          'media download did not complete',
        );
      if (outcome.retry) throw new Error(`media ${claimed.id}: ${outcome.error}`);
    },
    /** Queues pending files nobody is working on (recorded before the queue started, or lost). */
    async sweep(): Promise<number> {
      const jobs = options.jobs();
      if (!jobs) return 0;
      const stale = await db
        .selectFrom('media_files')
        .select('id')
        .where('state', '=', 'pending')
        .where('updated_at', '<', sql<Date>`now() - interval '2 minutes'`)
        .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', sql<Date>`now() - interval '16 minutes'`)]))
        .orderBy('id')
        .limit(200)
        .execute();
      for (const row of stale) await jobs.send(downloadQueue, { media_id: row.id });
      return stale.length;
    },
  };
}

/** Merges `patch` into one attachment of a message and records the message_updated event. */
export async function publishAttachmentPatch(trx: InboxDb, messageId: number, index: number, patch: object) {
  const handle = inboxTables(trx);
  const message = await handle
    .updateTable('messages')
    .set({
      attachments: sql`jsonb_set(attachments, ARRAY[${String(index)}], (attachments -> ${index}::int) || ${JSON.stringify(patch)}::jsonb)`,
    })
    .where('id', '=', messageId)
    .returningAll()
    .executeTakeFirst();
  if (!message) return [];
  const conversation = await handle
    .selectFrom('conversations')
    .select(['id', 'assigned_operator_id'])
    .where('id', '=', message.conversation_id)
    .executeTakeFirstOrThrow();
  return recordEvents(trx, [
    {
      type: 'message_updated',
      conversationId: conversation.id,
      assignedOperatorId: conversation.assigned_operator_id,
      payload: { message: serializeMessage(message) },
    },
  ]);
}

export type Downloads = ReturnType<typeof createDownloads>;
