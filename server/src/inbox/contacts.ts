import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Person } from '../channels/channel.ts';
import type { ContactRow, InboxTables } from './tables.ts';
import type { InboxDb } from './tables.ts';

export function displayNameOf(person: Pick<Person, 'firstName' | 'lastName' | 'username'>): string {
  const name = [person.firstName, person.lastName].filter(Boolean).join(' ').trim();
  return name || (person.username ? `@${person.username}` : '');
}

/**
 * The contact behind a messenger identity, created on first sight and kept
 * current (names and usernames change). Safe under concurrent first messages.
 */
export async function upsertContact(db: InboxDb, person: Person): Promise<ContactRow> {
  const profile = {
    profile_name: displayNameOf(person),
    first_name: person.firstName || null,
    last_name: person.lastName ?? null,
    username: person.username ?? null,
    language_code: person.languageCode ?? null,
  };
  const existing = await db
    .selectFrom('contact_identities as identity')
    .innerJoin('contacts', 'contacts.id', 'identity.contact_id')
    .selectAll('contacts')
    .where('identity.messenger', '=', person.messenger)
    .where('identity.external_id', '=', person.externalId)
    .executeTakeFirst();
  if (existing) {
    // A name a person set stays; the messenger's name is still kept beside it.
    const update = existing.name_set_by_staff ? profile : { ...profile, display_name: profile.profile_name };
    const changed = (Object.keys(update) as Array<keyof typeof update>).some(
      (key) => update[key] !== null && existing[key] !== update[key],
    );
    if (!changed) return existing;
    return db
      .updateTable('contacts')
      .set({ ...stripNulls(update), updated_at: new Date() })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const contact = await db
    .insertInto('contacts')
    .values({ ...profile, display_name: profile.profile_name })
    .returningAll()
    .executeTakeFirstOrThrow();
  const identity = await db
    .insertInto('contact_identities')
    .values({ contact_id: contact.id, messenger: person.messenger, external_id: person.externalId, username: person.username ?? null })
    .onConflict((conflict) => conflict.columns(['messenger', 'external_id']).doNothing())
    .returning('contact_id')
    .executeTakeFirst();
  if (identity) return contact;
  // Another chat of the same person won the race: use its contact.
  await db.deleteFrom('contacts').where('id', '=', contact.id).execute();
  return upsertContact(db, person);
}

function stripNulls<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null)) as Partial<T>;
}

export async function setReachability(
  db: InboxDb,
  contactId: number,
  channelId: number,
  reachable: boolean,
  reason: string | null,
): Promise<void> {
  await db
    .insertInto('contact_reachability')
    .values({ contact_id: contactId, channel_id: channelId, reachable, reason })
    .onConflict((conflict) => conflict.columns(['contact_id', 'channel_id']).doUpdateSet({ reachable, reason, updated_at: new Date() }))
    .execute();
}

/** A message from the person proves the bot can reach them again. */
export async function clearUnreachable(db: InboxDb, contactId: number, channelId: number): Promise<void> {
  await db
    .updateTable('contact_reachability')
    .set({ reachable: true, reason: null, updated_at: sql<Date>`now()` })
    .where('contact_id', '=', contactId)
    .where('channel_id', '=', channelId)
    .where('reachable', '=', false)
    .execute();
}

/** What the contacts list shows beside the profile: the messengers a person uses and their latest activity in conversations the caller may see. */
export async function contactActivity(
  db: InboxDb,
  visible: (eb: ExpressionBuilder<InboxTables, 'conversations'>) => Expression<SqlBool>,
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
