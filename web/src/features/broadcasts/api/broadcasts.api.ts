import type { SegmentField, SegmentFieldList, SegmentFilter, SegmentPreview } from '@switchboard/contract/segments';

export type { SegmentFilter };
import { api, apiUpload } from '../../../lib/api.ts';

export type BroadcastKind = 'marketing' | 'service';
export type BroadcastState = 'draft' | 'scheduled' | 'sending' | 'paused' | 'done' | 'cancelled';

export interface BroadcastInput {
  name: string;
  kind: BroadcastKind;
  filter: SegmentFilter;
  texts: { default: string; ru?: string; kk?: string; en?: string };
  buttons?: Array<{ title: string; url: string }>;
  /** An uploaded picture or document; the text goes as its caption. */
  media?: { file_id: string };
  /** A template-only account's approved template, for recipients outside its reply window. */
  template?: BroadcastTemplate;
}

/** The contact values a template's {{1}}, {{2}} … may take. */
export const templateValues = ['name', 'first_name', 'phone'] as const;
export type TemplateValue = (typeof templateValues)[number];

export interface BroadcastTemplate {
  name: string;
  language?: string;
  parameters: TemplateValue[];
}

/** A synced template of an account (GET /api/accounts/:id/templates). */
export interface AccountTemplate {
  name: string;
  language: string;
  status: string;
  body: string;
  variables: { header: number; body: number };
}

/** What POST /api/broadcasts/media answers: the file as its bytes showed it. */
export interface BroadcastMedia {
  file_id: string;
  kind: 'photo' | 'document';
  name: string;
  content_type: string;
  size: number;
}

export interface Broadcast extends BroadcastInput {
  id: number;
  state: BroadcastState;
  scheduled_at: string | null;
  time_zone: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** The `broadcast_progress` event and the head of the stats. */
export interface Progress {
  broadcast_id: number;
  state: BroadcastState;
  kind: BroadcastKind;
  /** Why a scheduled broadcast went back to draft when due (an API error code); null otherwise. */
  problem: string | null;
  total: number;
  pending: number;
  queued: number;
  sent: number;
  failed: number;
  unreachable: number;
  skipped: number;
  remaining: number;
  rate_per_second: number;
  seconds_left: number | null;
}

export interface Stats extends Progress {
  failed_by_reason: Array<{ reason: string; count: number }>;
  replied: number;
  unsubscribed: number;
  /** Pressed the unsubscribe button (the only button under a broadcast the bot hears of; link buttons are not counted). */
  unsubscribed_by_button: number;
  /** Typed unsubscribe / отписаться / stop. */
  unsubscribed_by_word: number;
}

export interface Account {
  id: number;
  name: string;
  kind: string;
  username: string | null;
}

export const broadcastsKey = ['broadcasts'] as const;

export const fetchAccounts = () => api.get<{ results: Account[] }>('/api/accounts').then((page) => page.results);
export const fetchBroadcasts = () => api.get<{ results: Broadcast[] }>('/api/broadcasts').then((page) => page.results);
export const fetchStats = (id: number) => api.get<Stats>(`/api/broadcasts/${id}/stats`);
/** The fields conditions may name: the contacts' custom attributes and the apps' (the clinic's age, visits…). */
/** A filter saved under a name (POST /api/broadcasts/segments). */
export interface SavedSegment {
  id: number;
  name: string;
  filter: SegmentFilter;
}
export const fetchSegments = () => api.get<{ results: SavedSegment[] }>('/api/broadcasts/segments').then((page) => page.results);
export const saveSegment = (name: string, filter: SegmentFilter) => api.post<SavedSegment>('/api/broadcasts/segments', { name, filter });
export const deleteSegment = (id: number) => api.delete<void>(`/api/broadcasts/segments/${id}`);
export const fetchSegmentFields = (): Promise<SegmentField[]> =>
  api.get<SegmentFieldList>('/api/broadcasts/segment-fields').then((list) => list.results);
export const previewSegment = (kind: BroadcastKind, filter: SegmentFilter) =>
  api.post<SegmentPreview>('/api/broadcasts/preview', { kind, filter });
export const createBroadcast = (input: BroadcastInput) => api.post<Broadcast>('/api/broadcasts', input);
export const startBroadcast = (id: number) => api.post<{ recipients: number }>(`/api/broadcasts/${id}/start`);
export const scheduleBroadcast = (id: number, sendAt: string, timeZone: string) =>
  api.post<Broadcast>(`/api/broadcasts/${id}/schedule`, { send_at: sendAt, time_zone: timeZone });
export const broadcastAction = (id: number, action: 'pause' | 'resume' | 'cancel') =>
  api.post<Broadcast>(`/api/broadcasts/${id}/${action}`);
export const uploadBroadcastMedia = (file: File) => apiUpload<BroadcastMedia>('/api/broadcasts/media', file, file.name);
export const fetchAccountTemplates = (accountId: number) =>
  api.get<{ supported: boolean; templates: AccountTemplate[] }>(`/api/accounts/${accountId}/templates`).then((answer) => answer.templates);
export const recipientsCsvUrl = (id: number) => `/api/broadcasts/${id}/recipients.csv`;
