import { api } from '../../lib/api.ts';

export interface LoginStep {
  step: 'code' | 'password' | 'done';
  code_type: string | null;
  next_type: string | null;
  timeout: number | null;
  message: string;
}

export interface PersonalAccount {
  id: number;
  name: string;
  status: string;
  status_detail: string | null;
  bot_name: string | null;
  login: LoginStep;
}

export const startLogin = (body: { name: string; phone_number: string; api_id: number; api_hash: string }) =>
  api.post<PersonalAccount>('/api/accounts/authenticate/', { ...body, account_type: 'user' });
export const verifyCode = (id: number, otp_code: string) => api.post<PersonalAccount>(`/api/accounts/${id}/verify_otp`, { otp_code });
export const verifyPassword = (id: number, password: string) =>
  api.post<PersonalAccount>(`/api/accounts/${id}/verify_password`, { password });
export const resendCode = (id: number) => api.post<PersonalAccount>(`/api/accounts/${id}/resend_code`);

/** The account's live connection (GET /api/accounts/:id/health); null for kinds that keep none. */
export interface AccountHealth {
  connected: boolean;
  connected_at: string | null;
  last_update_at: string | null;
  flood_waits: number;
  last_flood_wait: { seconds: number; at: string } | null;
  paused_reason: string | null;
  /** The account's phone number. */
  address?: string | null;
  /** Another server holds the connection: this answer is not the live view. */
  held_elsewhere?: { instance_id: string; since: string } | null;
  /** The first import of recent chats while it runs. */
  importing?: { done: number; total: number } | null;
  /** The connection's state (offline, connecting, updating, connected), reconnects and, while down, the backoff. */
  state?: string | null;
  reconnects?: number;
  last_reconnect_at?: string | null;
  dropped_at?: string | null;
  backoff?: { attempt: number; wait_ms: number; next_attempt_at: string } | null;
}

export const healthKey = (id: number | string) => ['accounts', id, 'health'] as const;
export const fetchHealth = async (id: number | string) =>
  (await api.get<{ account_id: number; health: AccountHealth | null }>(`/api/accounts/${id}/health`)).health;

export interface StartedChat {
  /** The inbox conversation, opened at once; its first message is queued like a reply. */
  chat_id: number;
  chat_external_id: string;
  person: { external_id: string; first_name: string; last_name: string | null; username: string | null };
}
export const startChat = (id: number | string, body: { to: string; text: string }) =>
  api.post<StartedChat>(`/api/accounts/${id}/chats`, body);
