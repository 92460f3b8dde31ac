// Pure updates of the cached pages when realtime events arrive: no refetch of a 10,000-row list
// for one new message. The same rules as the server's filters decide where a chat belongs.
import type { Page } from '../../../lib/api.ts';
import type { Chat, ChatListParams, Message, MessageStatusUpdate, ChatId, MessageId } from './types.ts';
import { displayName } from '../../../lib/safe-display.ts';

export function chatDisplayName(chat: Pick<Chat, 'contact' | 'title' | 'id'>): string {
  const contact = chat.contact;
  const fromContact =
    contact?.display_name?.trim() ||
    [contact?.first_name, contact?.last_name].filter(Boolean).join(' ').trim() ||
    (contact?.username ? `@${contact.username}` : '');
  return displayName(fromContact || chat.title?.trim()) || `#${chat.id}`;
}

/** `viewerId` is the signed-in staff user: "mine" means assigned to them. */
export function chatMatches(chat: Chat, params: ChatListParams, viewerId?: number | string | null): boolean {
  if (params.filter === 'unread' && chat.unread_count <= 0) return false;
  if (
    params.filter === 'mine' &&
    (chat.assigned_operator_id == null || viewerId == null || String(chat.assigned_operator_id) !== String(viewerId))
  )
    return false;
  if (params.filter === 'unassigned' && chat.assigned_operator_id != null) return false;
  if (params.messenger && chat.messenger !== params.messenger) return false;
  if (params.channelId && String(chat.channel.id) !== params.channelId) return false;
  if (params.status && chat.status !== params.status) return false;
  if (params.assigneeId && String(chat.assigned_operator_id) !== params.assigneeId) return false;
  if (params.teamId && String(chat.team_id ?? '') !== params.teamId) return false;
  if (params.labelId && !(chat.label_ids ?? []).some((id) => String(id) === params.labelId)) return false;
  if (params.attribute && !attributeMatches(chat, params.attribute, params.attributeValue ?? '')) return false;
  const query = params.q.trim().toLocaleLowerCase();
  if (query) {
    const haystack = [
      chatDisplayName(chat),
      chat.title,
      chat.contact?.username,
      chat.contact?.first_name,
      chat.contact?.last_name,
      chat.contact?.phone,
    ]
      .filter(Boolean)
      .join(' ')
      .toLocaleLowerCase();
    if (!haystack.includes(query)) return false;
  }
  return true;
}

/** The server's rule (inbox/attribute-values.ts): a checkbox by truth, anything else by its text, ignoring case. */
function attributeMatches(chat: Chat, attribute: string, wanted: string): boolean {
  const [target, key] = attribute.split('.') as [string, string];
  const value = (target === 'contact' ? chat.contact?.attributes : chat.attributes)?.[key];
  if (wanted === 'true' || wanted === 'false') return (value === true) === (wanted === 'true') || String(value) === wanted;
  return value !== undefined && String(value).toLocaleLowerCase() === wanted.trim().toLocaleLowerCase();
}

function activityTime(chat: Chat): number {
  return Date.parse(chat.last_message_at ?? chat.created_at) || 0;
}

/** Newer activity first; ties by id so the order is stable. */
export function compareChats(a: Chat, b: Chat): number {
  return activityTime(b) - activityTime(a) || String(b.id).localeCompare(String(a.id), undefined, { numeric: true });
}

/**
 * Puts the updated chat where it belongs in the loaded pages of one list: removed when it no longer
 * matches, moved by its last activity otherwise. A chat that would sort below everything loaded is
 * left for pagination to bring in, so pages never get holes or duplicates.
 */
export function placeChatInPages(pages: Page<Chat>[], chat: Chat, params: ChatListParams, viewerId?: number | string | null): Page<Chat>[] {
  const stripped = removeChatFromPages(pages, chat.id);
  if (!chatMatches(chat, params, viewerId)) return stripped;
  const all = stripped.flatMap((page) => page.results);
  const index = all.findIndex((item) => compareChats(chat, item) < 0);
  const hasMore = stripped.at(-1)?.next_cursor != null;
  if (index === -1 && hasMore) return stripped;
  let offset = 0;
  return stripped.map((page, pageIndex) => {
    const start = offset;
    offset += page.results.length;
    const isLast = pageIndex === stripped.length - 1;
    const target = index === -1 ? all.length : index;
    if (target < start || (target >= offset && !(isLast && target === offset))) return page;
    const results = [...page.results];
    results.splice(target - start, 0, chat);
    offset = Number.POSITIVE_INFINITY;
    return { ...page, results };
  });
}

/** Takes a chat out of every loaded page (it was handed to someone else, or is no longer visible). */
export function removeChatFromPages(pages: Page<Chat>[], id: ChatId): Page<Chat>[] {
  const key = String(id);
  return pages.map((page) => {
    const results = page.results.filter((item) => String(item.id) !== key);
    return results.length === page.results.length ? page : { ...page, results };
  });
}

/** Updates a chat in place (same position) when it is loaded; never inserts. */
export function patchChatInPages(pages: Page<Chat>[], id: ChatId, patch: (chat: Chat) => Chat): Page<Chat>[] {
  const key = String(id);
  return pages.map((page) =>
    page.results.some((item) => String(item.id) === key)
      ? { ...page, results: page.results.map((item) => (String(item.id) === key ? patch(item) : item)) }
      : page,
  );
}

/**
 * Whether a new message is already in this tab's own unread count for its chat: the message is loaded, or the chat was
 * read from the server after the message was stored (its count has it; message ids only grow).
 */
export function alreadyCounted(chat: Chat | undefined, loaded: Page<Message>[], messageId: MessageId): boolean {
  if (loaded.some((page) => page.results.some((item) => String(item.id) === String(messageId)))) return true;
  return (chat?.last_message?.id ?? 0) >= Number(messageId);
}

/** Message pages are newest first: a new message goes to the front of page 0, once. */
export function addMessageToPages(pages: Page<Message>[], message: Message): Page<Message>[] {
  const key = String(message.id);
  for (const page of pages) {
    if (page.results.some((item) => String(item.id) === key)) {
      return updateMessageInPages(pages, message.id, (existing) => mergeMessage(existing, message));
    }
  }
  if (pages.length === 0) return [{ results: [message], next_cursor: null }];
  const [first, ...rest] = pages;
  const results = [message, ...first!.results].sort(compareMessagesNewestFirst);
  return [{ ...first!, results }, ...rest];
}

/**
 * A copy of a message that arrives late (the HTTP answer to a send or a retry, overtaken by the
 * WebSocket's `sent`, or a messenger's `delivered`/`read`) must not take the message's ticks back.
 */
const deliveryOrder: Record<string, number> = { queued: 0, sent: 1, delivered: 2, read: 3 };

export function mergeMessage(existing: Message, incoming: Message): Message {
  const behind = (deliveryOrder[incoming.status ?? ''] ?? -1) < (deliveryOrder[existing.status ?? ''] ?? -1);
  if (behind && incoming.status !== 'failed') {
    return {
      ...existing,
      ...incoming,
      status: existing.status,
      status_reason: existing.status_reason,
      external_message_id: existing.external_message_id,
    };
  }
  return { ...existing, ...incoming };
}

export function compareMessagesNewestFirst(a: Message, b: Message): number {
  const byTime = Date.parse(b.created_at) - Date.parse(a.created_at);
  if (byTime) return byTime;
  const idA = Number(a.id);
  const idB = Number(b.id);
  return Number.isFinite(idA) && Number.isFinite(idB) ? idB - idA : String(b.id).localeCompare(String(a.id));
}

export function updateMessageInPages(pages: Page<Message>[], id: MessageId, patch: (message: Message) => Message): Page<Message>[] {
  const key = String(id);
  return pages.map((page) =>
    page.results.some((item) => String(item.id) === key)
      ? { ...page, results: page.results.map((item) => (String(item.id) === key ? patch(item) : item)) }
      : page,
  );
}

export function applyStatusToPages(pages: Page<Message>[], update: MessageStatusUpdate): Page<Message>[] {
  return updateMessageInPages(pages, update.id, (message) => ({
    ...message,
    status: update.status,
    status_reason: update.status_reason,
    external_message_id: update.external_message_id ?? message.external_message_id,
  }));
}
