import type { EnabledApps } from '@switchboard/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';

/** The apps the server runs (GET /api/apps): pages of an app switched off with APPS are hidden. */
export function useEnabledApps() {
  const query = useQuery({ queryKey: ['apps'], queryFn: () => api.get<EnabledApps>('/api/apps'), staleTime: 10 * 60_000 });
  // Until the answer comes, nothing app-specific shows: no link appears and then vanishes.
  return { isEnabled: (name: string) => query.data?.apps.includes(name) ?? false, isPending: query.isPending };
}
