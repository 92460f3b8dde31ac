import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { inboxKeys } from '../../conversations/index.ts';
import {
  contactsKeys,
  fetchContact,
  fetchContacts,
  fetchMergeSuggestions,
  fetchTimeline,
  mergeContacts,
  sendToContact,
  timelineKeys,
  updateContact,
  type ContactDetails,
  type ProfileChanges,
} from '../api/contacts.api.ts';

export function useContactList(q: string) {
  return useInfiniteQuery({
    queryKey: contactsKeys.list(q.trim()),
    queryFn: ({ pageParam, signal }) => fetchContacts(q, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
}

export function useContact(id: number | string | undefined) {
  return useQuery({
    queryKey: contactsKeys.one(id ?? ''),
    queryFn: ({ signal }) => fetchContact(id!, signal),
    enabled: id !== undefined && id !== '',
    staleTime: 15_000,
  });
}

/** Saves profile fields; the page shows the server's answer in place, so no toast. */
export function useUpdateContact(id: number | string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: ProfileChanges) => updateContact(id, changes),
    meta: { silent: true },
    onSuccess: (profile, changes) => {
      queryClient.setQueryData<ContactDetails>(contactsKeys.one(id), (current) => (current ? { ...current, ...profile } : current));
      void queryClient.invalidateQueries({ queryKey: ['contacts', 'list'] });
      // Chats carry the contact too: the open one shows the phone; the lists (costly to reload) only the name.
      void queryClient.invalidateQueries({ queryKey: ['chats', 'one'] });
      if (changes.display_name !== undefined) void queryClient.invalidateQueries({ queryKey: inboxKeys.chatLists });
    },
  });
}

export function useMergeContacts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ keepId, duplicateId }: { keepId: number; duplicateId: number }) => mergeContacts(keepId, duplicateId),
    meta: { silent: true },
    onSuccess: (_kept, { duplicateId }) => {
      queryClient.removeQueries({ queryKey: contactsKeys.one(duplicateId) });
      void queryClient.invalidateQueries({ queryKey: contactsKeys.all });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.chatLists });
    },
  });
}

export function useMergeSuggestions(id: number) {
  return useQuery({
    queryKey: timelineKeys.suggestions(id),
    queryFn: ({ signal }) => fetchMergeSuggestions(id, signal),
    staleTime: 15_000,
  });
}

export function useContactTimeline(id: number) {
  return useInfiniteQuery({
    queryKey: timelineKeys.one(id),
    queryFn: ({ pageParam, signal }) => fetchTimeline(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    staleTime: 5_000,
  });
}

export function useSendToContact(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ text, chatId }: { text: string; chatId: number | null }) => sendToContact(id, text, chatId),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: timelineKeys.one(id) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.chatLists });
    },
  });
}
