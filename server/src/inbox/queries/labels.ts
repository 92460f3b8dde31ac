// Labels and the conversations that carry them (inbox/migrations): every query the label routes run.
import { sql } from 'kysely';
import type { InboxDb } from '../tables.ts';

export function listLabels(db: InboxDb) {
  return db.selectFrom('labels').selectAll().orderBy('name').execute();
}

/** Label names are unique regardless of case. */
export async function labelNameTaken(db: InboxDb, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('labels')
    .select('id')
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

export function insertLabel(db: InboxDb, label: { name: string; color: string }) {
  return db.insertInto('labels').values(label).returningAll().executeTakeFirstOrThrow();
}

/** False when there was no such label. */
export async function deleteLabel(db: InboxDb, labelId: number): Promise<boolean> {
  const removed = await db.deleteFrom('labels').where('id', '=', labelId).executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

export function labelsByIds(db: InboxDb, labelIds: number[]) {
  return labelIds.length ? db.selectFrom('labels').selectAll().where('id', 'in', labelIds).orderBy('name').execute() : Promise.resolve([]);
}

export function labelsOfConversation(db: InboxDb, conversationId: number) {
  return db
    .selectFrom('labels')
    .innerJoin('conversation_labels', 'conversation_labels.label_id', 'labels.id')
    .selectAll('labels')
    .where('conversation_labels.conversation_id', '=', conversationId)
    .orderBy('labels.name')
    .execute();
}

/** Replaces a conversation's labels with `labelIds` (in the caller's transaction). */
export async function replaceConversationLabels(trx: InboxDb, conversationId: number, labelIds: number[]): Promise<void> {
  await trx.deleteFrom('conversation_labels').where('conversation_id', '=', conversationId).execute();
  if (labelIds.length)
    await trx
      .insertInto('conversation_labels')
      .values(labelIds.map((labelId) => ({ conversation_id: conversationId, label_id: labelId })))
      .execute();
}
