import type { DownloadedFile } from '../../channels/channel.ts';
import type { Db, HttpApp, Jobs, Logger, QueueDefinition, RealtimeHub } from '../../platform/index.ts';
import type { MessageRow, InboxDb } from '../tables.ts';
import type { Visibility } from '../visibility.ts';
import { createDownloads, downloadQueue, maxDownloadAttempts } from './downloads.service.ts';
import { createMediaStore } from './media-store.ts';
import { registerMediaRoutes } from './media.routes.ts';
import { runMediaMaintenance } from './retention.job.ts';
import { createUploads } from './uploads.service.ts';

export type { PreparedMedia } from './uploads.service.ts';
export { remuxWebmToOggOpus } from './ogg-opus.ts';

export interface MediaOptions {
  db: Db;
  hub: RealtimeHub;
  logger: Logger;
  /** MEDIA_DIR (default DATA_DIR/media). With several instances it must be a shared folder. */
  dir: string;
  /** MEDIA_RETENTION_DAYS; 0 keeps files for ever. */
  retentionDays: number;
  /** UPLOAD_MAX_BYTES. */
  uploadMaxBytes: number;
  /** Fetches a file through the channel that received it (ChannelAdapter.downloadFile). */
  download(channelId: number, fileId: string): Promise<DownloadedFile>;
}

/** Media in (downloads of customers' files) and out (staff uploads), with their routes and jobs. */
export function createMedia(options: MediaOptions) {
  const { db } = options;
  const store = createMediaStore(options.dir);
  let jobs: Jobs | undefined;
  const downloads = createDownloads({ db, hub: options.hub, store, logger: options.logger, download: options.download, jobs: () => jobs });
  const uploads = createUploads({ db, store });
  const maintain = () => runMediaMaintenance({ db, store, uploads, downloads, retentionDays: options.retentionDays });

  const queues: QueueDefinition<never>[] = [
    {
      name: downloadQueue,
      options: { retryLimit: maxDownloadAttempts - 1, retryDelay: 5, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 900 },
      work: {
        options: { pollingIntervalSeconds: 1, localConcurrency: 2 },
        handle: async (batch: Array<{ data: { media_id: number } }>) => {
          for (const job of batch) await downloads.downloadOne(job.data.media_id);
        },
      },
    },
    {
      name: 'media-maintenance',
      cron: '*/10 * * * *',
      work: {
        handle: async () => {
          const report = await maintain();
          if (Object.values(report).some((count) => count > 0)) options.logger.info(report, 'media upkeep');
        },
      },
    },
  ];

  return {
    store,
    /** pg-boss queues to create at start. */
    queues,
    /** Once the job queue runs, downloads are queued in the transaction that records their message. */
    async useJobs(started: Jobs): Promise<void> {
      // pg-boss looks a queue up on its own connection the first time it sends to it, which waits for
      // ever inside a PGlite transaction: one send now (a job that finds nothing to do) caches it.
      await started.send(downloadQueue, { media_id: 0 });
      jobs = started;
    },
    /** RecordHooks.onMessageRecorded: files of a recorded message to fetch. */
    recordAttachments: (trx: InboxDb, message: MessageRow) => downloads.recordAttachments(trx, message),
    /** For the sender: media_paths → files of an outgoing message. */
    outgoing: { prepare: uploads.prepare },
    registerRoutes(app: HttpApp, team: { visibility: Visibility }): void {
      registerMediaRoutes(app, {
        db,
        visibility: team.visibility,
        store,
        uploads,
        uploadMaxBytes: options.uploadMaxBytes,
        retentionDays: options.retentionDays,
      });
    },
    /** Expiry, upload cleanup, requeueing (also run by cron every 10 minutes). */
    runMaintenance: maintain,
    downloadOne: downloads.downloadOne,
  };
}

export type Media = ReturnType<typeof createMedia>;
