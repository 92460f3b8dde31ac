// The media folder's upkeep, run by cron: files past MEDIA_RETENTION_DAYS are
// deleted (the message keeps an "expired" attachment), uploads older than a
// day and abandoned temp files go, and stuck downloads are queued again.
import { sql } from 'kysely';
import type { Db } from '../../platform/index.ts';
import type { Downloads } from './downloads.service.ts';
import type { MediaStore } from './media-store.ts';
import type { Uploads } from './uploads.service.ts';
import { inboxTables, type InboxDb } from '../tables.ts';

export interface MaintenanceReport {
  expired: number;
  uploadsRemoved: number;
  tempRemoved: number;
  requeued: number;
}

const batchSize = 500;

/** Deletes stored files older than `days` (0 keeps them for ever); returns how many. */
export async function expireMediaOlderThan(handle: InboxDb, store: MediaStore, days: number): Promise<number> {
  if (days <= 0) return 0;
  const db = inboxTables(handle);
  let total = 0;
  for (;;) {
    const batch = await db
      .selectFrom('media_files')
      .select(['id', 'message_id', 'attachment_index', 'storage_path'])
      .where('storage_path', 'is not', null)
      .where('stored_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
      .orderBy('stored_at')
      .limit(batchSize)
      .execute();
    if (batch.length === 0) return total;
    // Files first: a crash in between leaves rows pointing at nothing, which the next run finishes.
    for (const row of batch) await store.remove(row.storage_path!);
    await db.transaction().execute(async (trx) => {
      const ids = batch.map((row) => row.id);
      await trx
        .updateTable('media_files')
        .set({ state: 'expired', storage_path: null, updated_at: new Date() })
        .where('id', 'in', ids)
        .execute();
      for (const row of batch) {
        await trx
          .updateTable('messages')
          .set({
            attachments: sql`jsonb_set(attachments, ARRAY[${String(row.attachment_index)}], (attachments -> ${row.attachment_index}::int) || '{"download_state":"expired"}'::jsonb)`,
          })
          .where('id', '=', row.message_id)
          .execute();
      }
    });
    total += batch.length;
    if (batch.length < batchSize) return total;
  }
}

export async function runMediaMaintenance(options: {
  db: Db;
  store: MediaStore;
  uploads: Uploads;
  downloads: Downloads;
  retentionDays: number;
}): Promise<MaintenanceReport> {
  return {
    expired: await expireMediaOlderThan(inboxTables(options.db), options.store, options.retentionDays),
    uploadsRemoved: await options.uploads.removeUploadsOlderThan(24),
    tempRemoved: await options.store.removeStaleTemp(60 * 60 * 1000),
    requeued: await options.downloads.sweep(),
  };
}
