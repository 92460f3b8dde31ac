import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  addComment,
  createTicket,
  fetchTeammates,
  fetchTicket,
  fetchTickets,
  ticketsKey,
  updateTicket,
  type TicketFilters,
  type TicketStatus,
} from '../api/tickets.api.ts';

export function useTickets(filters: TicketFilters) {
  return useInfiniteQuery({
    queryKey: [...ticketsKey, 'list', filters],
    queryFn: ({ pageParam }) => fetchTickets(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
}

export function useTicket(id: number) {
  return useQuery({ queryKey: [...ticketsKey, 'one', id], queryFn: () => fetchTicket(id), enabled: id > 0 });
}

export function useTeammates() {
  return useQuery({ queryKey: ['teammates'], queryFn: fetchTeammates, staleTime: 60_000 });
}

export function useTicketMutations(id?: number) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ticketsKey });
  return {
    create: useMutation({ mutationFn: createTicket, onSuccess: refresh, meta: { silent: true } }),
    update: useMutation({
      mutationFn: (patch: { status?: TicketStatus; assignee_id?: number | null }) => updateTicket(id!, patch),
      onSuccess: refresh,
      meta: { silent: true },
    }),
    comment: useMutation({
      mutationFn: (input: Parameters<typeof addComment>[1]) => addComment(id!, input),
      onSuccess: refresh,
      meta: { silent: true },
    }),
  };
}
