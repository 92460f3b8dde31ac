import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  addComment,
  fetchMyInvoices,
  fetchMyTickets,
  fetchPortalMe,
  fetchPreferences,
  fetchTicket,
  openTicket,
  portalKeys,
  setTicketStatus,
  updatePreferences,
  type TicketStatus,
} from '../api/portal.api.ts';

/** Staff change tickets and invoices while the portal is open: lists refresh when the client comes back to the tab, and every half minute. */
const keptFresh = { refetchOnWindowFocus: true, refetchInterval: 30_000 } as const;

export function usePortalSession() {
  return useQuery({ queryKey: portalKeys.me, queryFn: fetchPortalMe, staleTime: 5 * 60_000, retry: 1 });
}

export function useMyTickets() {
  return useInfiniteQuery({
    queryKey: portalKeys.tickets,
    queryFn: ({ pageParam }) => fetchMyTickets(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    ...keptFresh,
  });
}

export function useMyInvoices() {
  return useInfiniteQuery({
    queryKey: portalKeys.invoices,
    queryFn: ({ pageParam }) => fetchMyInvoices(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    ...keptFresh,
  });
}

export function useOpenTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: openTicket,
    meta: { silent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: portalKeys.tickets }),
  });
}

export function useTicket(id: number) {
  return useQuery({
    queryKey: portalKeys.ticket(id),
    queryFn: () => fetchTicket(id),
    enabled: Number.isInteger(id) && id > 0,
    ...keptFresh,
  });
}

export function useAddComment(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => addComment(id, body),
    meta: { silent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: portalKeys.ticket(id) }),
  });
}

export function useSetTicketStatus(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: TicketStatus) => setTicketStatus(id, status),
    meta: { silent: true },
    onSuccess: (ticket) => {
      queryClient.setQueryData(portalKeys.ticket(id), ticket);
      void queryClient.invalidateQueries({ queryKey: portalKeys.tickets });
    },
  });
}

export function usePreferences() {
  return useQuery({ queryKey: portalKeys.preferences, queryFn: fetchPreferences });
}

export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePreferences,
    meta: { silent: true },
    onSuccess: (preferences) => queryClient.setQueryData(portalKeys.preferences, preferences),
  });
}
