import type { ColumnType, Generated, Kysely } from 'kysely';
import type { OutboundMessage } from '../channels/channel.ts';
import { tablesOf, type PlatformTables } from '../platform/index.ts';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** Served in this order on each bot: a reply in a running flow first, broadcasts last. */
export const lanes = ['interactive', 'operator', 'notification', 'broadcast'] as const;
export type Lane = (typeof lanes)[number];
export const laneRank = (lane: Lane): number => lanes.indexOf(lane);

export const outboxStates = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxState = (typeof outboxStates)[number];

export const attemptOutcomes = ['sent', 'retrying', 'failed', 'interrupted'] as const;
export type AttemptOutcome = (typeof attemptOutcomes)[number];

/** The tables delivery owns (delivery/migrations), plus the instances it reads. */
export interface DeliveryTables {
  outbox: {
    id: Generated<number>;
    channel_id: number;
    external_chat_id: string;
    topic_id: Defaulted<string>;
    lane: Lane;
    lane_rank: number;
    idempotency_key: string;
    message_id: Nullable<number>;
    reference_type: Nullable<string>;
    reference_id: Nullable<string>;
    payload: ColumnType<OutboundMessage, string, string>;
    /** The row whose delivered message this one changes (its text; the message's buttons go) instead of sending anew. */
    edit_of: Nullable<number>;
    state: Defaulted<OutboxState>;
    attempts: Defaulted<number>;
    next_attempt_at: Defaulted<Date>;
    claimed_by: Nullable<string>;
    claimed_at: Nullable<Date>;
    last_error_code: Nullable<string>;
    last_error: Nullable<string>;
    external_ids: ColumnType<string[] | null, string | null | undefined, string | null>;
    created_at: Defaulted<Date>;
    updated_at: Defaulted<Date>;
    sent_at: Nullable<Date>;
  };
  delivery_attempts: {
    id: Generated<number>;
    outbox_id: number;
    channel_id: number;
    attempt: number;
    instance_id: Nullable<string>;
    started_at: Date;
    duration_ms: number;
    outcome: AttemptOutcome;
    error_code: Nullable<string>;
    description: Nullable<string>;
    retry_after_ms: Nullable<number>;
    external_ids: ColumnType<string[] | null, string | null | undefined, string | null>;
    recorded_at: Defaulted<Date>;
  };
  /** Each channel's send budget shared by every instance (0002, channel-worker.ts). */
  delivery_rate_budget: { channel_id: number; tokens: number; updated_at: Defaulted<Date> };
}

export const cascadeStepOutcomes = ['waiting', 'sending', 'sent', 'failed', 'refused', 'down'] as const;
export type CascadeStepOutcome = (typeof cascadeStepOutcomes)[number];

/** Cascading delivery's tables (0003): a message with a fallback order of channels, and each channel's outcome. */
export interface CascadeTables {
  delivery_cascades: {
    id: Generated<number>;
    idempotency_key: string;
    lane: Exclude<Lane, 'interactive'>;
    reference_type: Nullable<string>;
    reference_id: Nullable<string>;
    payload: ColumnType<Omit<OutboundMessage, 'chatId'>, string, string>;
    state: Defaulted<'pending' | 'delivered' | 'exhausted'>;
    delivered_channel_id: Nullable<number>;
    created_at: Defaulted<Date>;
    updated_at: Defaulted<Date>;
  };
  delivery_cascade_steps: {
    cascade_id: number;
    position: number;
    channel_id: number;
    external_chat_id: string;
    outbox_id: Nullable<number>;
    outcome: Defaulted<CascadeStepOutcome>;
    error_code: Nullable<string>;
    error: Nullable<string>;
    decided_at: Nullable<Date>;
  };
}

/** One outbox row as read back. */
export interface OutboxRow {
  id: number;
  channel_id: number;
  external_chat_id: string;
  topic_id: string;
  lane: Lane;
  lane_rank: number;
  idempotency_key: string;
  message_id: number | null;
  reference_type: string | null;
  reference_id: string | null;
  payload: OutboundMessage;
  edit_of: number | null;
  state: OutboxState;
  attempts: number;
  next_attempt_at: Date;
  claimed_by: string | null;
  claimed_at: Date | null;
  last_error_code: string | null;
  last_error: string | null;
  external_ids: string[] | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

/** One ledger entry as read back. */
export interface DeliveryAttempt {
  id: number;
  outbox_id: number;
  channel_id: number;
  attempt: number;
  instance_id: string | null;
  started_at: Date;
  duration_ms: number;
  outcome: AttemptOutcome;
  error_code: string | null;
  description: string | null;
  retry_after_ms: number | null;
  external_ids: string[] | null;
  recorded_at: Date;
}

/** The view of any wider handle through this part's tables (platform `tablesOf`). */
export const deliveryTables = tablesOf<DeliveryPartTables>();

/** The tables this part's code reads and writes: its own, and the instances that hold claims. */
export type DeliveryPartTables = DeliveryTables & Pick<PlatformTables, 'instances'>;

/** The cascades' view: their tables and the outbox and ledger they point at (kept apart so other parts' views need not carry them). */
export const cascadeTables = tablesOf<CascadeTables & DeliveryPartTables>();

/** A handle (the database or an open transaction) seen through delivery's tables. */
export type DeliveryDb = Kysely<DeliveryPartTables>;

declare module '../platform/db/tables.ts' {
  // Adds this part's tables (the outbox, the ledger, the cascades) to the whole schema.
  interface SwitchboardTables extends DeliveryTables, CascadeTables {}
}
