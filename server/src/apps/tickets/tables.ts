import type { ColumnType, Generated, Selectable } from 'kysely';
import type { InvoiceLine, InvoiceStatus, NotificationKind, TicketAttachment, TicketParty, TicketStatus } from '@switchboard/contract';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

// The statuses and kinds the API shows are the contract's (packages/contract: tickets, invoices, ticket-notifications).
export {
  invoiceStatuses,
  notificationKinds,
  ticketStatuses,
  type InvoiceLine,
  type InvoiceStatus,
  type NotificationKind,
  type TicketStatus,
} from '@switchboard/contract';
export type PartyKind = TicketParty;

export type AttachmentMeta = TicketAttachment;

/**
 * The tables tickets owns (tickets/migrations): all it reaches directly. A
 * portal client is a contact (the contacts port), assignees are staff (the
 * staff port), who hears from which bot is linking's (its provided port), and
 * a notification's fate is delivery's ledger (the delivery port).
 */
export interface TicketsTables {
  portal_accounts: {
    contact_id: number;
    email: Nullable<string>;
    password_hash: Nullable<string>;
    language: Defaulted<string>;
    is_active: Defaulted<boolean>;
    invite_hash: Nullable<string>;
    invite_expires_at: Nullable<Date>;
    created_by: Nullable<number>;
    created_at: Defaulted<Date>;
    updated_at: Defaulted<Date>;
    last_login_at: Nullable<Date>;
  };
  portal_sessions: {
    id_hash: string;
    contact_id: number;
    csrf_token: string;
    created_at: Defaulted<Date>;
    expires_at: Timestamp;
    user_agent: Nullable<string>;
  };
  tickets: {
    id: Generated<number>;
    client_id: number;
    subject: string;
    description: Defaulted<string>;
    status: Defaulted<TicketStatus>;
    assignee_id: Nullable<number>;
    created_by_kind: PartyKind;
    created_by_id: number;
    created_at: Defaulted<Date>;
    updated_at: Defaulted<Date>;
    closed_at: Nullable<Date>;
  };
  ticket_comments: {
    id: Generated<number>;
    ticket_id: number;
    author_kind: PartyKind;
    author_id: number;
    author_name: Defaulted<string>;
    body: string;
    attachments: ColumnType<AttachmentMeta[], string | undefined, string>;
    created_at: Defaulted<Date>;
  };
  invoices: {
    id: Generated<number>;
    client_id: number;
    number: Defaulted<string>;
    currency: string;
    lines: ColumnType<InvoiceLine[], string, string>;
    amount_minor: number;
    status: Defaulted<InvoiceStatus>;
    due_date: Nullable<string>;
    notes: Defaulted<string>;
    created_by: Nullable<number>;
    issued_at: Defaulted<Date>;
    paid_at: Nullable<Date>;
    voided_at: Nullable<Date>;
    updated_at: Defaulted<Date>;
  };
  notification_preferences: {
    subject_kind: PartyKind;
    subject_id: number;
    kinds: ColumnType<Partial<Record<NotificationKind, boolean>>, string | undefined, string>;
    language: Nullable<string>;
    updated_at: Defaulted<Date>;
  };
  notifications: {
    id: Generated<number>;
    recipient_kind: PartyKind;
    recipient_id: number;
    kind: NotificationKind;
    reference_type: 'ticket' | 'invoice';
    reference_id: number;
    event_key: string;
    outbox_id: Nullable<number>;
    text: string;
    created_at: Defaulted<Date>;
  };
}

export type PortalAccountRow = Selectable<TicketsTables['portal_accounts']>;
export type TicketRow = Selectable<TicketsTables['tickets']>;
export type CommentRow = Selectable<TicketsTables['ticket_comments']>;
export type InvoiceRow = Selectable<TicketsTables['invoices']>;
