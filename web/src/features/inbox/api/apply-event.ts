// Applies one realtime event to TanStack Query's cache: the inbox updates without refetching.
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Page } from '../../../lib/api.ts';
import { addMessageToPages, applyStatusToPages, patchChatInPages, placeChatInPages } from './chat-cache.ts';
import { inboxKeys } from './inbox.api.ts';
import type { Chat, ChatListParams, Message, MessageStatusUpdate, ServerEvent } from './types.ts';

type ChatPages = InfiniteData<Page<Chat>, string | null>;
type MessagePages = InfiniteData<Page<Message>, string | null>;

export function putChat(queryClient: QueryClient, chat: Chat): void {
  queryClient.setQueryData<Chat>(inboxKeys.chat(chat.id), chat);
  for (const [key, data] of queryClient.getQueriesData<ChatPages>({ queryKey: inboxKeys.chatLists })) {
    if (!data) continue;
    const params = key[2] as ChatListParams;
    queryClient.setQueryData<ChatPages>(key, { ...data, pages: placeChatInPages(data.pages, chat, params) });
  }
}

/** Changes a loaded chat without moving it (read state, a chunk of initial_chats). */
export function patchChat(queryClient: QueryClient, id: Chat['id'], patch: (chat: Chat) => Chat): void {
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

export function putMessageStatus(queryClient: QueryClient, update: MessageStatusUpdate): void {
  queryClient.setQueryData<MessagePages>(inboxKeys.messages(update.chat_id), (data) =>
    data ? { ...data, pages: applyStatusToPages(data.pages, update) } : data,
  );
}

export interface ApplyContext {
  /** The conversation on screen, if any: its incoming messages are read as they arrive. */
  activeChatId(): string | null;
  markRead(chatId: Chat['id']): void;
  resync(): void;
}

export function applyServerEvent(queryClient: QueryClient, event: ServerEvent, context: ApplyContext): void {
  switch (event.type) {
    case 'new_message': {
      putMessage(queryClient, event.message);
      const isActive = context.activeChatId() === String(event.chat.id) && document.visibilityState === 'visible';
      if (isActive && event.message.direction === 'in') {
        putChat(queryClient, { ...event.chat, unread_count: 0 });
        context.markRead(event.chat.id);
      } else {
        putChat(queryClient, event.chat);
      }
      return;
    }
    case 'chat_updated': {
      const isActive = context.activeChatId() === String(event.chat.id) && document.visibilityState === 'visible';
      putChat(queryClient, isActive ? { ...event.chat, unread_count: 0 } : event.chat);
      return;
    }
    case 'message_status':
      putMessageStatus(queryClient, event.message);
      return;
    case 'initial_chats':
      for (const chat of event.chats) patchChat(queryClient, chat.id, (current) => ({ ...current, ...chat }));
      return;
    case 'resync_required':
      context.resync();
      return;
    default:
      return;
  }
}
