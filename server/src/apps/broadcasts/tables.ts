import type { ColumnType, Generated } from 'kysely';
import type {
  BroadcastInput,
  BroadcastKind,
  BroadcastMedia,
  BroadcastState,
  BroadcastTemplate,
  BroadcastTexts,
  ConsentSource,
  ConsentState,
  LinkButton,
  RecipientState,
  SegmentFilter,
} from '@switchboard/contract';

// The column types are the API contract's (@switchboard/contract, broadcasts.ts): what is stored is what is answered.
export type {
  BroadcastInput,
  BroadcastKind,
  BroadcastMedia,
  BroadcastState,
  BroadcastTemplate,
  BroadcastTexts,
  ConsentSource,
  ConsentState,
  LinkButton,
  RecipientState,
  SegmentFilter,
};

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Json<T> = ColumnType<T, string, string>;

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
