// The tickets app's plain lists (no zod here: the web app imports this at run time,
// @switchboard/contract/tickets-values); the schemas in tickets.ts, invoices.ts, ticket-notifications.ts and
// portal.ts are built from them.
export const ticketStatuses = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const invoiceStatuses = ['issued', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];
/** The languages an invoice's PDF is written in. */
export const invoiceLanguages = ['ru', 'kk', 'en'] as const;

export const notificationKinds = ['ticket_created', 'ticket_comment', 'ticket_status', 'invoice_issued'] as const;
export type NotificationKind = (typeof notificationKinds)[number];
/** The languages notifications are written in. */
export const notificationLanguages = ['ru', 'kk', 'en'] as const;
export type NotificationLanguage = (typeof notificationLanguages)[number];
/** A queued notification's state in delivery's outbox. */
export const notificationOutboxStates = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
/** …or 'gone': delivery has removed its row (retention). */
export type QueueState = (typeof notificationOutboxStates)[number] | 'gone';

/** The languages of a portal client (the portal, the PDFs, the notifications). */
export const clientLanguages = ['ru', 'kk', 'en'] as const;
export const portalStatuses = ['active', 'invited', 'not_invited', 'disabled'] as const;
export type PortalStatus = (typeof portalStatuses)[number];
