// Personal accounts' login and health: the request and answer types are the API contract's (@switchboard/contract,
// accounts.ts and system.ts).
import type { AccountHealthAnswer, AccountInLogin, AccountLoginBody } from '@switchboard/contract';
import { api } from '../../lib/api.ts';

export type { AccountHealth, AccountInLogin as PersonalAccount, AccountLoginStep as LoginStep } from '@switchboard/contract';

export const startLogin = (body: AccountLoginBody & { phone_number: string; api_id: number; api_hash: string }) =>
  api.post<AccountInLogin>('/api/accounts/authenticate/', { ...body, account_type: 'user' });
export const verifyCode = (id: number, otp_code: string) => api.post<AccountInLogin>(`/api/accounts/${id}/verify_otp`, { otp_code });
export const verifyPassword = (id: number, password: string) =>
  api.post<AccountInLogin>(`/api/accounts/${id}/verify_password`, { password });
export const resendCode = (id: number) => api.post<AccountInLogin>(`/api/accounts/${id}/resend_code`);

export const healthKey = (id: number | string) => ['accounts', id, 'health'] as const;
export const fetchHealth = async (id: number | string) => (await api.get<AccountHealthAnswer>(`/api/accounts/${id}/health`)).health;

export interface StartedChat {
  /** The inbox conversation, opened at once; its first message is queued like a reply. */
  chat_id: number;
  chat_external_id: string;
  person: { external_id: string; first_name: string; last_name: string | null; username: string | null };
}
export const startChat = (id: number | string, body: { to: string; text: string }) =>
  api.post<StartedChat>(`/api/accounts/${id}/chats`, body);
