import type { FastifyRequest } from 'fastify';
import { currentPrincipal, currentUser, notFound } from '../../platform/index.ts';
import type { ClientIds, PortalAccounts } from './portal-accounts.service.ts';
import type { PartyKind } from './tables.ts';

/** Who acts on a ticket or invoice: a staff user, or the portal client it belongs to. */
export interface Actor {
  kind: PartyKind;
  id: number;
  name: string;
  /**
   * A staff user's clients when not all of them (an operator's): the people they may see by the inbox's rule, so a
   * ticket or invoice of a person hidden from them is as missing as the person (issue 25). Undefined: every client.
   */
  clients?: ClientIds;
}

export async function actorOf(request: FastifyRequest, accounts: PortalAccounts): Promise<Actor> {
  const principal = currentPrincipal(request);
  if (principal.kind === 'staff') {
    const user = currentUser(request);
    const scope = await accounts.scopeOf(user);
    return { kind: 'staff', id: user.id, name: user.name || user.email, clients: scope && accounts.clientIdsIn(scope) };
  }
  const client = await accounts.findClient(principal.id);
  if (!client) throw notFound(`Client ${principal.id}`);
  return { kind: 'client', id: client.contact_id, name: client.display_name };
}
