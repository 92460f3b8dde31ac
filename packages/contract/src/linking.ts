// The linking app (seed 001): a portal client or a staff user links their messenger account through a deep link
// (/api/telegram/{client,user}/…), and staff see a client's link and write to the client through it.
// The answers are zod schemas: the routes declare them as `response:`, so OpenAPI shows them exactly.
import { z } from 'zod';
import type { Message } from './inbox.ts';
import { idParam, textInputMaxLength } from './primitives.ts';

/** Whose link a route serves: `client` with the portal session, `user` (staff) with the staff session. */
export type LinkAudience = 'client' | 'user';

/** GET|PATCH …/status, POST …/disconnect, GET /api/telegram/client/:clientId/status: seed 001's status, plus the bot, the language and a link still waiting to be opened. */
export const linkStatus = z.object({
  connected: z.boolean(),
  /** false: linked but muted (seed 001's `enabled`). */
  enabled: z.boolean(),
  telegram_user_id: z.string().nullable(),
  telegram_username: z.string().nullable(),
  bot_username: z.string().nullable(),
  /** The bot's channel kind: its text limit and the rest are that kind's capabilities (GET /api/channels/kinds). */
  channel_kind: z.string().nullable(),
  language: z.string().nullable(),
  linked_at: z.string().nullable(),
  pending_link_expires_at: z.string().nullable(),
});
export type LinkStatus = z.infer<typeof linkStatus>;

/** POST …/generate-link: the deep link that links the caller, and its QR code. */
export const linkInvite = z.object({
  link: z.string(),
  bot_username: z.string(),
  expires_at: z.string(),
  expires_in_seconds: z.number(),
  qr_code: z.string().describe('PNG data URL of the link'),
  qr_svg: z.string(),
});
export type LinkInvite = z.infer<typeof linkInvite>;

/** PATCH …/status: mute or unmute without unlinking. */
export const linkEnabledBody = z.object({ enabled: z.boolean() });
export type LinkEnabledBody = z.infer<typeof linkEnabledBody>;

/** /api/telegram/client/:clientId/… */
export const linkedClientParams = z.object({ clientId: idParam });

/** POST /api/telegram/client/:clientId/send-message */
export const clientMessageBody = z
  .object({
    message: z.string().trim().min(1).max(textInputMaxLength).optional().describe("seed 001; at most the link's account sends"),
    text: z.string().trim().min(1).max(textInputMaxLength).optional().describe('alias of message'),
  })
  .refine((body) => body.message ?? body.text, { message: 'send "message": the text to deliver' });
export type ClientMessageBody = z.input<typeof clientMessageBody>;

/** POST /api/telegram/client/:clientId/send-message (201): into the client's inbox conversation, or straight to the outbox when the inbox has no record of the chat. */
export type ClientMessageSent =
  | { success: true; delivered_via: 'conversation'; chat_id: number; message: Message }
  | { success: true; delivered_via: 'outbox'; chat_id: null; outbox_id: number };
