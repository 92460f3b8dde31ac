// Personal accounts' login and health: the request and answer types are the API contract's (@switchboard/contract,
// accounts.ts, system.ts and account-chats.ts).
import type { AccountHealthAnswer, AccountInLogin, AccountLoginBody, StartChatBody, StartedChat } from '@switchboard/contract';
import { api } from '../../lib/api.ts';

export type { AccountHealth, AccountInLogin as PersonalAccount, AccountLoginStep as LoginStep, StartedChat } from '@switchboard/contract';

export const startLogin = (body: AccountLoginBody & { phone_number: string; api_id: number; api_hash: string }) =>
  api.post<AccountInLogin>('/api/accounts/authenticate/', { ...body, account_type: 'user' });
export const verifyCode = (id: number, otp_code: string) => api.post<AccountInLogin>(`/api/accounts/${id}/verify_otp`, { otp_code });
export const verifyPassword = (id: number, password: string) =>
  api.post<AccountInLogin>(`/api/accounts/${id}/verify_password`, { password });
export const resendCode = (id: number) => api.post<AccountInLogin>(`/api/accounts/${id}/resend_code`);

export const healthKey = (id: number | string) => ['accounts', id, 'health'] as const;
export const fetchHealth = async (id: number | string) => (await api.get<AccountHealthAnswer>(`/api/accounts/${id}/health`)).health;

export const startChat = (id: number | string, body: StartChatBody) => api.post<StartedChat>(`/api/accounts/${id}/chats`, body);
