// Segment fields (issue 22): facts a broadcast's segment may filter contacts by, contributed by the part that
// owns them — the contacts' custom attributes (`attribute.<key>`) and the apps' fields (`clinic.age`, …) — each
// with its type, its labels and, for lists, its options. Plain data (no zod): the web app imports it at run time.

export const segmentFieldTypes = ['number', 'date', 'text', 'enum', 'multi_enum', 'boolean'] as const;
export type SegmentFieldType = (typeof segmentFieldTypes)[number];

/** What a condition does with the field's value; `at_least` and `at_most` include the bound. */
export const segmentOperators = ['equals', 'contains', 'at_least', 'at_most', 'any_of', 'none_of', 'is_set'] as const;
export type SegmentOperator = (typeof segmentOperators)[number];

/** The operators each type allows; `is_set` (value true: has a value, false: has none) goes with every type. */
export const operatorsByType: Record<SegmentFieldType, readonly SegmentOperator[]> = {
  number: ['equals', 'at_least', 'at_most', 'is_set'],
  date: ['at_least', 'at_most', 'is_set'],
  text: ['equals', 'contains', 'is_set'],
  enum: ['any_of', 'none_of', 'is_set'],
  multi_enum: ['any_of', 'none_of', 'is_set'],
  boolean: ['equals', 'is_set'],
};

/** ru and en always; kk where the contributor has it. */
export interface SegmentLabel {
  ru: string;
  en: string;
  kk?: string;
}

export interface SegmentField {
  /** `<source>.<key>`: `attribute.city`, `clinic.age`. */
  key: string;
  type: SegmentFieldType;
  label: SegmentLabel;
  /** The values an enum or multi_enum takes. */
  options?: Array<{ value: string; label: SegmentLabel }>;
  /** A number's unit or a date's meaning, shown beside the input. */
  hint?: SegmentLabel;
}

/**
 * One condition of a segment; all of a segment's conditions must hold. The value's shape follows the operator:
 * a number (number fields), a date "YYYY-MM-DD" (date fields), a string (text), a list of option values (any_of,
 * none_of), a boolean (boolean equals, is_set).
 */
export interface SegmentCondition {
  field: string;
  operator: SegmentOperator;
  value: number | string | boolean | string[];
}

/** A broadcast segment (POST /api/broadcasts/preview, /segments, the broadcast's filter): the inbox's facts about the
 * account's conversations and contacts, the fields other parts contribute, and the broadcasts app's consent. */
export interface SegmentFilter {
  channel_id: number;
  languages?: string[];
  tags?: string[];
  label_ids?: number[];
  statuses?: string[];
  last_message_after?: string;
  last_message_before?: string;
  /** The contact's own last message in the chat (inbound only). */
  last_inbound_after?: string;
  last_inbound_before?: string;
  /** Conditions on the fields other parts contribute (the contacts' custom attributes, the apps'); all must hold. */
  conditions?: SegmentCondition[];
  /** Marketing audiences are always consented; a service broadcast may narrow to consented contacts too. */
  consent?: 'given' | 'any';
}

/**
 * The part of a segment the inbox answers from its conversations and contacts (the contacts port's `audience`):
 * everything but the conditions (their owners answer those) and consent (the broadcasts app's).
 */
export type AudienceFilter = Omit<SegmentFilter, 'conditions' | 'consent'>;

/** POST /api/broadcasts/preview: how many the segment reaches now, and a few of them. */
export interface SegmentPreview {
  count: number;
  sample: Array<{ id: number; name: string; language: string | null }>;
  /** Accounts that start conversations only with templates: who wrote within the reply window (gets the text) and who not. */
  reply_window?: { inside: number; outside: number };
  /** The account's messaging limit: customers it may start conversations with in a moving window, places taken and left. */
  conversation_starts?: { limit: number; taken: number; left: number; frees_at: string | null };
}

/** GET /api/broadcasts/segment-fields */
export interface SegmentFieldList {
  results: SegmentField[];
}
