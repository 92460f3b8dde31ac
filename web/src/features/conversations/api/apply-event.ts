// Applies one realtime event to TanStack Query's cache: the inbox updates without refetching.
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Page } from '../../../lib/api.ts';
import { sessionQueryKey, type StaffUser } from '../../auth/index.ts';
import {
  addMessageToPages,
  alreadyCounted,
  applyStatusToPages,
  mergeMessage,
  patchChatInPages,
  placeChatInPages,
  removeChatFromPages,
  updateMessageInPages,
} from './chat-cache.ts';
import { fetchChat, inboxKeys } from './conversations.api.ts';
import type { Chat, ChatListParams, Message, MessageStatusUpdate, ServerEvent, ChatId, TeamChat } from './types.ts';

type ChatPages = InfiniteData<Page<Chat>, string | null>;
type MessagePages = InfiniteData<Page<Message>, string | null>;

/** A chat as this tab last knew it: the open one, or a row of any loaded list. */
export function cachedChat(queryClient: QueryClient, id: ChatId): Chat | undefined {
  const open = queryClient.getQueryData<Chat>(inboxKeys.chat(id));
  if (open) return open;
  for (const [, data] of queryClient.getQueriesData<ChatPages>({ queryKey: inboxKeys.chatLists })) {
    const found = data?.pages.flatMap((page) => page.results).find((item) => String(item.id) === String(id));
    if (found) return found;
  }
  return undefined;
}

export const unreadSummaryKey = ['unread-summary'] as const;

/**
 * Unread is per operator: an event for the whole team carries no count, so this tab keeps its own
 * and adds what arrives while the conversation is not in front of the operator.
 */
function withOwnUnread(queryClient: QueryClient, chat: TeamChat, added = 0): Chat {
  if (chat.unread_count !== undefined) return chat as Chat;
  return { ...chat, unread_count: (cachedChat(queryClient, chat.id)?.unread_count ?? 0) + added };
}

export function putChat(queryClient: QueryClient, incoming: Chat): void {
  const viewer = queryClient.getQueryData<StaffUser | null>(sessionQueryKey);
  // Labels travel only with label changes: keep the ones already known.
  const chat = incoming.label_ids === undefined ? { ...incoming, label_ids: cachedChat(queryClient, incoming.id)?.label_ids } : incoming;
  // The server decides visibility; this mirrors it for a chat that has just moved to someone else.
  if (viewer && viewer.role !== 'admin' && chat.assigned_operator_id != null && String(chat.assigned_operator_id) !== String(viewer.id)) {
    removeChat(queryClient, chat.id, { operatorId: chat.assigned_operator_id, operatorName: null });
    return;
  }
  queryClient.setQueryData<Chat>(inboxKeys.chat(chat.id), chat);
  // Ours again (transferred back): no longer "transferred to …".
  if (queryClient.getQueryData(inboxKeys.handoff(chat.id))) queryClient.setQueryData(inboxKeys.handoff(chat.id), null);
  for (const [key, data] of queryClient.getQueriesData<ChatPages>({ queryKey: inboxKeys.chatLists })) {
    if (!data) continue;
    const params = key[2] as ChatListParams;
    queryClient.setQueryData<ChatPages>(key, { ...data, pages: placeChatInPages(data.pages, chat, params, viewer?.id) });
  }
}

/** Who a conversation went to when it left this user; `operatorName` is null when the event did not say. */
export interface Handoff {
  operatorId: Chat['assigned_operator_id'];
  operatorName: string | null;
}

/**
 * The chat is no longer this user's to see: out of every list, and the open conversation asks the
 * server again. When it was handed to someone, the open conversation stays as it was (read only) and
 * says to whom, instead of turning into "not found".
 */
export function removeChat(queryClient: QueryClient, id: ChatId, handoff?: Handoff): void {
  for (const [key, data] of queryClient.getQueriesData<ChatPages>({ queryKey: inboxKeys.chatLists })) {
    if (data) queryClient.setQueryData<ChatPages>(key, { ...data, pages: removeChatFromPages(data.pages, id) });
  }
  if (handoff) {
    const known = queryClient.getQueryData<Handoff>(inboxKeys.handoff(id));
    // The event's name is better than none; a later call without one keeps it.
    queryClient.setQueryData<Handoff>(inboxKeys.handoff(id), {
      ...handoff,
      operatorName: handoff.operatorName ?? known?.operatorName ?? null,
    });
    return;
  }
  queryClient.removeQueries({ queryKey: inboxKeys.messages(id) });
  // Reset, not invalidate: a refetch that fails would keep showing the old copy.
  void queryClient.resetQueries({ queryKey: inboxKeys.chat(id) });
}

/** Reads a chat that changed hands: it shows up (it is now ours) or goes away (404). */
async function refreshChat(queryClient: QueryClient, id: ChatId, handoff?: Handoff): Promise<void> {
  try {
    putChat(queryClient, await fetchChat(id));
  } catch (error) {
    if ((error as { status?: number }).status === 404) removeChat(queryClient, id, handoff);
  }
}

/** Changes a loaded chat without moving it (read state, a chunk of initial_chats). */
export function patchChat(queryClient: QueryClient, id: ChatId, patch: (chat: Chat) => Chat): void {
  queryClient.setQueryData<Chat>(inboxKeys.chat(id), (chat) => (chat ? patch(chat) : chat));
  for (const [key, data] of queryClient.getQueriesData<ChatPages>({ queryKey: inboxKeys.chatLists })) {
    if (!data) continue;
    queryClient.setQueryData<ChatPages>(key, { ...data, pages: patchChatInPages(data.pages, id, patch) });
  }
}

export function putMessage(queryClient: QueryClient, message: Message): void {
  queryClient.setQueryData<MessagePages>(inboxKeys.messages(message.chat_id), (data) =>
    data ? { ...data, pages: addMessageToPages(data.pages, message) } : data,
  );
}

/**
 * The HTTP answer to sending a new message: shown at once, unless the WebSocket brought the message
 * first — its copy is then at least as new (it may already say sent or failed) and the answer, which
 * always says queued, must not take it back.
 */
export function putSentMessage(queryClient: QueryClient, message: Message): void {
  const key = String(message.id);
  queryClient.setQueryData<MessagePages>(inboxKeys.messages(message.chat_id), (data) =>
    data && !data.pages.some((page) => page.results.some((item) => String(item.id) === key))
      ? { ...data, pages: addMessageToPages(data.pages, message) }
      : data,
  );
}

export function putMessageStatus(queryClient: QueryClient, update: MessageStatusUpdate): void {
  queryClient.setQueryData<MessagePages>(inboxKeys.messages(update.chat_id), (data) =>
    data ? { ...data, pages: applyStatusToPages(data.pages, update) } : data,
  );
}

export interface ApplyContext {
  /** The conversation on screen, if any: its incoming messages are read as they arrive. */
  activeChatId(): string | null;
  markRead(chatId: ChatId): void;
  resync(): void;
}

export function applyServerEvent(queryClient: QueryClient, event: ServerEvent, context: ApplyContext): void {
  switch (event.type) {
    case 'new_message': {
      const known = alreadyCounted(
        cachedChat(queryClient, event.chat.id),
        queryClient.getQueryData<MessagePages>(inboxKeys.messages(event.message.chat_id))?.pages ?? [],
        event.message.id,
      );
      putMessage(queryClient, event.message);
      const isActive = context.activeChatId() === String(event.chat.id) && document.visibilityState === 'visible';
      if (isActive && event.message.direction === 'in') {
        putChat(queryClient, { ...event.chat, unread_count: 0 });
        context.markRead(event.chat.id);
      } else {
        putChat(queryClient, withOwnUnread(queryClient, event.chat, event.message.direction === 'in' && !known ? 1 : 0));
      }
      void queryClient.invalidateQueries({ queryKey: unreadSummaryKey }, { cancelRefetch: false });
      return;
    }
    case 'chat_updated': {
      const isActive = context.activeChatId() === String(event.chat.id) && document.visibilityState === 'visible';
      const chat = event.label_ids ? { ...event.chat, label_ids: event.label_ids } : event.chat;
      // Read on the server (by this tab or another): the messages show it even if they loaded before the read.
      if (event.read_message_ids?.length) {
        const read = new Set(event.read_message_ids.map(String));
        const readAt = new Date().toISOString();
        queryClient.setQueryData<MessagePages>(inboxKeys.messages(chat.id), (data) =>
          data
            ? {
                ...data,
                pages: data.pages.map((page) => ({
                  ...page,
                  results: page.results.map((message) =>
                    read.has(String(message.id)) && !message.read_at ? { ...message, read_at: readAt } : message,
                  ),
                })),
              }
            : data,
        );
      }
      // Resolving and reopening write a service line into the conversation: bring it in.
      const before = cachedChat(queryClient, chat.id);
      if (before && before.status !== chat.status) void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(chat.id) });
      putChat(queryClient, isActive ? { ...chat, unread_count: 0 } : withOwnUnread(queryClient, chat));
      if (chat.unread_count !== undefined) void queryClient.invalidateQueries({ queryKey: unreadSummaryKey }, { cancelRefetch: false });
      return;
    }
    case 'chat_assigned': {
      const known = cachedChat(queryClient, event.chat_id);
      if (known)
        putChat(queryClient, { ...known, assigned_operator_id: event.operator_id, team_id: event.team_id ?? known.team_id ?? null });
      else void refreshChat(queryClient, event.chat_id);
      void queryClient.invalidateQueries({ queryKey: ['team', 'assignments', String(event.chat_id)] });
      void queryClient.invalidateQueries({ queryKey: unreadSummaryKey }, { cancelRefetch: false });
      // The server writes "Assigned to … by …" into the conversation without a message event.
      void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(event.chat_id) });
      return;
    }
    case 'chat_removed':
      void queryClient.invalidateQueries({ queryKey: unreadSummaryKey }, { cancelRefetch: false });
      // Sent to the previous holder, who may still see it in the queue: ask rather than guess.
      void refreshChat(
        queryClient,
        event.chat_id,
        event.operator_id != null ? { operatorId: event.operator_id, operatorName: event.operator_name ?? null } : undefined,
      );
      return;
    case 'message_status':
      putMessageStatus(queryClient, event.message);
      return;
    case 'message_updated':
      // A file finished downloading, or the customer edited the text: only a loaded message changes.
      queryClient.setQueryData<MessagePages>(inboxKeys.messages(event.message.chat_id), (data) =>
        data
          ? { ...data, pages: updateMessageInPages(data.pages, event.message.id, (existing) => mergeMessage(existing, event.message)) }
          : data,
      );
      // An edited last message is also the list's preview (the server updated its copy the same way).
      if (event.message.kind === 'text')
        patchChat(queryClient, event.message.chat_id, (chat) =>
          chat.last_message && String(chat.last_message.id) === String(event.message.id)
            ? { ...chat, last_message: { ...chat.last_message, text: event.message.text } }
            : chat,
        );
      return;
    case 'initial_chats': {
      // A (re)connection: counts may have moved while the socket was away.
      void queryClient.invalidateQueries({ queryKey: unreadSummaryKey }, { cancelRefetch: false });
      // A chat that arrived between the list's fetch and the socket's snapshot is placed; known ones are only patched (cheap).
      const known = new Set<string>();
      for (const [, data] of queryClient.getQueriesData<ChatPages>({ queryKey: inboxKeys.chatLists })) {
        for (const page of data?.pages ?? []) for (const item of page.results) known.add(String(item.id));
      }
      for (const chat of event.chats) {
        if (known.has(String(chat.id)) || queryClient.getQueryData(inboxKeys.chat(chat.id)))
          patchChat(queryClient, chat.id, (current) => ({ ...current, ...chat }));
        else putChat(queryClient, chat);
      }
      return;
    }
    case 'resync_required':
      context.resync();
      return;
    default:
      return;
  }
}
