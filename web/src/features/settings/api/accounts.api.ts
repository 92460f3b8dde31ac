import { api, type Page } from '../../../lib/api.ts';

export type IntakeMode = 'webhook' | 'polling' | 'forwarded';

export interface Account {
  id: number | string;
  name: string;
  /** 'bot', or 'user' for a personal account (listed on its own). */
  account_type: 'bot' | 'user' | string;
  /** The messenger the account belongs to: each messenger's card lists only its own. */
  messenger: string;
  status: 'created' | 'authenticating' | 'active' | 'error' | 'stopped';
  status_detail: string | null;
  intake_mode: IntakeMode;
  is_default: boolean;
  is_enabled: boolean;
  token_source: 'env' | 'database';
  bot_token_masked: string | null;
  bot_id: number | string | null;
  bot_username: string | null;
  welcome_text: string | null;
  created_at: string;
}

export interface WebhookInfo {
  url: string;
  pending_update_count: number;
  last_error_date: number | string | null;
  last_error_message: string | null;
  max_connections: number | null;
}

export interface BotTestResult {
  ok: boolean;
  bot: { id: number; username: string; first_name: string };
}

export const accountsKey = ['accounts'] as const;

export async function fetchAccounts(): Promise<Account[]> {
  const all: Account[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?cursor=${encodeURIComponent(cursor)}&limit=100` : '?limit=100';
    const page: Page<Account> = await api.get<Page<Account>>(`/api/accounts/${query}`);
    all.push(...page.results);
    cursor = page.next_cursor;
  } while (cursor);
  return all;
}

export function createAccount(body: {
  name: string;
  bot_token: string;
  intake_mode?: IntakeMode;
  welcome_text?: string;
}): Promise<Account> {
  return api.post<Account>('/api/accounts/', { ...body, account_type: 'bot' });
}

export function updateAccount(
  id: Account['id'],
  body: Partial<{ name: string; bot_token: string; intake_mode: IntakeMode; welcome_text: string; is_enabled: boolean }>,
): Promise<Account> {
  return api.patch<Account>(`/api/accounts/${id}`, body);
}

export function deleteAccount(id: Account['id']): Promise<void> {
  return api.delete(`/api/accounts/${id}`);
}

export function testAccount(id: Account['id']): Promise<BotTestResult> {
  return api.post<BotTestResult>(`/api/accounts/${id}/test`, {});
}

export function fetchWebhookInfo(id: Account['id']): Promise<WebhookInfo> {
  return api.get<WebhookInfo>(`/api/accounts/${id}/webhook`);
}
