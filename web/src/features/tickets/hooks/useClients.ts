import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  clientsKey,
  createClient,
  fetchClient,
  fetchClients,
  fetchClientTelegram,
  inviteClient,
  sendTelegramMessage,
  updateClient,
  type ClientInput,
} from '../api/clients.api.ts';

export function useClients(search: string) {
  return useInfiniteQuery({
    queryKey: [...clientsKey, 'list', search.trim()],
    queryFn: ({ pageParam }) => fetchClients(search, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
}

export function useClient(id: number) {
  return useQuery({ queryKey: [...clientsKey, 'one', id], queryFn: () => fetchClient(id), enabled: id > 0 });
}

export function useClientTelegram(id: number, enabled = true) {
  return useQuery({ queryKey: [...clientsKey, 'telegram', id], queryFn: () => fetchClientTelegram(id), enabled });
}

export function useClientMutations(id?: number) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: clientsKey });
  return {
    create: useMutation({ mutationFn: createClient, onSuccess: refresh, meta: { silent: true } }),
    update: useMutation({ mutationFn: (patch: ClientInput) => updateClient(id!, patch), onSuccess: refresh, meta: { silent: true } }),
    invite: useMutation({ mutationFn: () => inviteClient(id!), onSuccess: refresh, meta: { silent: true } }),
    send: useMutation({ mutationFn: (message: string) => sendTelegramMessage(id!, message), meta: { silent: true } }),
  };
}
