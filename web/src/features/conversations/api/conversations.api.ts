import { api, withQuery, type Page } from '../../../lib/api.ts';
import type { Chat, ChatListParams, ChatStatus, Message, ChatId, MessageId, SavedView, SavedViewFilters } from './types.ts';

export const chatPageSize = 100;
export const messagePageSize = 50;

export const inboxKeys = {
  chatLists: ['chats', 'list'] as const,
  chatList: (params: ChatListParams) => ['chats', 'list', params] as const,
  chat: (id: ChatId) => ['chats', 'one', String(id)] as const,
  messages: (chatId: ChatId) => ['messages', String(chatId)] as const,
  // Not under 'chats': a resync resets those, and the note must outlive it.
  handoff: (id: ChatId) => ['handoffs', String(id)] as const,
  views: ['views'] as const,
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
      status: params.status,
      assignee_id: params.assigneeId,
      label_id: params.labelId,
      attribute: params.attribute,
      attribute_value: params.attribute ? params.attributeValue : undefined,
      team_id: params.teamId,
    }),
    { signal },
  );
}

export function fetchChat(id: ChatId, signal?: AbortSignal): Promise<Chat> {
  return api.get<Chat>(`/api/chats/${encodeURIComponent(String(id))}`, { signal });
}

export function markChatRead(id: ChatId): Promise<unknown> {
  return api.post(`/api/chats/${encodeURIComponent(String(id))}/read`, {});
}

export function fetchMessages(chatId: ChatId, cursor: string | null, signal?: AbortSignal): Promise<Page<Message>> {
  return api.get<Page<Message>>(withQuery('/api/messages/by_chat', { chat_id: String(chatId), cursor, limit: messagePageSize }), {
    signal,
  });
}

export function sendMessage(chatId: ChatId, text: string): Promise<Message> {
  return api.post<Message>(`/api/chats/${encodeURIComponent(String(chatId))}/messages`, { text });
}

export function retryMessage(id: MessageId): Promise<Message> {
  return api.post<Message>(`/api/messages/${encodeURIComponent(String(id))}/retry`, {});
}

/** Status and snooze: `snoozedUntil` only with `snoozed` (an ISO time, or null for "until the customer writes"). */
export function setChatStatus(id: ChatId, status: ChatStatus, snoozedUntil?: string | null): Promise<Chat> {
  return api.post<Chat>(`/api/chats/${encodeURIComponent(String(id))}/status`, {
    status,
    ...(status === 'snoozed' ? { snoozed_until: snoozedUntil ?? null } : {}),
  });
}

export function fetchViews(signal?: AbortSignal): Promise<Page<SavedView>> {
  return api.get<Page<SavedView>>('/api/views', { signal });
}

export function createView(name: string, filters: SavedViewFilters): Promise<SavedView> {
  return api.post<SavedView>('/api/views', { name, filters });
}

export function deleteView(id: SavedView['id']): Promise<unknown> {
  return api.delete(`/api/views/${id}`);
}
