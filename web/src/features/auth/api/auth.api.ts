import { api, ApiError } from '../../../lib/api.ts';

export interface StaffUser {
  id: number;
  email: string;
  name: string;
  role: string;
  is_active: boolean;
  language: string;
}

export interface SessionResponse {
  user: StaffUser;
  csrf_token?: string;
}

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

export function fetchSetupStatus(): Promise<{ needs_setup: boolean }> {
  return api.get('/api/setup/status', { allowUnauthenticated: true });
}

export function completeSetup(input: { setup_code: string; email: string; password: string; name?: string }): Promise<SessionResponse> {
  return api.post<SessionResponse>('/api/setup', input, { allowUnauthenticated: true });
}
