// The client portal's calls: every one speaks for the portal session (sb_portal, CSRF from sb_portal_csrf),
// so a 401 returns the client to /portal/login, never to the staff sign-in.
import { api, ApiError, withQuery, type Page, type RequestOptions } from '../../../lib/api.ts';

const portal: RequestOptions = { session: 'portal' };

export interface PortalClient {
  id: number;
  display_name: string;
  email: string | null;
  phone: string | null;
  language: string;
  portal_status: string;
  /** Shown in the header when the server says whose portal this is. */
  business_name?: string;
}

export interface PortalSession {
  client: PortalClient;
  csrf_token: string;
}

export const ticketStatuses = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export interface Ticket {
  id: number;
  subject: string;
  description: string;
  status: TicketStatus;
  assignee_name: string | null;
  created_at: string;
  updated_at: string;
}

export interface TicketComment {
  id: number;
  author: { kind: 'staff' | 'client'; id: number; name: string };
  body: string;
  attachments: Array<{ file_name: string; url?: string }> | null;
  created_at: string;
}

export interface TicketWithComments extends Ticket {
  comments: TicketComment[];
}

export type InvoiceStatus = 'issued' | 'paid' | 'void';

export interface Invoice {
  id: number;
  number: string;
  currency: string;
  amount: number;
  status: InvoiceStatus;
  due_date: string | null;
  issued_at: string;
  pdf_url: string;
}

export const notificationKinds = ['ticket_created', 'ticket_comment', 'ticket_status', 'invoice_issued'] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const notificationLanguages = ['ru', 'kk', 'en'] as const;
export type NotificationLanguage = (typeof notificationLanguages)[number];

export interface NotificationPreferences {
  kinds: Record<NotificationKind, boolean>;
  defaults: Record<NotificationKind, boolean>;
  language: NotificationLanguage | null;
}

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

export function fetchInvitation(
  token: string,
): Promise<{ client: { display_name: string; email: string | null }; expires_at: string | null }> {
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

export function updatePreferences(patch: {
  kinds?: Partial<Record<NotificationKind, boolean>>;
  language?: NotificationLanguage | null;
}): Promise<NotificationPreferences> {
  return api.put('/api/notifications/preferences', patch, portal);
}
