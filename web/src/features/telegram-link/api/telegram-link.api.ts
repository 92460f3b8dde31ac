// seed 001's /api/telegram/{client,user}/*: a portal client links under /client with the portal session,
// a staff user under /user with the staff session.
import { api, type SessionKind } from '../../../lib/api.ts';

export type TelegramAudience = 'client' | 'user';

export interface TelegramLinkStatus {
  connected: boolean;
  /** false: linked but muted (seed 001's `enabled`). */
  enabled: boolean;
  telegram_user_id: string | null;
  telegram_username: string | null;
  bot_username: string | null;
  language: string | null;
  linked_at: string | null;
  pending_link_expires_at: string | null;
}

export interface TelegramDeepLink {
  link: string;
  bot_username: string;
  expires_at: string;
  expires_in_seconds: number;
  /** PNG data URL of the link. */
  qr_code: string;
  qr_svg: string;
}

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
