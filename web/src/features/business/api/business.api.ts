// The request and answer types are the API contract's (@switchboard/contract, accounts.ts and business.ts).
import type { ReplyStatus, SubAccountAnswer, SubAccountList } from '@switchboard/contract';
import { api } from '../../../lib/api.ts';

/** An account reached through a connected one (a business that connected the bot): GET /api/accounts/:id/sub-accounts. */
export type SubAccount = SubAccountAnswer;

export type { ReplyStatus } from '@switchboard/contract';

export const businessKeys = {
  subAccounts: (accountId: string | number) => ['sub-accounts', String(accountId)] as const,
  replyStatus: (chatId: string | number) => ['reply-status', String(chatId)] as const,
  /** Every chat's reply status (a `reply_status_changed` event re-reads the open ones). */
  allReplyStatuses: ['reply-status'] as const,
};

export const fetchSubAccounts = (accountId: string | number) =>
  api.get<SubAccountList>(`/api/accounts/${accountId}/sub-accounts`).then((body) => body.results);

export const fetchReplyStatus = (chatId: string | number) => api.get<ReplyStatus>(`/api/chats/${chatId}/reply-status`);
