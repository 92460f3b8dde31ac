// The tickets app's tickets (/api/tickets): staff and the portal client they belong to speak the same routes.
import { z } from 'zod';
import type { Page } from './inbox.ts';
import { idField, idParam, pageQueryFields, safeLink } from './primitives.ts';
import { ticketStatuses, type TicketStatus } from './tickets-values.ts';

/** Who opened a ticket or wrote a comment. */
export type TicketParty = 'client' | 'staff';

/** A comment's attachment: its metadata (the file lives where `url` points). */
export const ticketAttachment = z.object({
  file_name: z.string().trim().min(1).max(255),
  mime_type: z.string().max(100).optional(),
  size: z
    .number()
    .int()
    .min(0)
    .max(2 ** 40)
    .optional(),
  url: safeLink(2000).optional(),
});
export type TicketAttachment = z.infer<typeof ticketAttachment>;

const status = z.enum(ticketStatuses);

/** GET /api/tickets */
export const ticketListQuery = z.object({
  ...pageQueryFields(),
  status: status.optional(),
  client_id: idParam.optional(),
  assignee_id: idParam.optional(),
});
/** GET /api/tickets as the server reads it (the web app sends the filters it has; `limit` defaults). */
export type TicketListQuery = z.infer<typeof ticketListQuery>;

/** POST /api/tickets: staff say for which client. */
export const newTicketBody = z.object({
  subject: z.string().trim().min(1).max(300),
  description: z.string().max(20_000).optional(),
  client_id: idField.optional(),
  assignee_id: idField.nullable().optional(),
});
export type NewTicket = z.input<typeof newTicketBody>;

/** PATCH /api/tickets/:id: a client may only close or reopen. */
export const ticketPatch = z.object({
  status: status.optional(),
  assignee_id: idField.nullable().optional(),
  subject: z.string().trim().min(1).max(300).optional(),
  description: z.string().max(20_000).optional(),
});
export type TicketPatch = z.input<typeof ticketPatch>;

/** POST /api/tickets/:id/comments */
export const ticketCommentBody = z.object({
  body: z.string().trim().min(1).max(20_000),
  attachments: z.array(ticketAttachment).max(20).optional(),
});
export type NewTicketComment = z.input<typeof ticketCommentBody>;

export interface TicketComment {
  id: number;
  ticket_id: number;
  author: { kind: TicketParty; id: number; name: string };
  body: string;
  attachments: TicketAttachment[];
  created_at: string;
}

export interface Ticket {
  id: number;
  client_id: number;
  client_name: string;
  subject: string;
  description: string;
  status: TicketStatus;
  assignee_id: number | null;
  assignee_name: string | null;
  created_by: { kind: TicketParty; id: number };
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

/** GET /api/tickets/:id, and the answer of a change. */
export interface TicketWithComments extends Ticket {
  comments: TicketComment[];
}

/** GET /api/tickets: newest first; a client sees their own. */
export type TicketList = Page<Ticket>;
