// The client portal's marks in the one list of people (a contact extension, registered lazily in app/).
import type { ContactMark } from '../contacts/index.ts';
import { fetchPortalStatuses, portalStatusColors } from './api/clients.api.ts';

/** "Portal: active / invited / …" beside the names of the contacts who have a portal account. */
export async function portalMarks(contactIds: number[]): Promise<Map<number, ContactMark>> {
  const statuses = await fetchPortalStatuses(contactIds);
  return new Map(
    [...statuses].map(([id, status]) => [id, { labelKey: `tickets.people.mark.${status}`, color: portalStatusColors[status] }]),
  );
}
