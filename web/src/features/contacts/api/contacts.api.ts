// The contacts' calls (server/src/inbox/contacts.routes.ts, contact-links.routes.ts). The request and
// answer types are the API contract's (@switchboard/contract, contacts.ts).
import { api, withQuery } from '../../../lib/api.ts';
import type {
  Contact,
  ContactDetails,
  ContactList,
  ContactListQuery,
  ContactSendBody,
  ContactTimeline,
  ContactTimelineQuery,
  MergeSuggestionList,
  Message,
  ProfileBody,
} from '@switchboard/contract';

export type { ContactConversation, ContactDetails, ContactListItem } from '@switchboard/contract';
/** A contact's profile as every answer carries it. */
export type ContactProfile = Contact;
/** PATCH /api/contacts/:id's body: any of name, phone (null or '' clears it), tags, notes. */
export type ProfileChanges = ProfileBody;

export const contactPageSize = 50;

export const contactsKeys = {
  all: ['contacts'] as const,
  list: (q: string) => ['contacts', 'list', q] as const,
  one: (id: number | string) => ['contacts', 'one', String(id)] as const,
};

export function fetchContacts(q: string, cursor: string | null, signal?: AbortSignal): Promise<ContactList> {
  const query: ContactListQuery = { q: q.trim(), cursor: cursor ?? undefined, limit: contactPageSize };
  return api.get<ContactList>(withQuery('/api/contacts', query), { signal });
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

export type { ContactTimeline, MergeSuggestion, MergeSuggestionReason } from '@switchboard/contract';

export const timelineKeys = {
  one: (id: number | string) => ['contacts', 'timeline', String(id)] as const,
  suggestions: (id: number | string) => ['contacts', 'suggestions', String(id)] as const,
};

/** Contacts that are probably the same person: a shared phone number, or an operator's link. */
export function fetchMergeSuggestions(id: number | string, signal?: AbortSignal): Promise<MergeSuggestionList> {
  return api.get(`/api/contacts/${encodeURIComponent(String(id))}/merge-suggestions`, { signal });
}

/** One page of the contact's messages on every messenger, newest first. */
export function fetchTimeline(id: number | string, cursor: string | null, signal?: AbortSignal): Promise<ContactTimeline> {
  const query: ContactTimelineQuery = { cursor: cursor ?? undefined, limit: 50 };
  return api.get(withQuery(`/api/contacts/${encodeURIComponent(String(id))}/timeline`, query), { signal });
}

/** A reply through one of the contact's conversations (`chatId`), by default where the customer wrote last. */
export function sendToContact(id: number, text: string, chatId: number | null): Promise<Message> {
  const body: ContactSendBody = chatId ? { text, chat_id: chatId } : { text };
  return api.post(`/api/contacts/${id}/messages`, body);
}
