// The command bar's and the macro editor's calls: /api/macros (server/src/inbox/macros.ts) and the labels.
import type { LabelList, Macro, MacroAction } from '@switchboard/contract';
import { api, type Page } from '../../../../lib/api.ts';
import type { Chat } from '../../../conversations/index.ts';

export type MacroItem = Macro & { can_edit: boolean };

export const fetchMacros = (signal?: AbortSignal) => api.get<Page<MacroItem>>('/api/macros', { signal });
export const fetchLabels = (signal?: AbortSignal) => api.get<LabelList>('/api/labels', { signal });
export const runMacro = (macroId: number, chatId: Chat['id']) => api.post<Chat>(`/api/macros/${macroId}/run`, { chat_id: Number(chatId) });
export const createMacro = (macro: { name: string; actions: MacroAction[] }) => api.post<Macro>('/api/macros', macro);
export const deleteMacro = (id: number) => api.delete(`/api/macros/${id}`);
