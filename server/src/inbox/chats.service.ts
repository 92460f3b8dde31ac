import { sql } from 'kysely';
import { z } from 'zod';
import { decodeCursor, pageOf, maxBigintId, maxIntegerId, notFound, type StaffUser } from '../platform/index.ts';
import { recordEvents } from './events.ts';
import { markReadFor, unreadFor } from './read-state.ts';
import { serializeChat, serializeMessage, type ChatJson, type MessageJson } from './serializers.ts';
import { inboxTables, type ContactRow, type ConversationRow, type InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';
import type { AttributeFilter } from './attribute-values.ts';

export interface ChatFilter {
  filter?: 'all' | 'unread' | 'mine' | 'unassigned';
  q?: string;
  /** A messenger family (channels.messenger, the channel module's `messenger`). */
  messenger?: string;
  channelId?: number;
  contactId?: number;
  status?: string;
  assigneeId?: number;
  labelId?: number;
  /** A custom attribute equal to a value (attribute-values.ts). */
  attribute?: AttributeFilter;
  teamId?: number;
}

interface Page<T> {
  results: T[];
  next_cursor: string | null;
}

// Positions the signed cursors carry: a chat list pages by (last activity, id), a history by message id.
const chatPosition = z.object({ at: z.iso.datetime(), id: z.number().int().positive().max(maxIntegerId) });
const messagePosition = z.number().int().positive().max(maxBigintId);

const sortKey = sql<Date>`coalesce(conversations.last_message_at, conversations.created_at)`;

/** Conversations joined with what a chat shows; always filtered by visibility. */
async function chatQuery(db: InboxDb, visibility: Visibility, user: StaffUser) {
  const visible = await visibility.filter(user);
  return db
    .selectFrom('conversations')
    .innerJoin('channels', 'channels.id', 'conversations.channel_id')
    .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .selectAll('conversations')
    .select([
      'channels.kind as channel_kind',
      'channels.messenger as channel_messenger',
      'channels.name as channel_name',
      'channels.username as channel_username',
      sql<ContactRow | null>`CASE WHEN contacts.id IS NULL THEN NULL ELSE to_jsonb(contacts) END`.as('contact_json'),
      sortKey.as('sort_at'),
      unreadFor(user.id).as('unread_count'),
      sql<
        number[]
      >`ARRAY(SELECT label_id FROM conversation_labels WHERE conversation_labels.conversation_id = conversations.id ORDER BY label_id)`.as(
        'label_ids',
      ),
    ])
    .where(visible);
}

type ChatSelect = Awaited<ReturnType<typeof chatQuery>>;
type ChatQueryRow = ConversationRow & {
  channel_kind: string;
  channel_messenger: string;
  channel_name: string;
  channel_username: string | null;
  contact_json: ContactRow | null;
  sort_at: Date;
  label_ids: number[];
  unread_count: number;
};

function toChat(row: ChatQueryRow): ChatJson {
  const contact = row.contact_json
    ? { ...row.contact_json, created_at: new Date(row.contact_json.created_at), updated_at: new Date(row.contact_json.updated_at) }
    : null;
  return serializeChat(
    row,
    {
      id: row.channel_id,
      kind: row.channel_kind,
      messenger: row.channel_messenger,
      name: row.channel_name,
      username: row.channel_username,
    },
    contact,
    row.label_ids,
  );
}

// Up to this many matching contacts are looked up by id; more, and walking the recency index finds a page sooner.
const fewContacts = 500;

/**
 * Name search: the contact's name, username or phone, or a group's title. Two
 * plans give the same rows: a rare term fetches its few contacts through their
 * trigram indexes first, then their conversations by id; a common one filters
 * the conversations in recency order.
 */
async function whereNameMatches(db: InboxDb, query: ChatSelect, term: string): Promise<ChatSelect> {
  const pattern = `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const contacts = await db
    .selectFrom('contacts')
    .select('id')
    .where((eb) => eb.or([eb('display_name', 'ilike', pattern), eb('username', 'ilike', pattern), eb('phone', 'ilike', pattern)]))
    .limit(fewContacts + 1)
    .execute();
  if (contacts.length <= fewContacts) {
    const ids = contacts.map((contact) => contact.id);
    return query.where((eb) =>
      eb.or([...(ids.length > 0 ? [eb('conversations.contact_id', 'in', ids)] : []), eb('conversations.title', 'ilike', pattern)]),
    );
  }
  return query.where((eb) =>
    eb.or([
      eb('contacts.display_name', 'ilike', pattern),
      eb('contacts.username', 'ilike', pattern),
      eb('conversations.title', 'ilike', pattern),
      eb('contacts.phone', 'ilike', pattern),
    ]),
  );
}

export async function listChats(
  handle: InboxDb,
  visibility: Visibility,
  user: StaffUser,
  filter: ChatFilter,
  page: { cursor?: string; limit: number },
): Promise<Page<ChatJson>> {
  const db = inboxTables(handle);
  let query = await chatQuery(db, visibility, user);
  if (filter.filter === 'unread') query = query.where(unreadFor(user.id), '>', 0);
  if (filter.filter === 'mine') query = query.where('conversations.assigned_operator_id', '=', user.id);
  if (filter.filter === 'unassigned') query = query.where('conversations.assigned_operator_id', 'is', null);
  if (filter.messenger) query = query.where('channels.messenger', '=', filter.messenger);
  if (filter.channelId) query = query.where('conversations.channel_id', '=', filter.channelId);
  if (filter.contactId) query = query.where('conversations.contact_id', '=', filter.contactId);
  if (filter.status) query = query.where('conversations.status', '=', filter.status);
  if (filter.assigneeId) query = query.where('conversations.assigned_operator_id', '=', filter.assigneeId);
  if (filter.teamId) query = query.where('conversations.team_id', '=', filter.teamId);
  if (filter.labelId) {
    const labelId = filter.labelId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('conversation_labels')
          .select('conversation_labels.label_id')
          .whereRef('conversation_labels.conversation_id', '=', 'conversations.id')
          .where('conversation_labels.label_id', '=', labelId),
      ),
    );
  }
  if (filter.attribute) {
    const { target, key, checked, text } = filter.attribute;
    const column = sql.ref(target === 'contact' ? 'contacts.attributes' : 'conversations.attributes');
    query = query.where(
      checked === undefined
        ? sql<boolean>`lower(${column} ->> ${key}::text) = lower(${text}::text)`
        : checked
          ? sql<boolean>`${column} @> ${JSON.stringify({ [key]: true })}::jsonb`
          : sql<boolean>`coalesce(${column} -> ${key}::text, 'false') <> 'true'::jsonb`,
    );
  }
  if (filter.q?.trim()) query = await whereNameMatches(db, query, filter.q.trim());
  const after = decodeCursor(page.cursor, chatPosition);
  if (after) query = query.where(sql<boolean>`(${sortKey}, conversations.id) < (${new Date(after.at)}::timestamptz, ${after.id})`);
  const rows = (await query
    .orderBy(sortKey, 'desc')
    .orderBy('conversations.id', 'desc')
    .limit(page.limit + 1)
    .execute()) as ChatQueryRow[];
  const { results, next_cursor } = pageOf(rows, page.limit, (last) => ({ at: new Date(last.sort_at).toISOString(), id: last.id }));
  return { results: results.map(toChat), next_cursor };
}

export async function getChat(handle: InboxDb, visibility: Visibility, user: StaffUser, chatId: number): Promise<ChatJson> {
  const row = await (await chatQuery(inboxTables(handle), visibility, user)).where('conversations.id', '=', chatId).executeTakeFirst();
  // Hidden and missing look the same: isolation never confirms a conversation exists.
  if (!row) throw notFound(`Chat ${chatId}`);
  return toChat(row);
}

export async function listMessages(
  handle: InboxDb,
  visibility: Visibility,
  user: StaffUser,
  options: { chatId?: number; contactId?: number; messenger?: string },
  page: { cursor?: string; limit: number },
): Promise<Page<MessageJson>> {
  const db = inboxTables(handle);
  const visible = await visibility.filter(user);
  let query = db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .selectAll('messages')
    .where(visible);
  if (options.chatId !== undefined) query = query.where('messages.conversation_id', '=', options.chatId);
  if (options.contactId !== undefined) query = query.where('conversations.contact_id', '=', options.contactId);
  if (options.messenger)
    query = query.where(
      'conversations.channel_id',
      'in',
      db.selectFrom('channels').select('id').where('messenger', '=', options.messenger),
    );
  const before = decodeCursor(page.cursor, messagePosition);
  if (before !== undefined) query = query.where('messages.id', '<', before);
  const rows = await query
    .orderBy('messages.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  // Only an empty page needs telling apart an empty chat from a hidden or missing one (404, like getChat).
  if (rows.length === 0 && options.chatId !== undefined) {
    const exists = await db
      .selectFrom('conversations')
      .select('conversations.id')
      .where('conversations.id', '=', options.chatId)
      .where(visible)
      .executeTakeFirst();
    if (!exists) throw notFound(`Chat ${options.chatId}`);
  }
  const { results, next_cursor } = pageOf(rows, page.limit, (last) => last.id);
  return { results: results.map(serializeMessage), next_cursor };
}

/**
 * Opening a conversation reads it for this person only: their marker moves to the latest incoming
 * message. Messages keep `read_at` as the first time anyone on the team read them. The event goes to
 * this person's tabs alone; the rest of the team's counts stay as they were.
 */
export async function markChatRead(handle: InboxDb, visibility: Visibility, user: StaffUser, chatId: number) {
  const chat = await getChat(handle, visibility, user, chatId);
  const db = inboxTables(handle);
  const events = await db.transaction().execute(async (trx) => {
    const unreadBefore = await markReadFor(trx, user.id, chatId);
    const read = await trx
      .updateTable('messages')
      .set({ read_at: new Date(), read_by_staff_id: user.id })
      .where('conversation_id', '=', chatId)
      .where('direction', '=', 'in')
      .where('read_at', 'is', null)
      .returning('id')
      .execute();
    if (read.length === 0 && unreadBefore === 0) return [];
    return recordEvents(trx, [
      {
        type: 'chat_updated',
        conversationId: chatId,
        userId: user.id,
        assignedOperatorId: chat.assigned_operator_id,
        payload: { chat: { ...chat, unread_count: 0 }, read_message_ids: read.map((row) => row.id) },
      },
    ]);
  });
  return { chat: { ...chat, unread_count: 0 }, events };
}
