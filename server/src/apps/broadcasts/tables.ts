import type { ColumnType, Generated } from 'kysely';
import type { SegmentFilter } from '@switchboard/contract';

export type { SegmentFilter };

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Json<T> = ColumnType<T, string, string>;

export type ConsentState = 'given' | 'withdrawn';
export type ConsentSource = 'flow' | 'import' | 'unsubscribe' | 'staff';
export type BroadcastKind = 'marketing' | 'service';
export type BroadcastState = 'draft' | 'scheduled' | 'sending' | 'paused' | 'done' | 'cancelled';
export type RecipientState = 'pending' | 'queued' | 'sent' | 'failed' | 'unreachable' | 'skipped';

export interface BroadcastTexts {
  default: string;
  ru?: string;
  kk?: string;
  en?: string;
}

/** The picture or document a broadcast carries, with the text as its caption (kept through the files port). */
export interface BroadcastMedia {
  file_id: string;
  kind: 'photo' | 'document';
  name: string;
  content_type: string;
  size: number;
}

/** The contact values a broadcast's template may take for its {{1}}, {{2}} … */
export const templateValues = ['name', 'first_name', 'phone'] as const;

/**
 * The approved template that goes, instead of the text, to a recipient a template-only account may not message
 * freely (outside their reply window): its name, language (absent: the recipient's) and the values of its variables.
 */
export interface BroadcastTemplate {
  name: string;
  language?: string;
  parameters: Array<(typeof templateValues)[number]>;
}

export interface LinkButton {
  title: string;
  url: string;
}

/** The tables broadcasts owns (broadcasts/migrations). */
export interface BroadcastTables {
  broadcast_consents: {
    contact_id: number;
    state: ConsentState;
    source: ConsentSource;
    basis: Nullable<string>;
    changed_by: Nullable<number>;
    changed_at: Defaulted<Date>;
  };
  broadcast_segments: {
    id: Generated<number>;
    name: string;
    filter: Json<SegmentFilter>;
    created_by: Nullable<number>;
    created_at: Defaulted<Date>;
  };
  broadcasts: {
    id: Generated<number>;
    name: string;
    kind: BroadcastKind;
    channel_id: number;
    filter: Json<SegmentFilter>;
    texts: Json<BroadcastTexts>;
    buttons: ColumnType<LinkButton[], string | undefined, string>;
    media: ColumnType<BroadcastMedia | null, string | null | undefined, string | null>;
    /** migrations/0003: the approved template for recipients outside a template-only account's reply window. */
    template: ColumnType<BroadcastTemplate | null, string | null | undefined, string | null>;
    state: Defaulted<BroadcastState>;
    scheduled_at: Nullable<Date>;
    time_zone: Nullable<string>;
    created_by: Nullable<number>;
    created_at: Defaulted<Date>;
    started_at: Nullable<Date>;
    finished_at: Nullable<Date>;
    /** migrations/0004: why a scheduled broadcast went back to draft when due (an API error code); null once it starts. */
    problem: Nullable<string>;
  };
  broadcast_recipients: {
    broadcast_id: number;
    contact_id: number;
    state: Defaulted<RecipientState>;
    conversation_id: Nullable<number>;
    outbox_id: Nullable<number>;
    language: Nullable<string>;
    error: Nullable<string>;
    attempts: Defaulted<number>;
    sent_at: Nullable<Date>;
    replied_at: Nullable<Date>;
    unsubscribed_at: Nullable<Date>;
    unsubscribed_via: Nullable<'button' | 'word'>;
  };
  scheduled_messages: {
    id: Generated<number>;
    conversation_id: number;
    text: string;
    send_at: ColumnType<Date, Date | string, Date | string>;
    created_by: number;
    state: Defaulted<'pending' | 'sent' | 'cancelled' | 'failed'>;
    reason: Nullable<string>;
    message_id: Nullable<number>;
    created_at: Defaulted<Date>;
    updated_at: Defaulted<Date>;
  };
}
