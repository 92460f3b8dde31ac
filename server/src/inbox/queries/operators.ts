// Staff as operators: their load, their caps, and the changes admins make to them.
import { sql } from 'kysely';
import type { Availability } from '@switchboard/contract';
import type { InboxDb } from '../tables.ts';

/** Staff users with their cap (50 when unset) and the open conversations they hold; one of them when `userId` is given. */
export function listOperators(db: InboxDb, userId?: number) {
  let query = db
    .selectFrom('staff_users')
    .leftJoin('operators', 'operators.user_id', 'staff_users.id')
    .select([
      'staff_users.id',
      'staff_users.name',
      'staff_users.email',
      'staff_users.role',
      'staff_users.is_active',
      'staff_users.last_login_at',
      'staff_users.created_at',
      sql<number>`coalesce(operators.max_chats, 50)`.as('max_chats'),
      sql<Availability>`coalesce(operators.availability, 'online')`.as('availability'),
      sql<number>`(SELECT count(*)::int FROM conversations WHERE conversations.assigned_operator_id = staff_users.id AND conversations.status = 'open')`.as(
        'current_chats',
      ),
    ])
    .orderBy('staff_users.id');
  if (userId !== undefined) query = query.where('staff_users.id', '=', userId);
  return query.execute();
}

/** E-mails are unique regardless of case. */
export async function emailTaken(db: InboxDb, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('staff_users')
    .select('id')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

export async function setOperatorCap(trx: InboxDb, userId: number, maxChats: number): Promise<void> {
  await trx
    .insertInto('operators')
    .values({ user_id: userId, max_chats: maxChats })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ max_chats: maxChats }))
    .execute();
}

export async function updateStaffUser(
  trx: InboxDb,
  userId: number,
  changes: { name?: string; email?: string; role?: string; is_active?: boolean; password_hash?: string },
): Promise<void> {
  if (Object.values(changes).some((value) => value !== undefined))
    await trx.updateTable('staff_users').set(changes).where('id', '=', userId).execute();
}

/** The person's availability: online until they say otherwise (no operators row yet). */
export async function availabilityOf(db: InboxDb, userId: number): Promise<Availability> {
  const row = await db.selectFrom('operators').select('availability').where('user_id', '=', userId).executeTakeFirst();
  return row?.availability ?? 'online';
}

/** Whether the person takes new conversations; their cap stays as it was (50 for someone without a row yet). */
export async function setAvailability(db: InboxDb, userId: number, availability: Availability): Promise<void> {
  await db
    .insertInto('operators')
    .values({ user_id: userId, availability })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ availability }))
    .execute();
}

/** Signs the user out everywhere (their sessions end). */
export async function deleteSessionsOf(trx: InboxDb, userId: number): Promise<void> {
  await trx.deleteFrom('staff_sessions').where('user_id', '=', userId).execute();
}

export async function deleteApiTokensOf(trx: InboxDb, userId: number): Promise<void> {
  await trx.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
}

/** False when there was no such user. */
export async function deleteStaffUser(trx: InboxDb, userId: number): Promise<boolean> {
  const removed = await trx.deleteFrom('staff_users').where('id', '=', userId).executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

export function conversationIdsAssignedTo(trx: InboxDb, operatorId: number) {
  return trx.selectFrom('conversations').select('id').where('assigned_operator_id', '=', operatorId).execute();
}
