import { api, withQuery, type Page } from '../../../lib/api.ts';

export const ticketStatuses = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export interface Attachment {
  file_name: string;
  mime_type?: string;
  size?: number;
  url?: string;
}

export interface TicketComment {
  id: number;
  ticket_id: number;
  author: { kind: 'client' | 'staff'; id: number; name: string };
  body: string;
  attachments: Attachment[];
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
  created_by: { kind: 'client' | 'staff'; id: number };
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface TicketWithComments extends Ticket {
  comments: TicketComment[];
}

export interface TicketFilters {
  status?: TicketStatus | null;
  client_id?: number | null;
  assignee_id?: number | null;
}

/** Which status a ticket may move to next, as the server allows for staff (tickets.service.ts). */
export const nextStatuses: Record<TicketStatus, TicketStatus[]> = {
  open: ['in_progress', 'resolved', 'closed'],
  in_progress: ['open', 'resolved', 'closed'],
  resolved: ['open', 'in_progress', 'closed'],
  closed: ['open'],
};

export const statusColors: Record<TicketStatus, string> = { open: 'blue', in_progress: 'yellow', resolved: 'green', closed: 'gray' };

export interface Teammate {
  id: number;
  name: string;
  role: string;
  is_active: boolean;
}

export const ticketsKey = ['tickets'] as const;

export function fetchTickets(filters: TicketFilters, cursor?: string | null): Promise<Page<Ticket>> {
  return api.get(withQuery('/api/tickets', { ...filters, cursor, limit: 50 }));
}

export function fetchTicket(id: number): Promise<TicketWithComments> {
  return api.get(`/api/tickets/${id}`);
}

export function createTicket(input: {
  client_id: number;
  subject: string;
  description?: string;
  assignee_id?: number | null;
}): Promise<TicketWithComments> {
  return api.post('/api/tickets', input);
}

export function updateTicket(id: number, patch: { status?: TicketStatus; assignee_id?: number | null }): Promise<TicketWithComments> {
  return api.patch(`/api/tickets/${id}`, patch);
}

export function addComment(id: number, input: { body: string; attachments?: Attachment[] }): Promise<TicketComment> {
  return api.post(`/api/tickets/${id}/comments`, input);
}

export async function fetchTeammates(): Promise<Teammate[]> {
  return (await api.get<Page<Teammate>>('/api/operators/directory')).results;
}
