// seed 002's /api/accounts: the request and answer types are the API contract's (@switchboard/contract, accounts.ts).
import type { Account, AccountBody, AccountPatch, AccountTestResult, IntakeMode, WebhookInfo } from '@switchboard/contract';
import { api, type Page } from '../../../lib/api.ts';

export type { Account, IntakeMode, WebhookInfo } from '@switchboard/contract';
export type BotTestResult = AccountTestResult;

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

export function createAccount(
  body: AccountBody & { bot_token: string; intake_mode?: IntakeMode; welcome_text?: string },
): Promise<Account> {
  return api.post<Account>('/api/accounts/', { ...body, account_type: 'bot' });
}

export function updateAccount(id: Account['id'], body: AccountPatch & { bot_token?: string; welcome_text?: string }): Promise<Account> {
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
