import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { Page } from '../../../lib/api.ts';
import { readDraft, writeDraft } from '../../../lib/drafts.ts';
import { patchChat, putChat, putMessage, putSentMessage } from '../../conversations/index.ts';
import { fetchChat, fetchChats, fetchMessages, inboxKeys, markChatRead, retryMessage, sendMessage } from '../../conversations/index.ts';
import type { Chat, ChatListParams, Message } from '../../conversations/index.ts';

export function useChatList(params: ChatListParams) {
  return useInfiniteQuery({
    queryKey: inboxKeys.chatList(params),
    queryFn: ({ pageParam, signal }) => fetchChats(params, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    staleTime: 30_000,
    // Old pages keep their identity anyway; deep-comparing 10,000 rows on every page costs frames.
    structuralSharing: false,
  });
}

/** One chat: from the server, shown at once from any loaded list while it loads. */
export function useChat(id: string | undefined) {
  const queryClient = useQueryClient();
  return useQuery<Chat>({
    queryKey: inboxKeys.chat(id ?? ''),
    queryFn: ({ signal }) => fetchChat(id!, signal),
    enabled: Boolean(id),
    staleTime: 30_000,
    placeholderData: (): Chat | undefined => {
      for (const [, data] of queryClient.getQueriesData<InfiniteData<Page<Chat>>>({ queryKey: inboxKeys.chatLists })) {
        const found = data?.pages.flatMap((page) => page.results).find((chat) => String(chat.id) === id);
        if (found) return found;
      }
      return undefined;
    },
  });
}

export function useMessages(chatId: string | undefined) {
  return useInfiniteQuery({
    queryKey: inboxKeys.messages(chatId ?? ''),
    queryFn: ({ pageParam, signal }) => fetchMessages(chatId!, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    enabled: Boolean(chatId),
    // Realtime keeps it current; refetching would drop older pages the operator scrolled to.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (chatId: Chat['id']) => markChatRead(chatId),
    meta: { silent: true },
    onMutate: (chatId) => {
      patchChat(queryClient, chatId, (chat) => ({ ...chat, unread_count: 0 }));
      const readAt = new Date().toISOString();
      queryClient.setQueryData<InfiniteData<Page<Message>>>(inboxKeys.messages(chatId), (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                results: page.results.map((message) =>
                  message.direction === 'in' && !message.read_at ? { ...message, read_at: readAt } : message,
                ),
              })),
            }
          : data,
      );
    },
  });
}

export function useSendMessage(chatId: Chat['id']) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => sendMessage(chatId, text),
    // Here, not in mutate(): these run even when the reply box is gone (a 401 took the page to sign-in).
    onError: (_error, text) => {
      if (!readDraft(chatId)) writeDraft(chatId, text);
    },
    onSuccess: (message) => {
      putSentMessage(queryClient, message);
      const chat = queryClient.getQueryData<Chat>(inboxKeys.chat(chatId));
      if (chat) {
        putChat(queryClient, {
          ...chat,
          last_message: { id: message.id, text: message.text, kind: message.kind, direction: 'out', created_at: message.created_at },
          last_message_at: message.created_at,
        });
      }
    },
  });
}

export function useRetryMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: Message) => retryMessage(message.id),
    onSuccess: (message) => putMessage(queryClient, message),
  });
}
