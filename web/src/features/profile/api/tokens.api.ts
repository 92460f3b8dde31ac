import type { NewTokenBody, PasswordChangeBody, TokenInfo } from '@switchboard/contract';
import { api, type Page } from '../../../lib/api.ts';

/** One of the signed-in user's API tokens (the contract's); its value is only ever in the answer that created it. */
export type ApiToken = TokenInfo;

export const tokensQueryKey = ['profile', 'tokens'] as const;

export const fetchTokens = () => api.get<Page<ApiToken>>('/api/tokens').then((page) => page.results);
export const createToken = (input: NewTokenBody) => api.post<ApiToken & { token: string }>('/api/tokens', input);
export const revokeToken = (id: number) => api.delete<void>(`/api/tokens/${id}`);
export const changePassword = (input: PasswordChangeBody) => api.post<{ ok: true }>('/api/auth/password', input);
