import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { createInvoice, fetchInvoices, invoicesKey, updateInvoice, type InvoiceStatus } from '../api/invoices.api.ts';

export function useInvoices(filters: { status?: InvoiceStatus | null; client_id?: number | null }) {
  return useInfiniteQuery({
    queryKey: [...invoicesKey, filters],
    queryFn: ({ pageParam }) => fetchInvoices(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
}

export function useInvoiceMutations() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: invoicesKey });
  return {
    create: useMutation({ mutationFn: createInvoice, onSuccess: refresh, meta: { silent: true } }),
    update: useMutation({
      mutationFn: ({ id, status }: { id: number; status: InvoiceStatus }) => updateInvoice(id, { status }),
      onSuccess: refresh,
    }),
  };
}
