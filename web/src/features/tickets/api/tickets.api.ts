// The tickets app's /api/tickets: the request and answer types are the API contract's (@switchboard/contract, tickets.ts).
import type {
  NewTicket,
  NewTicketComment,
  TicketAttachment,
  TicketComment,
  TicketList,
  TicketListQuery,
  TicketPatch,
  TicketStatus,
  TicketWithComments,
  Teammate,
  TeammateList,
} from '@switchboard/contract';
import { api, withQuery } from '../../../lib/api.ts';

export { ticketStatuses } from '@switchboard/contract/tickets-values';
export type { Teammate, Ticket, TicketComment, TicketStatus, TicketWithComments } from '@switchboard/contract';
export type Attachment = TicketAttachment;

/** The list's filters: GET /api/tickets's query without the page (fetchTickets adds the cursor and the limit). */
export type TicketFilters = Partial<Pick<TicketListQuery, 'status' | 'client_id' | 'assignee_id'>>;

/** Which status a ticket may move to next, as the server allows for staff (tickets.service.ts). */
export const nextStatuses: Record<TicketStatus, TicketStatus[]> = {
  open: ['in_progress', 'resolved', 'closed'],
  in_progress: ['open', 'resolved', 'closed'],
  resolved: ['open', 'in_progress', 'closed'],
  closed: ['open'],
};

export const statusColors: Record<TicketStatus, string> = { open: 'blue', in_progress: 'yellow', resolved: 'green', closed: 'gray' };

export const ticketsKey = ['tickets'] as const;

export function fetchTickets(filters: TicketFilters, cursor?: string | null): Promise<TicketList> {
  const query: TicketListQuery = { ...filters, cursor: cursor ?? undefined, limit: 50 };
  return api.get(withQuery('/api/tickets', query));
}

export function fetchTicket(id: number): Promise<TicketWithComments> {
  return api.get(`/api/tickets/${id}`);
}

export function createTicket(input: NewTicket & { client_id: number }): Promise<TicketWithComments> {
  return api.post('/api/tickets', input);
}

export function updateTicket(id: number, patch: TicketPatch): Promise<TicketWithComments> {
  return api.patch(`/api/tickets/${id}`, patch);
}

export function addComment(id: number, input: NewTicketComment): Promise<TicketComment> {
  return api.post(`/api/tickets/${id}/comments`, input);
}

export async function fetchTeammates(): Promise<Teammate[]> {
  return (await api.get<TeammateList>('/api/operators/directory')).results;
}
