import {
  idParams,
  newTicketBody,
  ticketCommentBody,
  ticketListQuery,
  ticketPatch,
  type TicketComment,
  type TicketList,
  type TicketWithComments,
} from '@switchboard/contract';
import type { HttpApp } from '../../platform/index.ts';
import { actorOf } from './actor.ts';
import { clientPrincipal } from './portal.routes.ts';
import type { PortalAccounts } from './portal-accounts.service.ts';
import type { TicketsService } from './tickets.service.ts';

/** Tickets for staff and for the client they belong to. */
export function registerTicketRoutes(app: HttpApp, options: { tickets: TicketsService; accounts: PortalAccounts }): void {
  const { tickets, accounts } = options;
  const config = { access: { principals: ['staff', clientPrincipal] } };
  const tags = ['tickets'];

  app.get(
    '/api/tickets',
    {
      config,
      schema: {
        tags,
        summary: 'Tickets, newest first (a client sees their own)',
        querystring: ticketListQuery,
      },
    },
    async (request): Promise<TicketList> => tickets.list(await actorOf(request, accounts), request.query),
  );

  app.post(
    '/api/tickets',
    {
      config,
      schema: {
        tags,
        summary: 'Open a ticket; staff say for which client',
        body: newTicketBody,
      },
    },
    async (request, reply) => {
      const created: TicketWithComments = await tickets.create(await actorOf(request, accounts), request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/tickets/:id',
    { config, schema: { tags, summary: 'A ticket with its comments', params: idParams } },
    async (request): Promise<TicketWithComments> => tickets.get(await actorOf(request, accounts), request.params.id),
  );

  app.patch(
    '/api/tickets/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change status (open → in_progress → resolved → closed), assignee, subject; a client may close or reopen',
        params: idParams,
        body: ticketPatch,
      },
    },
    async (request): Promise<TicketWithComments> => tickets.update(await actorOf(request, accounts), request.params.id, request.body),
  );

  app.post(
    '/api/tickets/:id/comments',
    {
      config,
      schema: {
        tags,
        summary: 'Comment on a ticket, with attachments metadata',
        params: idParams,
        body: ticketCommentBody,
      },
    },
    async (request, reply) => {
      const comment: TicketComment = await tickets.addComment(await actorOf(request, accounts), request.params.id, request.body);
      return reply.status(201).send(comment);
    },
  );
}
