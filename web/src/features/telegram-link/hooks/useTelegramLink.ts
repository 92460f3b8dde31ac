import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  disconnectTelegram,
  fetchTelegramStatus,
  generateTelegramLink,
  setTelegramNotificationsEnabled,
  telegramLinkQueryKey,
  type TelegramAudience,
  type TelegramLinkStatus,
} from '../api/telegram-link.api.ts';

const pollMs = 2000;

/**
 * The link status, polled while someone may be pressing Start in Telegram (a link was just shown,
 * or the server knows of one still waiting), so the widget turns "linked" without a reload.
 */
export function useTelegramStatus(audience: TelegramAudience, waitingUntil: string | null) {
  return useQuery({
    queryKey: telegramLinkQueryKey(audience),
    queryFn: () => fetchTelegramStatus(audience),
    refetchInterval: (query) => {
      const status = query.state.data;
      if (!status || status.connected) return false;
      const until = Math.max(Date.parse(waitingUntil ?? '') || 0, Date.parse(status.pending_link_expires_at ?? '') || 0);
      return until > Date.now() ? pollMs : false;
    },
  });
}

export function useTelegramLinkActions(audience: TelegramAudience) {
  const queryClient = useQueryClient();
  const store = (status: TelegramLinkStatus) => queryClient.setQueryData(telegramLinkQueryKey(audience), status);
  const generate = useMutation({
    mutationFn: () => generateTelegramLink(audience),
    meta: { silent: true },
    onSuccess: (link) => {
      const current = queryClient.getQueryData<TelegramLinkStatus>(telegramLinkQueryKey(audience));
      if (current) store({ ...current, pending_link_expires_at: link.expires_at });
    },
  });
  const setEnabled = useMutation({
    mutationFn: (enabled: boolean) => setTelegramNotificationsEnabled(audience, enabled),
    meta: { silent: true },
    onSuccess: store,
  });
  const disconnect = useMutation({ mutationFn: () => disconnectTelegram(audience), meta: { silent: true }, onSuccess: store });
  return { generate, setEnabled, disconnect };
}
