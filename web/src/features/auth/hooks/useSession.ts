import { useQuery } from '@tanstack/react-query';
import { fetchSession, fetchSetupStatus, sessionQueryKey } from '../api/auth.api.ts';

export function useSession() {
  return useQuery({ queryKey: sessionQueryKey, queryFn: fetchSession, staleTime: 5 * 60_000, retry: 1 });
}

export function useSetupStatus(enabled = true) {
  return useQuery({ queryKey: ['setup-status'], queryFn: fetchSetupStatus, enabled, staleTime: 10_000 });
}

/** Where to go after signing in: the page the operator was on, never another site. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login') || next.startsWith('/setup')) return '/inbox';
  return next;
}
