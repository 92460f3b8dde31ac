import type { FastifyRequest } from 'fastify';
import { currentPrincipal, currentUser, notFound } from '../../platform/index.ts';
import type { PortalAccounts } from './portal-accounts.service.ts';
import type { PartyKind } from './tables.ts';

/** Who acts on a ticket or invoice: a staff user, or the portal client it belongs to. */
export interface Actor {
  kind: PartyKind;
  id: number;
  name: string;
}

export async function actorOf(request: FastifyRequest, accounts: PortalAccounts): Promise<Actor> {
  const principal = currentPrincipal(request);
  if (principal.kind === 'staff') {
    const user = currentUser(request);
    return { kind: 'staff', id: user.id, name: user.name || user.email };
  }
  const client = await accounts.findClient(principal.id);
  if (!client) throw notFound(`Client ${principal.id}`);
  return { kind: 'client', id: client.contact_id, name: client.display_name };
}
