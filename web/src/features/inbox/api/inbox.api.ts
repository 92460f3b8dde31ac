import { api, withQuery, type Page } from '../../../lib/api.ts';
import type { Chat, ChatListParams, Message } from './types.ts';

export const chatPageSize = 100;
export const messagePageSize = 50;

export const inboxKeys = {
  chatLists: ['chats', 'list'] as const,
  chatList: (params: ChatListParams) => ['chats', 'list', params] as const,
  chat: (id: Chat['id']) => ['chats', 'one', String(id)] as const,
  messages: (chatId: Chat['id']) => ['messages', String(chatId)] as const,
  // Not under 'chats': a resync resets those, and the note must outlive it.
  handoff: (id: Chat['id']) => ['handoffs', String(id)] as const,
};

export function fetchChats(params: ChatListParams, cursor: string | null, signal?: AbortSignal): Promise<Page<Chat>> {
  return api.get<Page<Chat>>(
    withQuery('/api/chats', {
      cursor,
      limit: chatPageSize,
      filter: params.filter === 'all' ? undefined : params.filter,
      q: params.q.trim(),
      messenger: params.messenger,
      channel_id: params.channelId,
    }),
    { signal },
  );
}

export function fetchChat(id: Chat['id'], signal?: AbortSignal): Promise<Chat> {
  return api.get<Chat>(`/api/chats/${encodeURIComponent(String(id))}`, { signal });
}

export function markChatRead(id: Chat['id']): Promise<unknown> {
  return api.post(`/api/chats/${encodeURIComponent(String(id))}/read`, {});
}

export function fetchMessages(chatId: Chat['id'], cursor: string | null, signal?: AbortSignal): Promise<Page<Message>> {
  return api.get<Page<Message>>(withQuery('/api/messages/by_chat', { chat_id: String(chatId), cursor, limit: messagePageSize }), {
    signal,
  });
}

export function sendMessage(chatId: Chat['id'], text: string): Promise<Message> {
  return api.post<Message>(`/api/chats/${encodeURIComponent(String(chatId))}/messages`, { text });
}

export function retryMessage(id: Message['id']): Promise<Message> {
  return api.post<Message>(`/api/messages/${encodeURIComponent(String(id))}/retry`, {});
}
