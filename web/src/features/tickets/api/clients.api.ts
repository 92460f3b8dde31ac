// The tickets app's /api/clients: the request and answer types are the API contract's (@switchboard/contract, portal.ts;
// a client's link: linking.ts).
import type {
  ClientInvitation,
  ClientMessageBody,
  ClientMessageSent,
  ClientPatch,
  LinkStatus,
  NewClient,
  PortalClient,
  PortalStatus,
} from '@switchboard/contract';
import { clientLanguages } from '@switchboard/contract/tickets-values';
import { api, withQuery, type Page } from '../../../lib/api.ts';

export { clientLanguages };
export type ClientLanguage = (typeof clientLanguages)[number];

/** A select's value as a portal language (the selects offer only these; anything else reads as the default, Russian). */
export function asClientLanguage(value: string): ClientLanguage {
  return (clientLanguages as readonly string[]).includes(value) ? (value as ClientLanguage) : 'ru';
}
export type { PortalStatus } from '@switchboard/contract';
export type Client = PortalClient;
export type Invitation = ClientInvitation;
/** A change of a client (PATCH /api/clients/:id). */
export type ClientInput = ClientPatch;
export const portalStatusColors: Record<PortalStatus, string> = { active: 'green', invited: 'blue', not_invited: 'gray', disabled: 'red' };

/** seed 001's status of a client's link, as staff see it (GET /api/telegram/client/:clientId/status). */
export type TelegramStatus = LinkStatus;
export type SentMessage = ClientMessageSent;

export const clientsKey = ['clients'] as const;

export function fetchClients(search: string, cursor?: string | null): Promise<Page<Client>> {
  return api.get(withQuery('/api/clients', { search: search.trim(), cursor, limit: 50 }));
}

/** Which of these contacts have portal access (at most 200 ids a request; the ones the caller may see). */
export async function fetchPortalStatuses(contactIds: number[]): Promise<Map<number, PortalStatus>> {
  const statuses = new Map<number, PortalStatus>();
  for (let start = 0; start < contactIds.length; start += 200) {
    const ids = contactIds.slice(start, start + 200);
    const page = await api.get<Page<Client>>(withQuery('/api/clients', { ids: ids.join(','), limit: 200 }));
    for (const client of page.results) statuses.set(client.id, client.portal_status);
  }
  return statuses;
}

export function fetchClient(id: number): Promise<Client> {
  return api.get(`/api/clients/${id}`);
}

export function createClient(input: NewClient): Promise<Client> {
  return api.post('/api/clients', input);
}

export function updateClient(id: number, patch: ClientPatch): Promise<Client> {
  return api.patch(`/api/clients/${id}`, patch);
}

export function inviteClient(id: number): Promise<Invitation> {
  return api.post(`/api/clients/${id}/invite`);
}

export function fetchClientTelegram(id: number): Promise<TelegramStatus> {
  return api.get(`/api/telegram/client/${id}/status`);
}

export function sendTelegramMessage(id: number, message: string): Promise<SentMessage> {
  const body: ClientMessageBody = { message };
  return api.post(`/api/telegram/client/${id}/send-message`, body);
}
