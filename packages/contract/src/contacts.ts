// Contacts: the list, the profile staff edit, merging duplicates.
import { z } from 'zod';
import { idField, idParam, maxBigintId, maxIntegerId, pageQueryFields, text } from './primitives.ts';
import type { Contact, Message } from './inbox.ts';
import { phoneCharacters, phoneDigits } from './contacts-values.ts';

/** A cursor's position in the contact list. */
export const contactPosition = z.number().int().positive().max(maxIntegerId);

const phone = z
  .string()
  .trim()
  .max(40, 'write at most 40 characters')
  .refine(
    (value) => value === '' || phoneCharacters.test(value),
    'use digits, spaces, brackets, dashes and a leading +, e.g. +7 701 123 45 67',
  )
  .refine((value) => {
    const digits = value.replace(/\D/g, '').length;
    return value === '' || (digits >= phoneDigits.min && digits <= phoneDigits.max);
  }, `an international number has ${phoneDigits.min} to ${phoneDigits.max} digits, e.g. +7 701 123 45 67`)
  // An empty field clears the number.
  .transform((value) => value || null);

/** PATCH /api/contacts/:id */
export const profileBody = z.object({
  display_name: z.string().trim().min(1, 'the name cannot be empty').max(200, 'write at most 200 characters').optional(),
  phone: phone.nullable().optional(),
  tags: z
    .array(z.string().trim().min(1, 'a tag cannot be empty').max(50, 'a tag has at most 50 characters'))
    .max(50, 'at most 50 tags')
    .optional(),
  notes: z.string().max(10_000, 'notes hold at most 10,000 characters').optional(),
});
export type ProfileBody = z.input<typeof profileBody>;

/** GET /api/contacts */
export const contactListQuery = z.object({ q: text(200).optional(), ...pageQueryFields() });
/** The query as the server reads it (the address bar carries the numbers as text). */
export type ContactListQuery = z.infer<typeof contactListQuery>;

/** POST /api/contacts/:id/merge */
export const mergeBody = z.object({ duplicate_id: idField });

/** One of GET /api/contacts: the profile, the messengers they use, and their activity in conversations you may see. */
export interface ContactListItem extends Contact {
  messengers: string[];
  last_activity_at: string | null;
  conversation_count: number;
}

/** GET /api/contacts: newest first. */
export interface ContactList {
  results: ContactListItem[];
  next_cursor: string | null;
}

/** One of a contact's conversations the reader may see (GET /api/contacts/:id), with the reader's own unread count. */
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

/** A messenger identity of a contact: a messenger family and the customer's id there. */
export interface ContactIdentity {
  messenger: string;
  external_id: string;
  username: string | null;
}

/** Whether a channel can still reach the contact (a blocked bot cannot), as the channel last reported it. */
export interface ContactReachability {
  channel_id: number;
  reachable: boolean;
  reason: string | null;
  updated_at: string;
}

/** GET /api/contacts/:id: the profile with identities, reachability and the conversations you may see. */
export interface ContactDetails extends Contact {
  identities: ContactIdentity[];
  reachability: ContactReachability[];
  conversations: ContactConversation[];
  created_at: string;
}

// ---------- One customer across messengers (issue 24) ----------

/** `/api/contacts/:id/links/:other_id` */
export const contactLinkParams = z.object({ id: idParam, other_id: idParam });
/** POST /api/contacts/:id/links: an operator says this contact and `contact_id` are the same person. */
export const contactLinkBody = z.object({ contact_id: idField });
/** GET /api/contacts/:id/timeline */
export const contactTimelineQuery = z.object(pageQueryFields());
export type ContactTimelineQuery = z.infer<typeof contactTimelineQuery>;
/** A cursor's position in a timeline (message ids). */
export const timelinePosition = z.number().int().positive().max(maxBigintId);
/** POST /api/contacts/:id/messages: a reply through the conversation `chat_id` (one of the contact's), else where the customer wrote last. */
export const contactSendBody = z.object({
  text: z.string().trim().min(1, 'write the message').max(100_000, 'write at most 100,000 characters'),
  chat_id: idField.optional(),
});

export type ContactSendBody = z.input<typeof contactSendBody>;

/** Why a contact is suggested for merging: a shared phone number, or an operator's link. */
export type MergeSuggestionReason = 'phone' | 'linked';
/** A contact that is probably the same person, and why. */
export interface MergeSuggestion {
  contact: Contact;
  reasons: MergeSuggestionReason[];
}
/** GET /api/contacts/:id/merge-suggestions */
export interface MergeSuggestionList {
  results: MergeSuggestion[];
}
/** The channel a timeline message went through. */
export interface TimelineChannel {
  id: number;
  kind: string;
  messenger: string;
  name: string;
}
/** GET /api/contacts/:id/timeline: one page of a contact's messages across its conversations. */
export interface ContactTimeline {
  results: Array<Message & { channel: TimelineChannel }>;
  next_cursor: string | null;
  /** Where a reply goes unless the operator picks another conversation: where the customer wrote last. */
  reply_chat_id: number | null;
}
