// Starting a conversation from an account with someone who has not written (a personal account's "New chat"), and
// the account's pre-approved message templates (for any kind whose channel keeps them).
import { z } from 'zod';
import type { Message } from './inbox.ts';
import { textInputMaxLength } from './primitives.ts';

/** POST /api/accounts/:id/chats */
export const startChatBody = z.object({
  to: z.string().trim().min(1, 'Give a phone number (+79991234567) or a username (@name) ("to").').max(100),
  // The account's own limit is checked by the server (text_too_long, naming it); this only bounds the input.
  text: z.string().trim().min(1, 'Write the first message ("text").').max(textInputMaxLength),
});
export type StartChatBody = z.input<typeof startChatBody>;

/** POST /api/accounts/:id/chats (201): the conversation, opened at once; its first message is queued like a reply. */
export interface StartedChat {
  account_id: number;
  chat_id: number;
  chat_external_id: string;
  person: { external_id: string; first_name: string; last_name: string | null; username: string | null };
  message: Message;
}

/** A pre-approved message template of an account, as last synced. */
export interface MessageTemplateAnswer {
  name: string;
  language: string;
  /** The platform's category: MARKETING, UTILITY, AUTHENTICATION … */
  category: string;
  /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED: only APPROVED ones can be sent. */
  status: string;
  /** Text parts with their {{n}} placeholders; a media header is named by its format (IMAGE …) with no text. */
  header: { format: string; text: string | null } | null;
  body: string;
  footer: string | null;
  /** How many values each part takes. */
  variables: { header: number; body: number };
  synced_at: string;
}

/** GET /api/accounts/:id/templates (admins): for composing a broadcast; `supported` false for kinds without templates. */
export interface AccountTemplates {
  supported: boolean;
  templates: MessageTemplateAnswer[];
}

/** POST /api/accounts/:id/templates/sync */
export interface TemplatesSynced {
  ok: true;
  count: number;
}

/** GET /api/chats/:id/templates: the chat's account's templates and when free-form replies stop being allowed. */
export interface ChatTemplates {
  supported: boolean;
  window: { can_reply: boolean; until: string | null; reason: string | null };
  templates: MessageTemplateAnswer[];
}

/** Meta's limit on one text parameter; other platforms' are larger. */
const maxTemplateValueLength = 1024;
const templateValue = z.string().trim().min(1, 'Fill in every variable.').max(maxTemplateValueLength);

/** POST /api/chats/:id/templates/send: an approved template with its variables filled. */
export const templateSendBody = z.object({
  name: z.string().min(1),
  language: z.string().min(1),
  variables: z
    .object({ header: z.array(templateValue).default([]), body: z.array(templateValue).default([]) })
    .default({ header: [], body: [] }),
});
export type TemplateSendBody = z.input<typeof templateSendBody>;
