// Contacts as staff see them: the list, a profile with its identities, reachability and conversations,
// edits, and the moves a merge of duplicates makes. (Recording contacts from messengers is ../contacts.ts.)
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { unreadFor } from '../read-state.ts';
import type { ContactRow, InboxDb, InboxTables } from '../tables.ts';

type VisibleConversations = (eb: ExpressionBuilder<InboxTables, 'conversations'>) => Expression<SqlBool>;

/** Ids of contacts with a conversation the caller may see (a subquery, for `where(column, 'in', …)`). */
export function visibleContactIdsQuery(db: InboxDb, visible: VisibleConversations) {
  return db.selectFrom('conversations').select('conversations.contact_id').where(visible).where('conversations.contact_id', 'is not', null);
}

/** A contact, if it exists and (unless `visibleIds` is null: an admin) one of its conversations is visible. */
export function findContact(db: InboxDb, contactId: number, visibleIds: ReturnType<typeof visibleContactIdsQuery> | null) {
  let query = db.selectFrom('contacts').selectAll().where('id', '=', contactId);
  if (visibleIds) query = query.where('id', 'in', visibleIds);
  return query.executeTakeFirst();
}

/** Newest first, `limit + 1` rows before the contact id `before`; `search` matches name, username or phone in part. */
export function listContacts(
  db: InboxDb,
  options: { visibleIds: ReturnType<typeof visibleContactIdsQuery> | null; search?: string; before?: number; limit: number },
) {
  let query = db.selectFrom('contacts').selectAll();
  if (options.visibleIds) query = query.where('id', 'in', options.visibleIds);
  const search = options.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('display_name', 'ilike', pattern), eb('username', 'ilike', pattern), eb('phone', 'ilike', pattern)]),
    );
  }
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  return query
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
}

export function identitiesOf(db: InboxDb, contactId: number) {
  return db.selectFrom('contact_identities').select(['messenger', 'external_id', 'username']).where('contact_id', '=', contactId).execute();
}

export function reachabilityOf(db: InboxDb, contactId: number) {
  return db
    .selectFrom('contact_reachability')
    .select(['channel_id', 'reachable', 'reason', 'updated_at'])
    .where('contact_id', '=', contactId)
    .execute();
}

/** The contact's conversations the caller may see, latest first, with their channel. */
/** A contact's conversations the reader may see, with the reader's own unread count. */
export function conversationsOfContact(db: InboxDb, contactId: number, visible: VisibleConversations, readerId: number) {
  return db
    .selectFrom('conversations')
    .innerJoin('channels', 'channels.id', 'conversations.channel_id')
    .select([
      'conversations.id',
      'conversations.channel_id',
      'conversations.chat_type',
      'conversations.title',
      'conversations.status',
      'conversations.assigned_operator_id',
      'conversations.last_message_at',
      'conversations.last_message_preview',
      unreadFor(readerId).as('unread_count'),
      'channels.kind as channel_kind',
      'channels.name as channel_name',
      'channels.username as channel_username',
    ])
    .where('conversations.contact_id', '=', contactId)
    .where(visible)
    .orderBy('conversations.last_message_at', 'desc')
    .execute();
}

export function updateContact(
  db: InboxDb,
  contactId: number,
  changes: {
    display_name?: string;
    name_set_by_staff?: boolean;
    profile_name?: string;
    phone?: string | null;
    tags?: string[];
    notes?: string;
    username?: string | null;
    /** Custom attributes, as JSON text. */
    attributes?: string;
  },
): Promise<ContactRow> {
  return db
    .updateTable('contacts')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', contactId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Both contacts of a merge, locked until the caller's transaction ends. */
export function lockContacts(trx: InboxDb, contactIds: number[]) {
  return trx.selectFrom('contacts').selectAll().where('id', 'in', contactIds).forUpdate().execute();
}

/** Moves identities, conversations, sent messages and reachability (where the target has none) from one contact to another. */
export async function moveContactReferences(trx: InboxDb, from: number, to: number): Promise<void> {
  await trx.updateTable('contact_identities').set({ contact_id: to }).where('contact_id', '=', from).execute();
  await trx.updateTable('conversations').set({ contact_id: to }).where('contact_id', '=', from).execute();
  await trx.updateTable('messages').set({ sender_contact_id: to }).where('sender_contact_id', '=', from).execute();
  await sql`INSERT INTO contact_reachability (contact_id, channel_id, reachable, reason, updated_at)
            SELECT ${to}, channel_id, reachable, reason, updated_at FROM contact_reachability WHERE contact_id = ${from}
            ON CONFLICT (contact_id, channel_id) DO NOTHING`.execute(trx);
}

export async function deleteContact(trx: InboxDb, contactId: number): Promise<void> {
  await trx.deleteFrom('contacts').where('id', '=', contactId).execute();
}

/** What the contacts list shows beside the profile: the messengers a person uses and their latest activity in conversations the caller may see. */
export async function contactActivity(
  db: InboxDb,
  visible: VisibleConversations,
  contactIds: number[],
): Promise<Map<number, { messengers: string[]; last_activity_at: string | null; conversation_count: number }>> {
  const activity = new Map<number, { messengers: string[]; last_activity_at: string | null; conversation_count: number }>();
  if (contactIds.length === 0) return activity;
  const [identities, conversations] = await Promise.all([
    db.selectFrom('contact_identities').select(['contact_id', 'messenger']).distinct().where('contact_id', 'in', contactIds).execute(),
    db
      .selectFrom('conversations')
      .select((eb) => [
        'conversations.contact_id',
        eb.fn.max('conversations.last_message_at').as('last_activity_at'),
        eb.fn.countAll<string>().as('count'),
      ])
      .where(visible)
      .where('conversations.contact_id', 'in', contactIds)
      .groupBy('conversations.contact_id')
      .execute(),
  ]);
  for (const id of contactIds) activity.set(id, { messengers: [], last_activity_at: null, conversation_count: 0 });
  for (const row of identities) activity.get(row.contact_id)?.messengers.push(row.messenger);
  for (const row of conversations) {
    const entry = activity.get(row.contact_id!);
    if (!entry) continue;
    entry.last_activity_at = row.last_activity_at ? new Date(row.last_activity_at).toISOString() : null;
    entry.conversation_count = Number(row.count);
  }
  return activity;
}

/**
 * Tables outside the inbox (an app's profile rows: a portal account, a patient record) that still
 * point at a contact. Deleting that contact would cascade them away, so a merge must keep this one.
 */
export async function recordsReferencing(db: InboxDb, contactId: number): Promise<string[]> {
  const references = await sql<{ table_name: string; column_name: string }>`
    SELECT constraint_table.relname AS table_name, attribute.attname AS column_name
    FROM pg_constraint
    JOIN pg_class constraint_table ON constraint_table.oid = pg_constraint.conrelid
    JOIN pg_attribute attribute ON attribute.attrelid = pg_constraint.conrelid AND attribute.attnum = pg_constraint.conkey[1]
    WHERE pg_constraint.contype = 'f' AND pg_constraint.confrelid = 'contacts'::regclass`.execute(db);
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of references.rows) {
    const row = await sql`SELECT 1 FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${contactId} LIMIT 1`.execute(db);
    if (row.rows.length > 0) found.push(table);
  }
  return found;
}
