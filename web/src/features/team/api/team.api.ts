// The team's calls: operators (admin), the staff directory, the inbox policy, labels, canned responses,
// and a conversation's assignment, status and labels. The request and answer types are the API
// contract's (@switchboard/contract: team.ts, inbox-workflow.ts).
import { api, withQuery } from '../../../lib/api.ts';
import type {
  AssignBody,
  AssignmentList,
  AssignResult,
  CannedResponse,
  CannedResponseBody,
  CannedResponseList,
  ChatLabels,
  InboxPolicy,
  InboxPolicyBody,
  Label,
  LabelBody,
  LabelList,
  NewOperatorBody,
  Operator,
  OperatorList,
  OperatorPatchBody,
  TeamList,
  TeammateList,
} from '@switchboard/contract';
import type { Chat } from '../../conversations/index.ts';

export type { Assignment, CannedResponse, InboxPolicy, Label, Operator, Team, Teammate } from '@switchboard/contract';
/** The operator dialog's fields: POST /api/operators's body (PATCH takes any of them). */
export type OperatorInput = NewOperatorBody;

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

export const fetchOperators = () => api.get<OperatorList>('/api/operators').then((page) => page.results);
export const createOperator = (input: OperatorInput) => api.post<Operator>('/api/operators', input);
export const updateOperator = (id: number, input: OperatorPatchBody) => api.patch<Operator>(`/api/operators/${id}`, input);
export const deleteOperator = (id: number) => api.delete<void>(`/api/operators/${id}`);
export const fetchDirectory = () => api.get<TeammateList>('/api/operators/directory').then((page) => page.results);

export const fetchPolicy = () => api.get<InboxPolicy>('/api/inbox/policy');
export const savePolicy = (patch: InboxPolicyBody) => api.put<InboxPolicy>('/api/inbox/policy', patch);

export const fetchLabels = () => api.get<LabelList>('/api/labels').then((page) => page.results);
export const createLabel = (input: LabelBody) => api.post<Label>('/api/labels', input);
export const deleteLabel = (id: number) => api.delete<void>(`/api/labels/${id}`);

export const fetchCannedResponses = () => api.get<CannedResponseList>(withQuery('/api/canned-responses', {})).then((page) => page.results);
export const createCannedResponse = (input: CannedResponseBody) => api.post<CannedResponse>('/api/canned-responses', input);
export const deleteCannedResponse = (id: number) => api.delete<void>(`/api/canned-responses/${id}`);

/** `teamId`: a team's queue to move it to (null: out of any team); undefined keeps its team. */
export const assignChat = (chatId: Chat['id'], operatorId: number | null, note?: string, teamId?: number | null) =>
  api.post<AssignResult>(chatPath(chatId, 'assign'), {
    operator_id: operatorId,
    ...(note ? { note } : {}),
    ...(teamId === undefined ? {} : { team_id: teamId }),
  } satisfies AssignBody);

export const fetchTeams = () => api.get<TeamList>('/api/teams').then((page) => page.results);

export const fetchAssignments = (chatId: Chat['id']) =>
  api.get<AssignmentList>(chatPath(chatId, 'assignments')).then((page) => page.results);
export const resolveChat = (chatId: Chat['id']) => api.post<Chat>(chatPath(chatId, 'resolve'));
export const reopenChat = (chatId: Chat['id']) => api.post<Chat>(chatPath(chatId, 'reopen'));
export const fetchChatLabels = (chatId: Chat['id']) => api.get<ChatLabels>(chatPath(chatId, 'labels')).then((body) => body.labels);
export const setChatLabels = (chatId: Chat['id'], labelIds: number[]) =>
  api.put<ChatLabels>(chatPath(chatId, 'labels'), { label_ids: labelIds }).then((body) => body.labels);
