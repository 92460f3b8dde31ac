// The contacts' server shapes (server/src/inbox/contacts.routes.ts) and the calls that fetch and change them.
import { api, withQuery, type Page } from '../../../lib/api.ts';
import type { Messenger } from '../../conversations/index.ts';
import type { ContactTimeline, MergeSuggestionReason, Message } from '@switchboard/contract';

export interface ContactProfile {
  id: number;
  display_name: string;
  /** The messenger's name for them; shown beside a name staff set (`name_set_by_staff`). */
  profile_name?: string;
  name_set_by_staff?: boolean;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
  phone: string | null;
  language_code: string | null;
  tags: string[];
  notes: string;
}

export interface ContactListItem extends ContactProfile {
  messengers: Messenger[];
  last_activity_at: string | null;
  conversation_count: number;
}

export interface ContactConversation {
  id: number;
  channel_id: number;
  chat_type: string;
  title: string;
  status: string;
  assigned_operator_id: number | null;
  last_message_at: string | null;
  last_message_preview: string;
  unread_count: number;
  channel: { id: number; kind: string; name: string; username: string | null };
}

export interface ContactDetails extends ContactProfile {
  identities: Array<{ messenger: Messenger; external_id: string; username: string | null }>;
  reachability: Array<{ channel_id: number; reachable: boolean; reason: string | null; updated_at: string }>;
  conversations: ContactConversation[];
  created_at: string;
}

export type ProfileChanges = Partial<Pick<ContactProfile, 'display_name' | 'phone' | 'tags' | 'notes'>>;

export const contactPageSize = 50;

export const contactsKeys = {
  all: ['contacts'] as const,
  list: (q: string) => ['contacts', 'list', q] as const,
  one: (id: number | string) => ['contacts', 'one', String(id)] as const,
};

export function fetchContacts(q: string, cursor: string | null, signal?: AbortSignal): Promise<Page<ContactListItem>> {
  return api.get<Page<ContactListItem>>(withQuery('/api/contacts', { q: q.trim(), cursor, limit: contactPageSize }), { signal });
}

export function fetchContact(id: number | string, signal?: AbortSignal): Promise<ContactDetails> {
  return api.get<ContactDetails>(`/api/contacts/${encodeURIComponent(String(id))}`, { signal });
}

export function updateContact(id: number | string, changes: ProfileChanges): Promise<ContactProfile> {
  return api.patch<ContactProfile>(`/api/contacts/${encodeURIComponent(String(id))}`, changes);
}

/** Moves the duplicate's identities, conversations and history into `keepId`; the duplicate is deleted. */
export function mergeContacts(keepId: number, duplicateId: number): Promise<ContactProfile> {
  return api.post<ContactProfile>(`/api/contacts/${keepId}/merge`, { duplicate_id: duplicateId });
}

// ---------- One customer across messengers (issue 24) ----------

export type { ContactTimeline, MergeSuggestionReason } from '@switchboard/contract';

export interface MergeSuggestion {
  contact: ContactProfile;
  reasons: MergeSuggestionReason[];
}

export const timelineKeys = {
  one: (id: number | string) => ['contacts', 'timeline', String(id)] as const,
  suggestions: (id: number | string) => ['contacts', 'suggestions', String(id)] as const,
};

/** Contacts that are probably the same person: a shared phone number, or an operator's link. */
export function fetchMergeSuggestions(id: number | string, signal?: AbortSignal): Promise<{ results: MergeSuggestion[] }> {
  return api.get(`/api/contacts/${encodeURIComponent(String(id))}/merge-suggestions`, { signal });
}

/** One page of the contact's messages on every messenger, newest first. */
export function fetchTimeline(id: number | string, cursor: string | null, signal?: AbortSignal): Promise<ContactTimeline> {
  return api.get(withQuery(`/api/contacts/${encodeURIComponent(String(id))}/timeline`, { cursor, limit: 50 }), { signal });
}

/** A reply through one of the contact's conversations (`chatId`), by default where the customer wrote last. */
export function sendToContact(id: number, text: string, chatId: number | null): Promise<Message> {
  return api.post(`/api/contacts/${id}/messages`, chatId ? { text, chat_id: chatId } : { text });
}
