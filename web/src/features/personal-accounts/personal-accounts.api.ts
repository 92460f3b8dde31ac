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
