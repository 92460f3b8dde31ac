// One customer across messengers (issue 24): which contacts are probably the same person (a shared phone
// number, or an operator's link), and the one timeline of a contact's conversations on every messenger.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { decodeCursor, pageOf } from '../../platform/index.ts';
import { timelinePosition } from '@switchboard/contract';
import { serializeMessage } from '../serializers.ts';
import type { ContactRow, InboxDb, InboxTables } from '../tables.ts';

type VisibleConversations = (eb: ExpressionBuilder<InboxTables, 'conversations'>) => Expression<SqlBool>;
type VisibleIds = Parameters<typeof import('./contacts.ts').findContact>[2];

/** Phone numbers compare by their digits ("+7 701 000-00-01" is 77010000001, a messenger's phone id as it is). */
const digitsOf = (value: Expression<string | null> | ReturnType<typeof sql.ref>) => sql<string>`regexp_replace(${value}, '\\D', '', 'g')`;
/** Shorter digit strings (extensions, short codes) say nothing about who someone is. */
const minimumPhoneDigits = 7;

export type SuggestionReason = 'phone' | 'linked';

/** The phone numbers a contact is known by: the profile's, and ids on messengers whose ids are phone numbers. */
export async function phonesOf(db: InboxDb, contactId: number, phoneMessengers: readonly string[]): Promise<string[]> {
  const profile = await db
    .selectFrom('contacts')
    .select(digitsOf(sql.ref('phone')).as('digits'))
    .where('id', '=', contactId)
    .where('phone', 'is not', null)
    .execute();
  const identities =
    phoneMessengers.length === 0
      ? []
      : await db
          .selectFrom('contact_identities')
          .select(digitsOf(sql.ref('external_id')).as('digits'))
          .where('contact_id', '=', contactId)
          .where('messenger', 'in', phoneMessengers)
          .execute();
  return [...new Set([...profile, ...identities].map((row) => row.digits).filter((digits) => digits.length >= minimumPhoneDigits))];
}

/** Contacts probably the same person as `contactId`, with why; only those the caller may see (`visibleIds` null: all). */
export async function mergeSuggestions(
  db: InboxDb,
  contactId: number,
  options: { phoneMessengers: readonly string[]; visibleIds: VisibleIds },
): Promise<Array<{ contact: ContactRow; reasons: SuggestionReason[] }>> {
  const reasons = new Map<number, Set<SuggestionReason>>();
  const add = (id: number, reason: SuggestionReason) => reasons.set(id, (reasons.get(id) ?? new Set()).add(reason));
  const phones = await phonesOf(db, contactId, options.phoneMessengers);
  if (phones.length > 0) {
    const byProfile = await db
      .selectFrom('contacts')
      .select('id')
      .where('id', '!=', contactId)
      .where('phone', 'is not', null)
      .where(digitsOf(sql.ref('phone')), 'in', phones)
      .execute();
    for (const row of byProfile) add(row.id, 'phone');
    if (options.phoneMessengers.length > 0) {
      const byIdentity = await db
        .selectFrom('contact_identities')
        .select('contact_id')
        .where('contact_id', '!=', contactId)
        .where('messenger', 'in', options.phoneMessengers)
        .where(digitsOf(sql.ref('external_id')), 'in', phones)
        .execute();
      for (const row of byIdentity) add(row.contact_id, 'phone');
    }
  }
  const links = await db
    .selectFrom('contact_links')
    .select(['contact_id', 'other_contact_id'])
    .where((eb) => eb.or([eb('contact_id', '=', contactId), eb('other_contact_id', '=', contactId)]))
    .execute();
  for (const link of links) add(link.contact_id === contactId ? link.other_contact_id : link.contact_id, 'linked');
  if (reasons.size === 0) return [];
  let query = db
    .selectFrom('contacts')
    .selectAll()
    .where('id', 'in', [...reasons.keys()]);
  if (options.visibleIds) query = query.where('id', 'in', options.visibleIds);
  const contacts = await query.orderBy('id').limit(50).execute();
  return contacts.map((contact) => ({ contact, reasons: [...reasons.get(contact.id)!].sort() }));
}

/** An operator's "same person" link; a repeated link is kept once. */
export async function linkContacts(db: InboxDb, one: number, other: number, staffId: number): Promise<void> {
  await db
    .insertInto('contact_links')
    .values({ contact_id: Math.min(one, other), other_contact_id: Math.max(one, other), linked_by: staffId })
    .onConflict((conflict) => conflict.columns(['contact_id', 'other_contact_id']).doNothing())
    .execute();
}

export async function unlinkContacts(db: InboxDb, one: number, other: number): Promise<boolean> {
  const deleted = await db
    .deleteFrom('contact_links')
    .where('contact_id', '=', Math.min(one, other))
    .where('other_contact_id', '=', Math.max(one, other))
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

/** A merge keeps the duplicate's links to third contacts on the kept contact (their pair itself goes). */
export async function moveContactLinks(trx: InboxDb, from: number, to: number): Promise<void> {
  await sql`INSERT INTO contact_links (contact_id, other_contact_id, linked_by, created_at)
            SELECT least(${to}::integer, other), greatest(${to}::integer, other), linked_by, created_at
            FROM (SELECT CASE WHEN contact_id = ${from} THEN other_contact_id ELSE contact_id END AS other, linked_by, created_at
                  FROM contact_links WHERE contact_id = ${from} OR other_contact_id = ${from}) AS links
            WHERE other <> ${to}
            ON CONFLICT (contact_id, other_contact_id) DO NOTHING`.execute(trx);
  await trx
    .deleteFrom('contact_links')
    .where((eb) => eb.or([eb('contact_id', '=', from), eb('other_contact_id', '=', from)]))
    .execute();
}

/**
 * A contact's messages in every conversation the reader may see, newest first, each with the channel it went
 * through (messenger and account name); `reply_chat_id` is where a reply goes by default: the conversation the
 * customer wrote in last (else the latest one).
 */
export async function contactTimeline(
  db: InboxDb,
  contactId: number,
  visible: VisibleConversations,
  page: { cursor?: string; limit: number },
) {
  let query = db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .innerJoin('channels', 'channels.id', 'conversations.channel_id')
    .selectAll('messages')
    .select([
      'channels.id as channel_id',
      'channels.kind as channel_kind',
      'channels.messenger as channel_messenger',
      'channels.name as channel_name',
    ])
    .where('conversations.contact_id', '=', contactId)
    .where(visible);
  const before = decodeCursor(page.cursor, timelinePosition);
  if (before !== undefined) query = query.where('messages.id', '<', before);
  const rows = await query
    .orderBy('messages.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const { results, next_cursor } = pageOf(rows, page.limit, (last) => last.id);
  const lastInbound = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select('messages.conversation_id')
    .where('conversations.contact_id', '=', contactId)
    .where('messages.direction', '=', 'in')
    .where(visible)
    .orderBy('messages.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const latest =
    lastInbound ??
    (await db
      .selectFrom('conversations')
      .select('conversations.id as conversation_id')
      .where('conversations.contact_id', '=', contactId)
      .where(visible)
      .orderBy('conversations.last_message_at', 'desc')
      .limit(1)
      .executeTakeFirst());
  return {
    results: results.map(({ channel_id: id, channel_kind: kind, channel_messenger: messenger, channel_name: name, ...message }) => ({
      ...serializeMessage(message),
      channel: { id, kind, messenger, name },
    })),
    next_cursor,
    reply_chat_id: latest?.conversation_id ?? null,
  };
}
