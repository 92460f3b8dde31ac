import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  fetchHealth,
  fetchParkedUpdates,
  fetchSystemStatus,
  healthKey,
  parkedKey,
  retryParkedUpdate,
  systemStatusKey,
} from '../api/system.api.ts';

// Intake trouble shows up within a poll: a stuck bot is worth a glance every 15 s, not a push channel.
const refetchInterval = 15_000;

/** Each bot's intake health, by channel id (for the bot cards). */
export function useIntakeHealth() {
  const query = useQuery({ queryKey: healthKey, queryFn: fetchHealth, refetchInterval });
  return new Map((query.data?.channels ?? []).map((channel) => [String(channel.channel_id), channel]));
}

export function useSystemStatus() {
  return useQuery({ queryKey: systemStatusKey, queryFn: fetchSystemStatus, refetchInterval });
}

export function useParkedUpdates() {
  return useQuery({ queryKey: parkedKey, queryFn: fetchParkedUpdates, refetchInterval });
}

export function useRetryParked() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryParkedUpdate,
    onSuccess: () => Promise.all([parkedKey, systemStatusKey, healthKey].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}
