import type { ColumnType, Generated, Selectable } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const ticketStatuses = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const invoiceStatuses = ['issued', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];
export const notificationKinds = ['ticket_created', 'ticket_comment', 'ticket_status', 'invoice_issued'] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export type PartyKind = 'client' | 'staff';

export interface InvoiceLine {
  description: string;
  quantity: number;
  unit_price: number;
  amount: number;
}

export interface AttachmentMeta {
  file_name: string;
  mime_type?: string;
  size?: number;
  url?: string;
}

/**
 * The tables tickets owns (tickets/migrations), and the columns it reads or
 * writes of others: contacts (a portal client is a contact), staff_users,
 * linking's telegram_links (who hears from which bot) and delivery's outbox
 * (the notification queue's state).
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
  contacts: {
    id: Generated<number>;
    display_name: Defaulted<string>;
    name_set_by_staff: Defaulted<boolean>;
    first_name: Nullable<string>;
    phone: Nullable<string>;
    language_code: Nullable<string>;
  };
  staff_users: { id: number; email: string; name: string; is_active: boolean; language: string };
  telegram_links: { subject_kind: PartyKind; subject_id: number; channel_id: number; chat_id: string; language: string; enabled: boolean };
  outbox: {
    id: number;
    state: string;
    attempts: number;
    sent_at: Date | null;
    last_error: string | null;
    last_error_code: string | null;
    updated_at: Date;
  };
}

export type PortalAccountRow = Selectable<TicketsTables['portal_accounts']>;
export type TicketRow = Selectable<TicketsTables['tickets']>;
export type CommentRow = Selectable<TicketsTables['ticket_comments']>;
export type InvoiceRow = Selectable<TicketsTables['invoices']>;
