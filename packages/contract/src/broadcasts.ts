// The broadcasts app's API (/api/broadcasts, admins; seed 004's /api/bot/broadcast/… take the same bodies). The
// segment filter's own types are segments.ts's; the plain lists broadcasts-values.ts's.
import { z } from 'zod';
import { idField, idParam, textInputMaxLength } from './primitives.ts';
import {
  broadcastKinds,
  consentStates,
  templateValues,
  type BroadcastKind,
  type BroadcastState,
  type ConsentSource,
  type ConsentState,
  type TemplateValue,
} from './broadcasts-values.ts';
import { segmentOperators, type SegmentFilter } from './segments.ts';

export * from './broadcasts-values.ts';

const shortList = (item: z.ZodType<string>, what: string) => z.array(item).max(50, `at most 50 ${what}`).optional();

/** A broadcast's segment (the broadcast's filter, POST /api/broadcasts/preview, /segments). */
export const segmentFilterSchema = z
  .object({
    channel_id: idField.describe('the bot the broadcast goes through (GET /api/accounts)'),
    languages: shortList(z.string().trim().min(1).max(16), 'languages').describe('language codes: ru, kk, en'),
    tags: shortList(z.string().trim().min(1).max(100), 'tags').describe('contacts carrying any of these tags'),
    label_ids: z.array(idField).max(50, 'at most 50 labels').optional().describe('conversations carrying any of these labels'),
    statuses: shortList(z.enum(['open', 'pending', 'resolved', 'snoozed']), 'statuses'),
    last_message_after: z.iso.datetime({ offset: true }).optional(),
    last_message_before: z.iso.datetime({ offset: true }).optional(),
    last_inbound_after: z.iso.datetime({ offset: true }).optional().describe('the contact last wrote in the chat at or after'),
    last_inbound_before: z.iso.datetime({ offset: true }).optional().describe('the contact wrote in the chat, and not since'),
    conditions: z
      .array(
        z
          .object({
            field: z.string().trim().min(1).max(120).describe('a key from GET /api/broadcasts/segment-fields'),
            operator: z.enum(segmentOperators),
            value: z.union([z.number(), z.string().max(200), z.boolean(), z.array(z.string().max(200)).max(100)]),
          })
          .strict(),
      )
      .max(20, 'at most 20 conditions')
      .optional()
      .describe('conditions on the contacts’ custom attributes and the apps’ fields; all must hold'),
    consent: z.enum(['given', 'any']).optional().describe('service broadcasts only: narrow to consented contacts'),
  })
  .strict() satisfies z.ZodType<SegmentFilter>;

export interface BroadcastTexts {
  default: string;
  ru?: string;
  kk?: string;
  en?: string;
}

export interface LinkButton {
  title: string;
  url: string;
}

/**
 * The approved template that goes, instead of the text, to a recipient a template-only account may not message
 * freely (outside their reply window): its name, language (absent: the recipient's) and the values of its variables.
 */
export interface BroadcastTemplate {
  name: string;
  language?: string;
  parameters: TemplateValue[];
}

/** What POST /api/broadcasts/media answers, and a broadcast carries: the file as its bytes showed it. */
export interface BroadcastMedia {
  file_id: string;
  kind: 'photo' | 'document';
  name: string;
  content_type: string;
  size: number;
}

/** POST and PUT /api/broadcasts, POST /api/bot/broadcast/create. */
export interface BroadcastInput {
  name: string;
  kind: BroadcastKind;
  filter: SegmentFilter;
  texts: BroadcastTexts;
  buttons?: LinkButton[];
  /** An uploaded file (POST /api/broadcasts/media) sent with the text as its caption. */
  media?: { file_id: string };
  /** For an account that starts conversations only with approved templates. */
  template?: BroadcastTemplate;
}

/**
 * The body's texts keep a generous cap as input hygiene only (the server's textInputMaxLength): the account's own
 * limit is checked once the filter names it (text_too_long).
 */
const variantText = z.string().trim().min(1).max(textInputMaxLength);

/** One declared template (an app's business start, a broadcast's), its parameters drawn from `parameters`. */
export function declaredTemplateSchema<const Value extends string>(parameters: readonly Value[]) {
  const names = (parameters.length > 0 ? z.enum(parameters as unknown as [Value, ...Value[]]) : z.never()) as z.ZodType<Value>;
  return z.object({
    name: z
      .string()
      .trim()
      .regex(/^[a-z0-9_]{1,512}$/, 'the template’s name as approved: lower-case letters, digits and _'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a language code such as ru, kk or en_US')
      .optional(),
    parameters: z.array(names).max(10).default([]),
  });
}

/** A broadcast's template takes the contact's values (templateValues). */
const broadcastTemplateSchema = declaredTemplateSchema(templateValues);

export const broadcastBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(broadcastKinds).describe('marketing: consented contacts only, with an unsubscribe button'),
    filter: segmentFilterSchema,
    texts: z
      .object({ default: variantText, ru: variantText.optional(), kk: variantText.optional(), en: variantText.optional() })
      .strict()
      .describe('default, and variants by the contact language; {{name|fallback}}, {{first_name}}, {{phone}} are filled in'),
    buttons: z
      .array(z.object({ title: z.string().trim().min(1).max(64), url: z.url({ protocol: /^https?$/ }) }).strict())
      .max(5, 'at most 5 link buttons')
      .optional(),
    media: z
      .object({ file_id: z.string().trim().min(1).max(64).describe('the id POST /api/broadcasts/media answered') })
      .strict()
      .optional()
      .describe('a picture or document sent with the text as its caption; the account decides which kinds and sizes'),
    template: broadcastTemplateSchema
      .strict()
      .optional()
      .describe(
        'required by an account that starts conversations only with approved templates (GET /api/channels/kinds: broadcasts "template"): the template that goes, instead of the text, to recipients who have not written within its reply window; parameters name the contact values (name, first_name, phone) for {{1}}, {{2}} …',
      ),
  })
  .strict() satisfies z.ZodType<BroadcastInput>;

/** POST /api/broadcasts/preview */
export const segmentPreviewBody = z.object({ kind: z.enum(broadcastKinds), filter: segmentFilterSchema }).strict();

/** POST /api/broadcasts/segments */
export const savedSegmentBody = z.object({ name: z.string().trim().min(1).max(200), filter: segmentFilterSchema }).strict();

/** POST /api/broadcasts/:id/schedule */
export const scheduleBroadcastBody = z
  .object({
    send_at: z.iso.datetime({ offset: true }).describe('with its offset, e.g. 2025-03-08T09:00:00+05:00'),
    time_zone: z.string().trim().max(64).optional().describe("the sender's IANA time zone, shown back"),
  })
  .strict();

/** PUT /api/broadcasts/consents */
export const consentsBody = z
  .object({
    contact_ids: z.array(idParam).min(1).max(10_000),
    state: z.enum(consentStates),
    basis: z.string().trim().min(3).max(500).optional().describe('required when giving: what consent you hold, e.g. "signed form, 2024"'),
  })
  .strict();

/** A broadcast as GET /api/broadcasts/:id and every action answer it. */
export interface Broadcast {
  id: number;
  name: string;
  kind: BroadcastKind;
  /** The account it goes through (the filter's channel_id). */
  channel_id: number;
  filter: SegmentFilter;
  texts: BroadcastTexts;
  buttons: LinkButton[];
  media: BroadcastMedia | null;
  template: BroadcastTemplate | null;
  state: BroadcastState;
  scheduled_at: string | null;
  time_zone: string | null;
  created_by: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Why a scheduled broadcast went back to draft when due (an API error code); null once it starts. */
  problem: string | null;
}

/** GET /api/broadcasts: newest first, at most 200. */
export interface BroadcastList {
  results: Broadcast[];
}

/** POST /api/broadcasts/:id/start, /api/bot/broadcast/:id/start: the recipients are fixed now. */
export interface BroadcastStarted {
  broadcast: Broadcast;
  recipients: number;
}

/** POST /api/broadcasts/:id/test */
export interface BroadcastTestSent {
  sent_to: number;
}

/** The `broadcast_progress` event (admins) and the head of the stats (a type, not an interface: an event's payload is a record). */
export type BroadcastProgress = {
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
};

/** GET /api/broadcasts/:id/stats, /api/bot/broadcast/:id/stats */
export interface BroadcastStats extends BroadcastProgress {
  failed_by_reason: Array<{ reason: string; count: number }>;
  replied: number;
  unsubscribed: number;
  /** Pressed the unsubscribe button (the only button under a broadcast the bot hears of; link buttons are not counted). */
  unsubscribed_by_button: number;
  /** Typed unsubscribe / отписаться / stop. */
  unsubscribed_by_word: number;
  /** Sent more than once: a crash caught these in flight. */
  retried: number;
}

/** A filter saved under a name (GET and POST /api/broadcasts/segments). */
export interface SavedSegment {
  id: number;
  name: string;
  filter: SegmentFilter;
  created_by: number | null;
  created_at: string;
}

/** GET /api/broadcasts/segments: newest first, at most 200. */
export interface SavedSegmentList {
  results: SavedSegment[];
}

/** GET /api/broadcasts/consents/:id: `none` when the contact never gave or withdrew it. */
export type ConsentAnswer =
  | { contact_id: number; state: 'none' }
  | {
      contact_id: number;
      state: ConsentState;
      source: ConsentSource;
      basis: string | null;
      changed_by: number | null;
      changed_at: string;
    };

/** PUT /api/broadcasts/consents */
export interface ConsentsUpdated {
  updated: number;
}
