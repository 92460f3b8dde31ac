// Working the queue: labels, saved answers (canned responses) and saved views. Request schemas are what
// server/src/inbox/{workflow,canned-responses,views}.routes.ts validate with; answers are what they return.
import { z } from 'zod';
import { idField, idParam, text } from './primitives.ts';
import { attributeFilterPattern } from './attributes.ts';
import { chatFilters, chatStatuses } from './inbox.ts';

// ---------- Labels ----------

/** POST /api/labels */
export const labelBody = z.object({ name: z.string().trim().min(1).max(50), color: z.string().trim().min(1).max(20).default('blue') });
export type LabelBody = z.input<typeof labelBody>;
/** PUT /api/chats/:id/labels */
export const chatLabelsBody = z.object({ label_ids: z.array(idField).max(50) });

/** A label (GET /api/labels, POST /api/labels). */
export interface Label {
  id: number;
  name: string;
  color: string;
  created_at: string;
}

/** GET /api/labels: by name. */
export interface LabelList {
  results: Label[];
  next_cursor: null;
}

/** GET and PUT /api/chats/:id/labels: the conversation's labels, by name. */
export interface ChatLabels {
  chat_id: number;
  labels: Label[];
}

/** GET /api/chats/:id/stats: messages in and out, activity, response times (seconds, rounded). */
export interface ChatStats {
  chat_id: number;
  messages_in: number;
  messages_out: number;
  first_activity_at: string | null;
  last_activity_at: string | null;
  /** Customer turns an operator answered. */
  answered_turns: number;
  median_response_seconds: number | null;
  average_response_seconds: number | null;
}

// ---------- Saved answers ----------

/** POST /api/canned-responses */
export const cannedResponseBody = z.object({
  shortcut: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_-]{1,40}$/u, 'use letters, digits, _ or -'),
  text: z.string().trim().min(1).max(4096),
});
export type CannedResponseBody = z.input<typeof cannedResponseBody>;
/** GET /api/canned-responses */
export const cannedResponseQuery = z.object({
  q: z.string().max(40).optional(),
  /** Fill each answer's variables for this conversation (`rendered`); 404 when it is not yours to see. */
  chat_id: idParam.optional(),
});
/** The query as the server reads it (ids are numbers; the address bar carries them as text). */
export type CannedResponseQuery = z.infer<typeof cannedResponseQuery>;

/** A saved answer: POST and PATCH /api/canned-responses answer it as stored; GET adds `can_edit` (and `rendered`). */
export interface CannedResponse {
  id: number;
  shortcut: string;
  text: string;
  /** The staff user who saved it; null once they are removed. */
  created_by: number | null;
  created_at: string;
  /** GET only: whether the reader may change it (its owner or an admin). */
  can_edit?: boolean;
  /** GET with `?chat_id=` only: the text with its variables filled for that conversation. */
  rendered?: string;
}

/** GET /api/canned-responses: up to 50, by shortcut. */
export interface CannedResponseList {
  results: Array<CannedResponse & { can_edit: boolean }>;
  next_cursor: null;
}

// ---------- Saved views ----------

/** What a saved view keeps: the list's filters as the address bar carries them. */
export const savedViewFilters = z.strictObject({
  filter: z.enum(chatFilters).optional(),
  q: text(200).optional(),
  status: z.enum(chatStatuses).optional(),
  assignee_id: z.number().int().min(1).optional(),
  label_id: z.number().int().min(1).optional(),
  team_id: z.number().int().min(1).optional(),
  messenger: z.string().max(40).optional(),
  channel_id: z.number().int().min(1).optional(),
  attribute: z.string().regex(attributeFilterPattern).optional(),
  attribute_value: text(200).optional(),
});
export type SavedViewFilters = z.infer<typeof savedViewFilters>;
/** POST /api/views, PATCH /api/views/:id */
export const savedViewBody = z.object({ name: text(60).trim().min(1, { message: 'must not be empty' }), filters: savedViewFilters });
export const savedViewPatch = savedViewBody.partial();

/** A saved view (GET /api/views): one operator's named filters. */
export interface SavedView {
  id: number;
  name: string;
  filters: SavedViewFilters;
  created_at: string;
}
