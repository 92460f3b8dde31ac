// The operator's tools (issue 26): saved answers with variables, macros, @mentions in private notes.
import { z } from 'zod';
import type { ErrorCode } from './errors.ts';
import type { TeamChat } from './inbox.ts';
import { idField, text } from './primitives.ts';

export { answerVariables, attributeVariablePattern, type AnswerVariable } from './answer-variables.ts';

/** PATCH /api/canned-responses/:id: the shortcut, the text or both. */
export const cannedResponsePatch = z
  .object({
    shortcut: z
      .string()
      .trim()
      .regex(/^[\p{L}\p{N}_-]{1,40}$/u, 'use letters, digits, _ or -'),
    text: z.string().trim().min(1).max(4096),
  })
  .partial();

const labelStep = z.object({ type: z.literal('label'), label_id: idField });
/** `operator_id`: a colleague, "me" (whoever runs the macro) or null (back to the queue). */
/** `team_id` (issue 26): also move it to that team's queue (null: out of any team); absent, the team stays. */
const assignStep = z.object({
  type: z.literal('assign'),
  operator_id: z.union([idField, z.literal('me'), z.null()]),
  team_id: idField.nullable().optional(),
});
const replyStep = z.object({ type: z.literal('reply'), text: z.string().trim().min(1).max(4096) });
const noteStep = z.object({ type: z.literal('note'), text: z.string().trim().min(1).max(4096) });
/** `minutes`: how long; null waits for the customer to write. */
const snoozeStep = z.object({ type: z.literal('snooze'), minutes: z.number().int().min(1).max(527_040).nullable() });
const resolveStep = z.object({ type: z.literal('resolve') });

/** One step of a macro, run in the order given. */
export const macroAction = z.discriminatedUnion('type', [labelStep, assignStep, replyStep, noteStep, snoozeStep, resolveStep]);
export type MacroAction = z.infer<typeof macroAction>;

/** POST /api/macros */
export const macroBody = z.object({
  name: text(60).trim().min(1, { message: 'must not be empty' }),
  actions: z.array(macroAction).min(1, { message: 'give at least one action' }).max(10),
});
/** PATCH /api/macros/:id */
export const macroPatch = macroBody.partial();
/** POST /api/macros/:id/run */
export const macroRunBody = z.object({ chat_id: idField });

/**
 * POST /api/chats/bulk: the same steps on many conversations from the list. Writing to customers is left out
 * on purpose (that is a broadcast, with its consent and limits).
 */
export const bulkActionsBody = z.object({
  chat_ids: z
    .array(idField)
    .min(1, { message: 'pick at least one conversation' })
    .max(200, { message: 'at most 200 conversations at once: select fewer' }),
  actions: z
    .array(z.discriminatedUnion('type', [labelStep, assignStep, snoozeStep, resolveStep]))
    .min(1, { message: 'give at least one action' })
    .max(4),
});

/** What happened to each conversation of a bulk action, in the order asked. */
export type BulkOutcome =
  { chat_id: number; done: true; chat: TeamChat } | { chat_id: number; done: false; error: { code: ErrorCode; message: string } };

/** POST /api/chats/bulk */
export interface BulkAnswer {
  results: BulkOutcome[];
}

export interface Macro {
  id: number;
  name: string;
  owner_id: number | null;
  actions: MacroAction[];
  created_at: string;
  updated_at: string;
}

/** A colleague who may be mentioned in a conversation's notes (GET /api/chats/:id/mentionable). */
export interface Mentionable {
  id: number;
  name: string;
}

/** The `mention` realtime event: sent only to the person mentioned, only when they may see the conversation. */
export interface MentionEvent {
  type: 'mention';
  chat_id: number;
  message_id: number;
  by: string;
  text: string;
}
