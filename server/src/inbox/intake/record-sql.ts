// The set-based statements behind recordInboundBatch: one statement for many rows, rows passed as one
// jsonb array (one parameter, however many rows; jsonb_to_recordset types each field).
import { sql } from 'kysely';
import type { InboundChat, InboundEvent, Person } from '../../channels/channel.ts';
import { displayNameOf, upsertContact } from '../contacts.ts';
import { previewOf } from '../serializers.ts';
import { hideStartPayload } from '../start-payload.ts';
import { messageColumns } from '../queries/message-columns.ts';
import type { ContactRow, ConversationRow, InboxDb, MessageRow } from '../tables.ts';

const personKey = (messenger: string, externalId: string) => `${messenger}\u0000${externalId}`;

function profileOf(person: Person) {
  return {
    profile_name: displayNameOf(person),
    first_name: person.firstName || null,
    last_name: person.lastName ?? null,
    username: person.username ?? null,
    language_code: person.languageCode ?? null,
  };
}

/** upsertContact for many people: one read; new people in one statement; a changed profile (rare) on its own. */
export async function bulkUpsertContacts(db: InboxDb, people: Person[]): Promise<Map<string, ContactRow>> {
  const found = new Map<string, ContactRow>();
  if (people.length === 0) return found;
  const existing = await sql<ContactRow & { identity_messenger: string; identity_external_id: string }>`
    SELECT contacts.*, identity.messenger AS identity_messenger, identity.external_id AS identity_external_id
    FROM contact_identities identity JOIN contacts ON contacts.id = identity.contact_id
    WHERE (identity.messenger, identity.external_id) IN (
      SELECT * FROM unnest(${people.map((person) => person.messenger)}::text[], ${people.map((person) => person.externalId)}::text[]))
  `.execute(db);
  for (const { identity_messenger: messenger, identity_external_id: externalId, ...row } of existing.rows)
    found.set(personKey(messenger, externalId), row);
  const fresh: Person[] = [];
  for (const person of people) {
    const row = found.get(personKey(person.messenger, person.externalId));
    if (!row) {
      fresh.push(person);
      continue;
    }
    const profile = profileOf(person);
    // A name a person set stays; the messenger's name is still kept beside it (as upsertContact does).
    const update = row.name_set_by_staff ? profile : { ...profile, display_name: profile.profile_name };
    const changed =
      (Object.keys(update) as Array<keyof typeof update>).some((key) => update[key] !== null && row[key] !== update[key]) ||
      (!row.phone && person.phone !== undefined);
    if (changed) found.set(personKey(person.messenger, person.externalId), await upsertContact(db, person));
  }
  if (fresh.length === 0) return found;
  const input = JSON.stringify(
    fresh.map((person) => ({
      messenger: person.messenger,
      external_id: person.externalId,
      ...profileOf(person),
      phone: person.phone ?? null,
    })),
  );
  // Ids are drawn first so that each new contact meets its identity in the same statement; an identity another
  // transaction created meanwhile wins (DO NOTHING), and its contact is looked up the usual way.
  const created = await sql<ContactRow & { identity_messenger: string; identity_external_id: string; linked: boolean }>`
    WITH input AS (
      SELECT nextval(pg_get_serial_sequence('contacts', 'id'))::int AS id, person.*
      FROM jsonb_to_recordset(${input}::jsonb) AS person(messenger text, external_id text, profile_name text, first_name text, last_name text, username text, language_code text, phone text)
    ), created AS (
      INSERT INTO contacts (id, display_name, profile_name, first_name, last_name, username, language_code, phone)
      SELECT id, profile_name, profile_name, first_name, last_name, username, language_code, phone FROM input
      RETURNING *
    ), linked AS (
      INSERT INTO contact_identities (contact_id, messenger, external_id, username)
      SELECT id, messenger, external_id, username FROM input
      ON CONFLICT (messenger, external_id) DO NOTHING
      RETURNING contact_id
    )
    SELECT created.*, input.messenger AS identity_messenger, input.external_id AS identity_external_id,
      EXISTS (SELECT 1 FROM linked WHERE linked.contact_id = created.id) AS linked
    FROM created JOIN input ON input.id = created.id
  `.execute(db);
  const lost: number[] = [];
  for (const { identity_messenger: messenger, identity_external_id: externalId, linked, ...row } of created.rows) {
    if (linked) found.set(personKey(messenger, externalId), row);
    else lost.push(row.id);
  }
  if (lost.length > 0) {
    await db.deleteFrom('contacts').where('id', 'in', lost).execute();
    for (const person of fresh)
      if (!found.has(personKey(person.messenger, person.externalId)))
        found.set(personKey(person.messenger, person.externalId), await upsertContact(db, person));
  }
  return found;
}

/** A message from a person proves the bot can reach them again (clearUnreachable for many). */
export async function bulkClearUnreachable(db: InboxDb, pairs: Array<{ contactId: number; channelId: number }>): Promise<void> {
  if (pairs.length === 0) return;
  await sql`
    UPDATE contact_reachability SET reachable = true, reason = NULL, updated_at = now()
    WHERE reachable = false AND (contact_id, channel_id) IN (
      SELECT * FROM unnest(${pairs.map((pair) => pair.contactId)}::int[], ${pairs.map((pair) => pair.channelId)}::int[]))
  `.execute(db);
}

/**
 * The conversations of many chats, created or kept current (a group's title, a private chat's contact). A row
 * that already says all that is read, not written again: the counters' UPDATE that follows is its one new version.
 */
export async function bulkUpsertConversations(
  db: InboxDb,
  chats: Array<{ key: string; channelId: number; chat: InboundChat; contactId: number | null }>,
): Promise<Map<string, ConversationRow & { inserted: boolean }>> {
  const input = JSON.stringify(
    chats.map(({ channelId, chat, contactId }, position) => ({
      position,
      channel_id: channelId,
      external_chat_id: chat.externalId,
      topic_id: chat.topicId,
      chat_type: chat.type,
      title: chat.type === 'private' ? '' : chat.title,
      contact_id: contactId,
    })),
  );
  const keyOf = (row: { channel_id: number; external_chat_id: string; topic_id: string }) =>
    `${row.channel_id}\u0000${row.external_chat_id}\u0000${row.topic_id}`;
  // The unchanged rows come from the statement's snapshot: one another transaction committed meanwhile is not in it
  // (nor written, the WHERE being false), and is read again below.
  const rows = await sql<ConversationRow & { inserted: boolean }>`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${input}::jsonb)
        AS chat(position int, channel_id int, external_chat_id text, topic_id text, chat_type text, title text, contact_id int)
    ), written AS (
      INSERT INTO conversations (channel_id, external_chat_id, topic_id, chat_type, title, contact_id)
      SELECT channel_id, external_chat_id, topic_id, chat_type, title, contact_id FROM input ORDER BY position
      ON CONFLICT (channel_id, external_chat_id, topic_id) DO UPDATE SET
        title = CASE WHEN excluded.chat_type = 'private' THEN conversations.title ELSE excluded.title END,
        chat_type = excluded.chat_type,
        contact_id = coalesce(excluded.contact_id, conversations.contact_id)
      WHERE (excluded.chat_type <> 'private' AND conversations.title IS DISTINCT FROM excluded.title)
        OR conversations.chat_type IS DISTINCT FROM excluded.chat_type
        OR (excluded.contact_id IS NOT NULL AND conversations.contact_id IS DISTINCT FROM excluded.contact_id)
      RETURNING *, (xmax = 0) AS inserted
    )
    SELECT * FROM written
    UNION ALL
    SELECT conversations.*, false AS inserted FROM conversations JOIN input USING (channel_id, external_chat_id, topic_id)
    WHERE conversations.id NOT IN (SELECT id FROM written)
  `.execute(db);
  const byChat = new Map(rows.rows.map((row) => [keyOf(row), row]));
  const missing = chats.filter(
    ({ channelId, chat }) => !byChat.has(keyOf({ channel_id: channelId, external_chat_id: chat.externalId, topic_id: chat.topicId })),
  );
  if (missing.length > 0) {
    const again = await db
      .selectFrom('conversations')
      .selectAll()
      .where((eb) =>
        eb.or(
          missing.map(({ channelId, chat }) =>
            eb.and([eb('channel_id', '=', channelId), eb('external_chat_id', '=', chat.externalId), eb('topic_id', '=', chat.topicId)]),
          ),
        ),
      )
      .execute();
    for (const row of again) byChat.set(keyOf(row), { ...row, inserted: false });
  }
  return new Map(
    chats.map(({ key, channelId, chat }) => [
      key,
      byChat.get(keyOf({ channel_id: channelId, external_chat_id: chat.externalId, topic_id: chat.topicId }))!,
    ]),
  );
}

type MessageInput = { conversationId: number; event: Extract<InboundEvent, { type: 'message' | 'edit' }>; sender: ContactRow | null };

/** Many messages in one INSERT, in order; the result is aligned with the input (undefined: already recorded). */
export async function bulkInsertMessages(db: InboxDb, messages: MessageInput[]): Promise<Array<MessageRow | undefined>> {
  const input = JSON.stringify(
    messages.map(({ conversationId, event, sender }, position) => {
      const direction = event.message.fromSelf ? 'out' : 'in';
      return {
        position,
        conversation_id: conversationId,
        direction,
        sender_kind: direction === 'in' ? 'client' : 'bot',
        sender_contact_id: sender?.id ?? null,
        sender_name: event.sender ? displayNameOf(event.sender) : '',
        kind: event.message.kind,
        text: hideStartPayload(event.message.text),
        service: event.message.service ?? null,
        entities: event.message.entities ?? null,
        attachments: event.message.attachments,
        external_message_id: event.message.externalId,
        reply_to_external_id: event.message.replyToExternalId ?? null,
        media_group_id: event.message.mediaGroupId ?? null,
        status: direction === 'out' ? 'sent' : null,
        sent_at: event.message.date,
      };
    }),
  );
  const rows = await sql<MessageRow>`
    INSERT INTO messages (conversation_id, direction, sender_kind, sender_contact_id, sender_name, kind, text, service, entities,
      attachments, external_message_id, reply_to_external_id, media_group_id, status, sent_at)
    SELECT conversation_id, direction, sender_kind, sender_contact_id, sender_name, kind, text, service, entities, attachments,
      external_message_id, reply_to_external_id, media_group_id, status, sent_at
    FROM jsonb_to_recordset(${input}::jsonb) AS message(position int, conversation_id int, direction text, sender_kind text,
      sender_contact_id int, sender_name text, kind text, text text, service jsonb, entities jsonb, attachments jsonb, external_message_id text,
      reply_to_external_id text, media_group_id text, status text, sent_at timestamptz)
    ORDER BY position
    ON CONFLICT (conversation_id, external_message_id) WHERE external_message_id IS NOT NULL DO NOTHING
    RETURNING ${sql.raw(messageColumns.join(', '))}
  `.execute(db);
  const byKey = new Map(rows.rows.map((row) => [`${row.conversation_id}\u0000${row.external_message_id}`, row]));
  return messages.map(({ conversationId, event }) => {
    const key = `${conversationId}\u0000${event.message.externalId}`;
    const row = byKey.get(key);
    // The first of two deliveries in one run is the one inserted; the second is a redelivery.
    byKey.delete(key);
    return row;
  });
}

/** Counters and the list preview after new messages (in their order), one statement for every conversation. */
export async function bulkBumpConversations(db: InboxDb, messages: MessageRow[]): Promise<Map<number, ConversationRow>> {
  if (messages.length === 0) return new Map();
  const bumps = new Map<number, { id: number; n_in: number; n_out: number; first_at: Date; last: MessageRow }>();
  for (const message of messages) {
    const bump = bumps.get(message.conversation_id) ?? {
      id: message.conversation_id,
      n_in: 0,
      n_out: 0,
      first_at: message.sent_at,
      last: message,
    };
    if (message.direction === 'in') bump.n_in += 1;
    else bump.n_out += 1;
    bump.last = message;
    bumps.set(message.conversation_id, bump);
  }
  const input = JSON.stringify(
    [...bumps.values()].map(({ last, ...bump }) => ({
      ...bump,
      last_id: last.id,
      last_at: last.sent_at,
      preview: previewOf(last.kind, last.text),
      last_direction: last.direction,
    })),
  );
  const rows = await sql<ConversationRow>`
    UPDATE conversations SET
      messages_in = conversations.messages_in + bump.n_in,
      messages_out = conversations.messages_out + bump.n_out,
      last_message_id = bump.last_id,
      last_message_at = bump.last_at,
      last_message_preview = bump.preview,
      last_message_direction = bump.last_direction,
      -- A customer writing again reopens a resolved conversation and ends a snooze; a pending one stays pending.
      status = CASE WHEN bump.n_in > 0 AND conversations.status IN ('resolved', 'snoozed') THEN 'open' ELSE conversations.status END,
      snoozed_until = CASE WHEN bump.n_in > 0 THEN NULL ELSE conversations.snoozed_until END,
      first_message_at = coalesce(conversations.first_message_at, bump.first_at),
      updated_at = now()
    FROM jsonb_to_recordset(${input}::jsonb) AS bump(id int, n_in int, n_out int, first_at timestamptz, last_id bigint,
      last_at timestamptz, preview text, last_direction text)
    WHERE conversations.id = bump.id
    RETURNING conversations.*
  `.execute(db);
  return new Map(rows.rows.map((row) => [row.id, row]));
}
