import { sql } from 'kysely';
import type { Person } from '../channels/channel.ts';
import type { ContactRow } from './tables.ts';
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
    const named = existing.name_set_by_staff ? profile : { ...profile, display_name: profile.profile_name };
    // A phone the messenger knows fills an empty field only: one staff typed stays.
    const update = existing.phone ? named : { ...named, phone: person.phone ?? null };
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
    .values({ ...profile, display_name: profile.profile_name, phone: person.phone ?? null })
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
