// seed 001's /api/telegram/{client,user}/*: a portal client links under /client with the portal session,
// a staff user under /user with the staff session.
// The request and answer types are the API contract's (@switchboard/contract, linking.ts).
import type { LinkAudience, LinkInvite, LinkStatus } from '@switchboard/contract';
import { api, type SessionKind } from '../../../lib/api.ts';

export type TelegramAudience = LinkAudience;
export type TelegramLinkStatus = LinkStatus;
export type TelegramDeepLink = LinkInvite;

const sessionOf = (audience: TelegramAudience): SessionKind => (audience === 'client' ? 'portal' : 'staff');
const base = (audience: TelegramAudience) => `/api/telegram/${audience}`;

export const telegramLinkQueryKey = (audience: TelegramAudience) => ['telegram-link', audience] as const;

export function fetchTelegramStatus(audience: TelegramAudience): Promise<TelegramLinkStatus> {
  return api.get(`${base(audience)}/status`, { session: sessionOf(audience) });
}

export function generateTelegramLink(audience: TelegramAudience): Promise<TelegramDeepLink> {
  return api.post(`${base(audience)}/generate-link`, {}, { session: sessionOf(audience) });
}

export function setTelegramNotificationsEnabled(audience: TelegramAudience, enabled: boolean): Promise<TelegramLinkStatus> {
  return api.patch(`${base(audience)}/status`, { enabled }, { session: sessionOf(audience) });
}

export function disconnectTelegram(audience: TelegramAudience): Promise<TelegramLinkStatus> {
  return api.post(`${base(audience)}/disconnect`, {}, { session: sessionOf(audience) });
}
