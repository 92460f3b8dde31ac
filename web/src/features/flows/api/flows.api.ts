import { api } from '../../../lib/api.ts';

/** The bot flow running in a conversation (GET /api/chats/:id/flow). */
export interface ChatFlow {
  app: string;
  flow: string;
  step: string;
  started_at: string;
  updated_at: string;
  expires_at: string;
  paused: boolean;
  paused_by: number | null;
  paused_at: string | null;
}

const path = (chatId: number | string) => `/api/chats/${encodeURIComponent(String(chatId))}/flow`;

export const fetchChatFlow = (chatId: number | string, signal?: AbortSignal) =>
  api.get<{ flow: ChatFlow | null }>(path(chatId), { signal });
export const takeOverFlow = (chatId: number | string) => api.post<{ flow: ChatFlow }>(`${path(chatId)}/take-over`, {});
export const handBackFlow = (chatId: number | string) => api.post<{ flow: ChatFlow }>(`${path(chatId)}/hand-back`, {});
