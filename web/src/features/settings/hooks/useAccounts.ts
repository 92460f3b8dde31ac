import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  accountsKey,
  createAccount,
  deleteAccount,
  fetchAccounts,
  fetchWebhookInfo,
  testAccount,
  updateAccount,
  type Account,
} from '../api/accounts.api.ts';

export function useAccounts() {
  return useQuery({ queryKey: accountsKey, queryFn: fetchAccounts });
}

export function useWebhookInfo(id: Account['id'], enabled: boolean) {
  return useQuery({ queryKey: ['accounts', String(id), 'webhook'], queryFn: () => fetchWebhookInfo(id), enabled, retry: false });
}

export function useAccountMutations() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: accountsKey });
  return {
    create: useMutation({ mutationFn: createAccount, onSuccess: refresh, meta: { silent: true } }),
    update: useMutation({
      mutationFn: ({ id, ...body }: Parameters<typeof updateAccount>[1] & { id: Account['id'] }) => updateAccount(id, body),
      onSuccess: refresh,
      meta: { silent: true },
    }),
    remove: useMutation({ mutationFn: deleteAccount, onSuccess: refresh }),
    test: useMutation({ mutationFn: testAccount, meta: { silent: true } }),
  };
}
