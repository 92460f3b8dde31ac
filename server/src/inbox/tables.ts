import type { AttributeValues, Availability } from '@switchboard/contract';
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { MediaTables } from './media/tables.ts';
import type { ChannelTables } from '../channels/tables.ts';
import type { DeliveryTables } from '../delivery/tables.ts';
import { tablesOf, type PlatformTables } from '../platform/index.ts';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** The tables the inbox owns (inbox/migrations). */
export interface InboxTables {
  contacts: {
    id: Generated<number>;
    display_name: Defaulted<string>;
    /** The messenger's own name for them, kept current; display_name follows it until staff set a name. */
    profile_name: Defaulted<string>;
    name_set_by_staff: Defaulted<boolean>;
    first_name: Nullable<string>;
    last_name: Nullable<string>;
    username: Nullable<string>;
    phone: Nullable<string>;
    language_code: Nullable<string>;
    tags: Defaulted<string[]>;
    notes: Defaulted<string>;
    /** Custom attributes' values by key (0021, attributes.ts). */
    attributes: ColumnType<AttributeValues, string | undefined, string>;
    created_at: Defaulted<Date>;
    updated_at: Defaulted<Date>;
  };
  contact_identities: {
    id: Generated<number>;
    contact_id: number;
    messenger: string;
    external_id: string;
    username: Nullable<string>;
    created_at: Defaulted<Date>;
  };
  /** Operators' "same person" links between two contacts, smaller id first (0014). */
  contact_links: {
    contact_id: number;
    other_contact_id: number;
    linked_by: Nullable<number>;
    created_at: Defaulted<Date>;
  };
  contact_reachability: {
    contact_id: number;
    channel_id: number;
    reachable: boolean;
    reason: Nullable<string>;
    updated_at: Defaulted<Date>;
  };
  conversations: {
    id: Generated<number>;
    channel_id: number;
    external_chat_id: string;
    topic_id: Defaulted<string>;
    chat_type: string;
    title: Defaulted<string>;
    contact_id: Nullable<number>;
    /** open | pending | snoozed | resolved (conversation-status.ts). */
    status: Defaulted<string>;
    /** A snooze's end; null while snoozed means until the customer writes. */
    snoozed_until: Nullable<Date>;
    assigned_operator_id: Nullable<number>;
    /** The team whose queue it is in while nobody holds it (0021, teams.ts). */
    team_id: Nullable<number>;
    messages_in: Defaulted<number>;
    /** Incoming messages everyone counts as read until they have a marker of their own (read-state.ts). */
    read_baseline: Defaulted<number>;
    messages_out: Defaulted<number>;
    last_message_id: Nullable<number>;
    last_message_at: Nullable<Date>;
    last_message_preview: Defaulted<string>;
    last_message_direction: Nullable<string>;
    first_message_at: Nullable<Date>;
    /** Custom attributes' values by key (0021, attributes.ts). */
    attributes: ColumnType<AttributeValues, string | undefined, string>;
    created_at: Defaulted<Date>;
    updated_at: Defaulted<Date>;
  };
  messages: {
    id: Generated<number>;
    conversation_id: number;
    direction: 'in' | 'out';
    sender_kind: 'client' | 'admin' | 'bot' | 'system';
    sender_contact_id: Nullable<number>;
    sender_staff_id: Nullable<number>;
    sender_name: Defaulted<string>;
    kind: Defaulted<string>;
    text: Defaulted<string>;
    entities: Nullable<unknown>;
    attachments: Defaulted<unknown>;
    external_message_id: Nullable<string>;
    reply_to_external_id: Nullable<string>;
    media_group_id: Nullable<string>;
    status: Nullable<string>;
    status_reason: Nullable<string>;
    read_at: Nullable<Date>;
    read_by_staff_id: Nullable<number>;
    edited_at: Nullable<Date>;
    edit_history: Nullable<unknown>;
    deleted_at: Nullable<Date>;
    /** Reactions as each reactor now has them (record-reaction.ts); null: none. */
    reactions: Nullable<unknown>;
    /** A service line's code and parameters (@switchboard/contract/service-lines); text stays empty for new ones. */
    service: Nullable<unknown>;
    sent_at: Defaulted<Date>;
    created_at: Defaulted<Date>;
    /** Generated from the text (0016, search.service.ts): read by search, never written. */
    search_words: ColumnType<string, never, never>;
  };
  /** Per staff member and conversation: how many incoming messages they had read (read-state.ts). */
  conversation_reads: {
    conversation_id: number;
    staff_id: number;
    messages_in_read: number;
    read_at: Defaulted<Date>;
  };
  intake_journal: {
    id: Generated<number>;
    channel_id: number;
    event_id: string;
    chat_key: string;
    /** The raw update as received (JSON text): jsonb would refuse \u0000. */
    body: string;
    state: Defaulted<'pending' | 'processing' | 'done' | 'parked'>;
    recorded: Defaulted<boolean>;
    claimed_by: Nullable<string>;
    claimed_at: Nullable<Date>;
    attempts: Defaulted<number>;
    error: Nullable<string>;
    received_at: Defaulted<Date>;
    processed_at: Nullable<Date>;
  };
  realtime_events: {
    id: Generated<number>;
    conversation_id: Nullable<number>;
    user_id: Nullable<number>;
    type: string;
    payload: unknown;
    created_at: Defaulted<Date>;
  };
}

export type ConversationRow = {
  [K in keyof InboxTables['conversations']]: InboxTables['conversations'][K] extends ColumnType<infer S, unknown, unknown>
    ? S
    : InboxTables['conversations'][K];
};
/** A message as the code reads it: every column but the generated search one (queries/message-columns.ts). */
export type MessageRow = Omit<
  {
    [K in keyof InboxTables['messages']]: InboxTables['messages'][K] extends ColumnType<infer S, unknown, unknown>
      ? S
      : InboxTables['messages'][K];
  },
  'search_words'
>;
export type ContactRow = {
  [K in keyof InboxTables['contacts']]: InboxTables['contacts'][K] extends ColumnType<infer S, unknown, unknown>
    ? S
    : InboxTables['contacts'][K];
};

export interface WorkflowTables {
  labels: { id: Generated<number>; name: string; color: Defaulted<string>; created_at: Defaulted<Date> };
  /** Custom attributes admins define (0021, attributes.ts). */
  attribute_definitions: {
    id: Generated<number>;
    applies_to: string;
    key: string;
    label_ru: Defaulted<string>;
    label_en: Defaulted<string>;
    type: string;
    options: ColumnType<string[], string | undefined, string>;
    created_at: Defaulted<Date>;
  };
  conversation_labels: { conversation_id: number; label_id: number };
  canned_responses: { id: Generated<number>; shortcut: string; text: string; created_by: Nullable<number>; created_at: Defaulted<Date> };
  /** An operator's saved filters (views.routes.ts). */
  inbox_views: { id: Generated<number>; owner_id: number; name: string; filters: unknown; created_at: Defaulted<Date> };
  /** An operator's alerts for new customer messages (notification-settings.routes.ts). */
  operator_notification_settings: {
    staff_id: number;
    mine: boolean;
    queue: boolean;
    sound: boolean;
    /** Alerts when a colleague mentions them in a private note (0015). */
    mentions: Defaulted<boolean>;
    updated_at: Defaulted<Date>;
  };
  /** Saved sequences of actions on a conversation (macros.ts, 0015). */
  macros: {
    id: Generated<number>;
    name: string;
    owner_id: Nullable<number>;
    actions: unknown;
    created_at: Defaulted<Date>;
    updated_at: Defaulted<Date>;
  };
  /** Opening hours and reply goals, for all accounts (channel_id null) or one (0020, business-hours.ts). */
  business_hours: {
    id: Generated<number>;
    channel_id: number | null;
    time_zone: string;
    weekly: unknown;
    holidays: Defaulted<unknown>;
    away_enabled: Defaulted<boolean>;
    away_text_ru: Defaulted<string>;
    away_text_en: Defaulted<string>;
    first_response_minutes: Nullable<number>;
    resolution_minutes: Nullable<number>;
    updated_at: Defaulted<Date>;
  };
  /** The away message a conversation got for one closed period, so it gets it once (0020). */
  business_hours_away_sent: { conversation_id: number; closed_since: Date; message_id: Nullable<number> };
}

export interface TeamTables {
  /** Groups of operators with their own queue (0021, teams.ts). */
  teams: { id: Generated<number>; name: string; created_at: Defaulted<Date> };
  team_members: { team_id: number; user_id: number };
  /** One satisfaction question per resolution and its first answer (0021, csat.ts). */
  csat_ratings: {
    id: Generated<number>;
    conversation_id: number;
    resolution_message_id: number;
    operator_id: Nullable<number>;
    team_id: Nullable<number>;
    asked_at: Defaulted<Date>;
    rating: Nullable<number>;
    answered_at: Nullable<Date>;
  };
  operators: {
    user_id: number;
    max_chats: ColumnType<number, number | undefined, number>;
    availability: ColumnType<Availability, Availability | undefined, Availability>;
    last_assigned_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    created_at: ColumnType<Date, Date | undefined, Date>;
  };
  chat_assignments: {
    id: Generated<number>;
    conversation_id: number;
    operator_id: number | null;
    previous_operator_id: number | null;
    assigned_by: number | null;
    reason: 'manual' | 'auto' | 'transfer';
    note: string | null;
    created_at: ColumnType<Date, Date | undefined, Date>;
  };
}

/** The tables this part's code reads and writes, its own and those it joins. */
export type InboxPartTables = MediaTables & WorkflowTables & TeamTables & PlatformTables & Pick<ChannelTables, 'channels'> & DeliveryTables;

/** A handle (the database or an open transaction) seen through the inbox's tables. */
export type InboxDb = Kysely<InboxPartTables>;

/** The view of any wider handle through this part's tables (platform `tablesOf`). */
export const inboxTables = tablesOf<InboxPartTables>();

declare module '../platform/db/tables.ts' {
  interface SwitchboardTables extends InboxTables, WorkflowTables, TeamTables {}
}
