import type { SessionResponse as SignedIn, StaffUserJson } from '@switchboard/contract';
import { api, ApiError } from '../../../lib/api.ts';

/** The signed-in staff user (the contract's). */
export type StaffUser = StaffUserJson;

/** What sign-in answers; /api/auth/me leaves the CSRF token out when the call came with an API token. */
export type SessionResponse = Omit<SignedIn, 'csrf_token'> & { csrf_token?: string };

export const sessionQueryKey = ['session'] as const;

/** The signed-in user, or null when signed out. */
export async function fetchSession(): Promise<StaffUser | null> {
  try {
    const response = await api.get<SessionResponse>('/api/auth/me', { allowUnauthenticated: true });
    return response.user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function signIn(email: string, password: string): Promise<SessionResponse> {
  return api.post<SessionResponse>('/api/auth/login', { email, password }, { allowUnauthenticated: true });
}

export function signOut(): Promise<unknown> {
  return api.post('/api/auth/logout', {}, { allowUnauthenticated: true });
}

export function fetchSetupStatus(): Promise<{ needs_setup: boolean; needs_business_details?: boolean }> {
  return api.get('/api/setup/status', { allowUnauthenticated: true });
}

export function completeSetup(input: { setup_code: string; email: string; password: string; name?: string }): Promise<SessionResponse> {
  return api.post<SessionResponse>('/api/setup', input, { allowUnauthenticated: true });
}
