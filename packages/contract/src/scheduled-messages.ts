// A single message for later in one conversation (the broadcasts app's scheduled messages; staff who may see it).
import { z } from 'zod';
import { textInputMaxLength } from './primitives.ts';

// The conversation's account caps the text (422 text_too_long); this only bounds the input.
const messageText = z.string().trim().min(1).max(textInputMaxLength);
const sendAt = z.iso.datetime({ offset: true }).describe('with its offset, e.g. 2025-03-08T09:00:00+05:00');

/** POST /api/chats/:id/scheduled-messages */
export const scheduledMessageBody = z.object({ text: messageText, send_at: sendAt }).strict();
/** PATCH /api/scheduled-messages/:id: its text, its time or both, before it goes. */
export const scheduledMessagePatch = z.object({ text: messageText.optional(), send_at: sendAt.optional() }).strict();
export type ScheduledMessageBody = z.input<typeof scheduledMessageBody>;
export type ScheduledMessagePatch = z.input<typeof scheduledMessagePatch>;

export type ScheduledMessageState = 'pending' | 'sent' | 'cancelled' | 'failed';

/** One scheduled message, as every route of them answers it. */
export interface ScheduledMessage {
  id: number;
  conversation_id: number;
  text: string;
  send_at: string;
  created_by: number;
  state: ScheduledMessageState;
  /** Why it did not go (cancelled by staff, the customer wrote first, a failure); null while pending or once sent. */
  reason: string | null;
  /** The message it became, once sent. */
  message_id: number | null;
  created_at: string;
  updated_at: string;
}

/** GET /api/chats/:id/scheduled-messages: the conversation's, by time (at most 100). */
export interface ScheduledMessageList {
  results: ScheduledMessage[];
}
