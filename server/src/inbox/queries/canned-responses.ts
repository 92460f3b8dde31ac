// Saved answers (inbox/migrations): every query the canned-response routes run.
import { sql } from 'kysely';
import type { InboxDb } from '../tables.ts';

/** Up to 50, by shortcut; `prefix` matches the start of the shortcut (a leading / is ignored). */
export function listCannedResponses(db: InboxDb, prefix?: string) {
  let query = db.selectFrom('canned_responses').selectAll().orderBy('shortcut');
  if (prefix) query = query.where('shortcut', 'ilike', `${prefix.replace(/^\//, '').replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
  return query.limit(50).execute();
}

/** Shortcuts are unique regardless of case. */
export async function shortcutTaken(db: InboxDb, shortcut: string, exceptId?: number): Promise<boolean> {
  let query = db
    .selectFrom('canned_responses')
    .select('id')
    .where(sql<string>`lower(shortcut)`, '=', shortcut.toLowerCase());
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  const row = await query.executeTakeFirst();
  return row !== undefined;
}

export function insertCannedResponse(db: InboxDb, answer: { shortcut: string; text: string; createdBy: number }) {
  return db
    .insertInto('canned_responses')
    .values({ shortcut: answer.shortcut, text: answer.text, created_by: answer.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** False when there was no such answer. */
export async function deleteCannedResponse(db: InboxDb, id: number): Promise<boolean> {
  const removed = await db.deleteFrom('canned_responses').where('id', '=', id).executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

export function cannedResponseById(db: InboxDb, id: number) {
  return db.selectFrom('canned_responses').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateCannedResponse(db: InboxDb, id: number, change: { shortcut?: string; text?: string }) {
  return db.updateTable('canned_responses').set(change).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
