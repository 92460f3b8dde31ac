// The answer types are the API contract's (@switchboard/contract, flows.ts).
import type { ChatFlowAnswer, ChatFlowChanged } from '@switchboard/contract';
import { api } from '../../../lib/api.ts';

export type { ChatFlow } from '@switchboard/contract';

const path = (chatId: number | string) => `/api/chats/${encodeURIComponent(String(chatId))}/flow`;

export const fetchChatFlow = (chatId: number | string, signal?: AbortSignal) => api.get<ChatFlowAnswer>(path(chatId), { signal });
export const takeOverFlow = (chatId: number | string) => api.post<ChatFlowChanged>(`${path(chatId)}/take-over`, {});
export const handBackFlow = (chatId: number | string) => api.post<ChatFlowChanged>(`${path(chatId)}/hand-back`, {});
