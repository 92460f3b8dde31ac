// The broadcasts API: the request and answer types are the API contract's (@switchboard/contract, broadcasts.ts);
// the plain lists come from its zod-free subpath.
import type {
  AccountList,
  AccountTemplates,
  Broadcast,
  BroadcastInput,
  BroadcastKind,
  BroadcastList,
  BroadcastMedia,
  BroadcastStarted,
  BroadcastStats,
  MessageTemplateAnswer,
  SavedSegment,
  SavedSegmentList,
  SegmentField,
  SegmentFieldList,
  SegmentFilter,
  SegmentPreview,
} from '@switchboard/contract';
import { api, apiUpload } from '../../../lib/api.ts';

export { templateValues } from '@switchboard/contract/broadcasts-values';
export type {
  Account,
  Broadcast,
  BroadcastInput,
  BroadcastKind,
  BroadcastMedia,
  BroadcastState,
  BroadcastTemplate,
  SavedSegment,
  SegmentFilter,
  TemplateValue,
} from '@switchboard/contract';
export type { BroadcastProgress as Progress, BroadcastStats as Stats } from '@switchboard/contract';

/** A synced template of an account (GET /api/accounts/:id/templates). */
export type AccountTemplate = MessageTemplateAnswer;

export const broadcastsKey = ['broadcasts'] as const;

export const fetchAccounts = () => api.get<AccountList>('/api/accounts').then((page) => page.results);
export const fetchBroadcasts = () => api.get<BroadcastList>('/api/broadcasts').then((page) => page.results);
export const fetchStats = (id: number) => api.get<BroadcastStats>(`/api/broadcasts/${id}/stats`);
export const fetchSegments = () => api.get<SavedSegmentList>('/api/broadcasts/segments').then((page) => page.results);
export const saveSegment = (name: string, filter: SegmentFilter) => api.post<SavedSegment>('/api/broadcasts/segments', { name, filter });
export const deleteSegment = (id: number) => api.delete<void>(`/api/broadcasts/segments/${id}`);
export const fetchSegmentFields = (): Promise<SegmentField[]> =>
  api.get<SegmentFieldList>('/api/broadcasts/segment-fields').then((list) => list.results);
export const previewSegment = (kind: BroadcastKind, filter: SegmentFilter) =>
  api.post<SegmentPreview>('/api/broadcasts/preview', { kind, filter });
export const createBroadcast = (input: BroadcastInput) => api.post<Broadcast>('/api/broadcasts', input);
export const startBroadcast = (id: number) => api.post<BroadcastStarted>(`/api/broadcasts/${id}/start`);
export const scheduleBroadcast = (id: number, sendAt: string, timeZone: string) =>
  api.post<Broadcast>(`/api/broadcasts/${id}/schedule`, { send_at: sendAt, time_zone: timeZone });
export const broadcastAction = (id: number, action: 'pause' | 'resume' | 'cancel') =>
  api.post<Broadcast>(`/api/broadcasts/${id}/${action}`);
export const uploadBroadcastMedia = (file: File) => apiUpload<BroadcastMedia>('/api/broadcasts/media', file, file.name);
export const fetchAccountTemplates = (accountId: number) =>
  api.get<AccountTemplates>(`/api/accounts/${accountId}/templates`).then((answer) => answer.templates);
export const recipientsCsvUrl = (id: number) => `/api/broadcasts/${id}/recipients.csv`;
