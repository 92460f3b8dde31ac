// The team's server shapes: operators (admin), the staff directory, the inbox policy, labels,
// canned responses, and a conversation's assignment, status and labels.
import { api, withQuery, type Page } from '../../../lib/api.ts';
import type { Availability, Team } from '@switchboard/contract';

export type { Team };
import type { Chat } from '../../conversations/index.ts';

export interface Operator {
  id: number;
  name: string;
  email: string;
  role: string;
  is_active: boolean;
  last_login_at: string | null;
  created_at: string;
  max_chats: number;
  current_chats: number;
  availability: Availability;
}

export interface OperatorInput {
  name: string;
  email: string;
  password?: string;
  role: string;
  is_active: boolean;
  max_chats: number;
}

/** What every staff user may know about a teammate. */
export interface Teammate {
  id: number;
  name: string;
  role: string;
  is_active: boolean;
  max_chats: number;
  current_chats: number;
}

export interface InboxPolicy {
  auto_assign: boolean;
  operators_see_unassigned: boolean;
}

export interface Label {
  id: number;
  name: string;
  color: string;
}

export interface CannedResponse {
  id: number;
  shortcut: string;
  text: string;
}

export interface Assignment {
  id: number;
  conversation_id: number;
  operator_id: number | null;
  previous_operator_id: number | null;
  assigned_by: number | null;
  reason: 'manual' | 'auto' | 'transfer';
  note: string | null;
  created_at: string;
}

export const teamKeys = {
  operators: ['team', 'operators'] as const,
  directory: ['team', 'directory'] as const,
  policy: ['team', 'policy'] as const,
  teams: ['team', 'teams'] as const,
  csat: ['team', 'csat'] as const,
  labels: ['team', 'labels'] as const,
  canned: ['team', 'canned'] as const,
  chatLabels: (chatId: Chat['id']) => ['team', 'chat-labels', String(chatId)] as const,
  assignments: (chatId: Chat['id']) => ['team', 'assignments', String(chatId)] as const,
};

const chatPath = (chatId: Chat['id'], rest: string) => `/api/chats/${encodeURIComponent(String(chatId))}/${rest}`;

export const fetchOperators = () => api.get<Page<Operator>>('/api/operators').then((page) => page.results);
export const createOperator = (input: OperatorInput) => api.post<Operator>('/api/operators', input);
export const updateOperator = (id: number, input: Partial<OperatorInput>) => api.patch<Operator>(`/api/operators/${id}`, input);
export const deleteOperator = (id: number) => api.delete<void>(`/api/operators/${id}`);
export const fetchDirectory = () => api.get<Page<Teammate>>('/api/operators/directory').then((page) => page.results);

export const fetchPolicy = () => api.get<InboxPolicy>('/api/inbox/policy');
export const savePolicy = (patch: Partial<InboxPolicy>) => api.put<InboxPolicy>('/api/inbox/policy', patch);

export const fetchLabels = () => api.get<Page<Label>>('/api/labels').then((page) => page.results);
export const createLabel = (input: { name: string; color: string }) => api.post<Label>('/api/labels', input);
export const deleteLabel = (id: number) => api.delete<void>(`/api/labels/${id}`);

export const fetchCannedResponses = () =>
  api.get<Page<CannedResponse>>(withQuery('/api/canned-responses', {})).then((page) => page.results);
export const createCannedResponse = (input: { shortcut: string; text: string }) => api.post<CannedResponse>('/api/canned-responses', input);
export const deleteCannedResponse = (id: number) => api.delete<void>(`/api/canned-responses/${id}`);

/** `teamId`: a team's queue to move it to (null: out of any team); undefined keeps its team. */
export const assignChat = (chatId: Chat['id'], operatorId: number | null, note?: string, teamId?: number | null) =>
  api.post<Page<Assignment>>(chatPath(chatId, 'assign'), {
    operator_id: operatorId,
    ...(note ? { note } : {}),
    ...(teamId === undefined ? {} : { team_id: teamId }),
  });

export const fetchTeams = () => api.get<Page<Team>>('/api/teams').then((page) => page.results);

export const fetchAssignments = (chatId: Chat['id']) =>
  api.get<Page<Assignment>>(chatPath(chatId, 'assignments')).then((page) => page.results);
export const resolveChat = (chatId: Chat['id']) => api.post<Chat>(chatPath(chatId, 'resolve'));
export const reopenChat = (chatId: Chat['id']) => api.post<Chat>(chatPath(chatId, 'reopen'));
export const fetchChatLabels = (chatId: Chat['id']) => api.get<{ labels: Label[] }>(chatPath(chatId, 'labels')).then((body) => body.labels);
export const setChatLabels = (chatId: Chat['id'], labelIds: number[]) =>
  api.put<{ labels: Label[] }>(chatPath(chatId, 'labels'), { label_ids: labelIds }).then((body) => body.labels);
