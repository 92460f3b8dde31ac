// The client portal's calls: every one speaks for the portal session (sb_portal, CSRF from sb_portal_csrf),
// so a 401 returns the client to /portal/login, never to the staff sign-in.
// The request and answer types are the API contract's (@switchboard/contract: portal.ts, tickets.ts, invoices.ts,
// ticket-notifications.ts): the portal speaks the same routes as staff, as a client.
import type {
  InvitationPreview,
  Invoice,
  NotificationPreferences,
  NotificationPreferencesPatch,
  PortalMe,
  Ticket,
  TicketComment,
  TicketStatus,
  TicketWithComments,
} from '@switchboard/contract';
import { api, ApiError, withQuery, type Page, type RequestOptions } from '../../../lib/api.ts';

const portal: RequestOptions = { session: 'portal' };

export type { Invoice, InvoiceStatus, NotificationKind, NotificationLanguage, NotificationPreferences } from '@switchboard/contract';
export type { Ticket, TicketComment, TicketStatus, TicketWithComments } from '@switchboard/contract';
export { notificationKinds, notificationLanguages, ticketStatuses } from '@switchboard/contract/tickets-values';
/** The signed-in client; the header shows `business_name` when the server says whose portal this is. */
export type PortalClient = PortalMe['client'];
export type PortalSession = PortalMe;

export const portalKeys = {
  me: ['portal', 'me'] as const,
  tickets: ['portal', 'tickets'] as const,
  ticket: (id: number) => ['portal', 'tickets', id] as const,
  invoices: ['portal', 'invoices'] as const,
  preferences: ['portal', 'preferences'] as const,
};

/** The signed-in client, or null when the portal session is missing or over. */
export async function fetchPortalMe(): Promise<PortalSession | null> {
  try {
    return await api.get<PortalSession>('/api/portal/me', { ...portal, allowUnauthenticated: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function portalSignIn(email: string, password: string): Promise<PortalSession> {
  return api.post('/api/portal/login', { email, password }, { ...portal, allowUnauthenticated: true });
}

export function portalSignOut(): Promise<unknown> {
  return api.post('/api/portal/logout', {}, { ...portal, allowUnauthenticated: true });
}

export function fetchInvitation(token: string): Promise<InvitationPreview> {
  return api.post('/api/portal/invitation', { token }, { ...portal, allowUnauthenticated: true });
}

export function acceptInvitation(token: string, password: string): Promise<PortalSession> {
  return api.post('/api/portal/invitation/accept', { token, password }, { ...portal, allowUnauthenticated: true });
}

export function fetchMyTickets(cursor: string | null): Promise<Page<Ticket>> {
  return api.get(withQuery('/api/tickets', { limit: 20, cursor }), portal);
}

export function fetchTicket(id: number): Promise<TicketWithComments> {
  return api.get(`/api/tickets/${id}`, portal);
}

export function openTicket(input: { subject: string; description: string }): Promise<TicketWithComments> {
  return api.post('/api/tickets', input, portal);
}

export function setTicketStatus(id: number, status: TicketStatus): Promise<TicketWithComments> {
  return api.patch(`/api/tickets/${id}`, { status }, portal);
}

export function addComment(id: number, body: string): Promise<TicketComment> {
  return api.post(`/api/tickets/${id}/comments`, { body }, portal);
}

export function fetchMyInvoices(cursor: string | null): Promise<Page<Invoice>> {
  return api.get(withQuery('/api/invoices', { limit: 20, cursor }), portal);
}

export function fetchPreferences(): Promise<NotificationPreferences> {
  return api.get('/api/notifications/preferences', portal);
}

export function updatePreferences(patch: NotificationPreferencesPatch): Promise<NotificationPreferences> {
  return api.put('/api/notifications/preferences', patch, portal);
}
