import type { ChannelRecord, InboundEvent, Person } from '../../channels/channel.ts';
import type { EventDraft } from '../events.ts';
import { createRecordMemo, recordEdit, recordInbound, summarizeChannel, pressAsMessage, type RecordHooks } from '../record.service.ts';
import { previewOf, serializeChat, serializeMessage } from '../serializers.ts';
import { inboxTables, type ContactRow, type ConversationRow, type InboxDb, type MessageRow } from '../tables.ts';
import {
  bulkBumpConversations,
  bulkClearUnreachable,
  bulkInsertMessages,
  bulkUpsertContacts,
  bulkUpsertConversations,
} from './record-sql.ts';

export interface BatchItem {
  channel: ChannelRecord;
  event: InboundEvent;
}

type MessageEvent = Extract<InboundEvent, { type: 'message' | 'edit' }>;
type Plain = { channel: ChannelRecord; event: MessageEvent; index: number };

/**
 * Records the normalised events of many chats in the caller's transaction, in their order, and returns the
 * realtime events they cause (in that order). New messages go in runs: one statement each for the run's
 * contacts, conversations, messages and counters, instead of five per message; an edit or a reachability
 * change ends the run and is recorded on its own (recordInbound), so each chat's order holds.
 */
export async function recordInboundBatch(trx: InboxDb, items: BatchItem[], hooks: RecordHooks = {}): Promise<EventDraft[]> {
  const drafts: EventDraft[][] = items.map(() => []);
  let run: Plain[] = [];
  const flush = async () => {
    if (run.length > 0) await recordRun(trx, run, drafts, hooks);
    run = [];
  };
  for (const [index, { channel, event }] of items.entries()) {
    if (event.type === 'message' || event.type === 'button') {
      run.push({ channel, event: event.type === 'button' ? (pressAsMessage(event) as MessageEvent) : event, index });
      continue;
    }
    await flush();
    drafts[index] = await recordInbound(trx, channel, event, hooks, createRecordMemo());
  }
  await flush();
  return drafts.flat();
}

const personKey = (person: Person) => `${person.messenger}\u0000${person.externalId}`;
const chatKey = (channelId: number, event: MessageEvent) => `${channelId}\u0000${event.chat.externalId}\u0000${event.chat.topicId}`;

async function recordRun(trx: InboxDb, run: Plain[], drafts: EventDraft[][], hooks: RecordHooks): Promise<void> {
  const db = inboxTables(trx);
  // Contacts: the latest profile of each sender in the run.
  const people = new Map<string, Person>();
  // A private chat's other person (`chat.peer`) is its contact when the message is our own (an account's owner writing first).
  const peerOf = (event: MessageEvent) =>
    event.chat.type === 'private' && !(event.sender && !event.message.fromSelf) ? (event.chat.peer ?? null) : null;
  for (const { event } of run) {
    if (event.sender && !event.message.fromSelf) people.set(personKey(event.sender), event.sender);
    const peer = peerOf(event);
    if (peer) people.set(personKey(peer), peer);
  }
  const contacts = await bulkUpsertContacts(db, [...people.values()]);
  const senderOf = (event: MessageEvent) => (event.sender && !event.message.fromSelf ? contacts.get(personKey(event.sender))! : null);
  const privateContactOf = (event: MessageEvent) => {
    if (event.chat.type !== 'private') return null;
    const peer = peerOf(event);
    return senderOf(event) ?? (peer ? contacts.get(personKey(peer))! : null);
  };

  const reachable = new Map<string, { contactId: number; channelId: number }>();
  for (const { channel, event } of run) {
    const contact = privateContactOf(event);
    if (contact) reachable.set(`${contact.id}:${channel.id}`, { contactId: contact.id, channelId: channel.id });
  }
  await bulkClearUnreachable(db, [...reachable.values()]);

  // Conversations: one row each, with what its latest event says; the first event says who opened it.
  const chats = new Map<string, { channelId: number; event: MessageEvent; contactId: number | null; first: Plain }>();
  for (const plain of run) {
    const key = chatKey(plain.channel.id, plain.event);
    const first = chats.get(key)?.first ?? plain;
    chats.set(key, { channelId: plain.channel.id, event: plain.event, contactId: privateContactOf(plain.event)?.id ?? null, first });
  }
  const conversations = await bulkUpsertConversations(
    db,
    [...chats.entries()].map(([key, chat]) => ({ key, channelId: chat.channelId, chat: chat.event.chat, contactId: chat.contactId })),
  );
  // A hook that did nothing for one new conversation (nobody free to take it, or auto-assignment off) is not asked
  // again for the others of this run: they are as new as that one, in the same transaction (issue 27: a query each).
  let askNewConversation = Boolean(hooks.onNewConversation);
  for (const [key, chat] of chats) {
    const conversation = conversations.get(key)!;
    if (!askNewConversation || !conversation.inserted || chat.first.event.message.fromSelf) continue;
    const caused = await hooks.onNewConversation!(trx, conversation.id);
    if (caused.length === 0) askNewConversation = false;
    drafts[chat.first.index]!.push(...caused);
  }

  const inserted = await bulkInsertMessages(
    db,
    run.map(({ channel, event }) => ({
      conversationId: conversations.get(chatKey(channel.id, event))!.id,
      event,
      sender: senderOf(event),
    })),
  );
  const recorded: Array<{ plain: Plain; message: MessageRow; conversationKey: string }> = [];
  const redelivered: Plain[] = [];
  for (const [position, plain] of run.entries()) {
    const row = inserted[position];
    if (!row) {
      if (!plain.event.message.fromSelf) redelivered.push(plain);
      continue;
    }
    const message = hooks.onMessageRecorded ? await hooks.onMessageRecorded(trx, row) : row;
    recorded.push({ plain, message, conversationKey: chatKey(plain.channel.id, plain.event) });
  }

  const bumped = await bulkBumpConversations(
    db,
    recorded.map(({ message }) => message),
  );
  const groupContacts = await contactsByIds(
    db,
    [...bumped.values()].flatMap((row) => (row.chat_type !== 'private' && row.contact_id !== null ? [row.contact_id] : [])),
  );
  // Each message's event shows the chat as it was right after that message (counters, preview).
  const later = new Map<number, { in: number; out: number }>();
  for (const { plain, message, conversationKey } of recorded.toReversed()) {
    const final = bumped.get(conversations.get(conversationKey)!.id)!;
    const after = later.get(final.id) ?? { in: 0, out: 0 };
    const state: ConversationRow = {
      ...final,
      messages_in: final.messages_in - after.in,
      messages_out: final.messages_out - after.out,
      last_message_id: message.id,
      last_message_at: message.sent_at,
      last_message_preview: previewOf(message.kind, message.text),
      last_message_direction: message.direction,
    };
    if (message.direction === 'in') after.in += 1;
    else after.out += 1;
    later.set(final.id, after);
    const contact = privateContactOf(plain.event) ?? (final.contact_id === null ? null : (groupContacts.get(final.contact_id) ?? null));
    drafts[plain.index]!.push({
      type: 'new_message',
      conversationId: final.id,
      assignedOperatorId: final.assigned_operator_id,
      // Read with the counters: recordEvents need not read it again.
      teamId: final.team_id,
      payload: { message: serializeMessage(message), chat: serializeChat(state, summarizeChannel(plain.channel), contact) },
    });
  }
  // A redelivered message (same conversation and message id) never doubles; a changed text updates it.
  for (const plain of redelivered) {
    const conversation = conversations.get(chatKey(plain.channel.id, plain.event))!;
    drafts[plain.index]!.push(...(await recordEdit(db, bumped.get(conversation.id) ?? conversation, plain.event)));
  }
}

async function contactsByIds(db: InboxDb, ids: number[]): Promise<Map<number, ContactRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('contacts')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}
