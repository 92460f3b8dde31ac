import { api, type Page } from '../../../lib/api.ts';

/** One of the signed-in user's API tokens; its value is only ever in the answer that created it. */
export interface ApiToken {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

export const tokensQueryKey = ['profile', 'tokens'] as const;

export const fetchTokens = () => api.get<Page<ApiToken>>('/api/tokens').then((page) => page.results);
export const createToken = (input: { name: string; expires_at: string | null }) =>
  api.post<ApiToken & { token: string }>('/api/tokens', input);
export const revokeToken = (id: number) => api.delete<void>(`/api/tokens/${id}`);
export const changePassword = (input: { current_password: string; new_password: string; keep_tokens: boolean }) =>
  api.post<{ ok: true }>('/api/auth/password', input);
