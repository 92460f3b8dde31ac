import { z } from 'zod';
import { idField, idParam, safeLink, type HttpApp } from '../../platform/index.ts';
import { actorOf } from './actor.ts';
import { pageQuery } from './pagination.ts';
import { clientPrincipal } from './portal.routes.ts';
import type { PortalAccounts } from './portal-accounts.service.ts';
import { ticketStatuses } from './tables.ts';
import type { TicketsService } from './tickets.service.ts';

const idParams = z.object({ id: idParam });
const status = z.enum(ticketStatuses);
const attachment = z.object({
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
        querystring: pageQuery.extend({ status: status.optional(), client_id: idParam.optional(), assignee_id: idParam.optional() }),
      },
    },
    async (request) => tickets.list(await actorOf(request, accounts), request.query),
  );

  app.post(
    '/api/tickets',
    {
      config,
      schema: {
        tags,
        summary: 'Open a ticket; staff say for which client',
        body: z.object({
          subject: z.string().trim().min(1).max(300),
          description: z.string().max(20_000).optional(),
          client_id: idField.optional(),
          assignee_id: idField.nullable().optional(),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await tickets.create(await actorOf(request, accounts), request.body)),
  );

  app.get('/api/tickets/:id', { config, schema: { tags, summary: 'A ticket with its comments', params: idParams } }, async (request) =>
    tickets.get(await actorOf(request, accounts), request.params.id),
  );

  app.patch(
    '/api/tickets/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change status (open → in_progress → resolved → closed), assignee, subject; a client may close or reopen',
        params: idParams,
        body: z.object({
          status: status.optional(),
          assignee_id: idField.nullable().optional(),
          subject: z.string().trim().min(1).max(300).optional(),
          description: z.string().max(20_000).optional(),
        }),
      },
    },
    async (request) => tickets.update(await actorOf(request, accounts), request.params.id, request.body),
  );

  app.post(
    '/api/tickets/:id/comments',
    {
      config,
      schema: {
        tags,
        summary: 'Comment on a ticket, with attachments metadata',
        params: idParams,
        body: z.object({ body: z.string().trim().min(1).max(20_000), attachments: z.array(attachment).max(20).optional() }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await tickets.addComment(await actorOf(request, accounts), request.params.id, request.body)),
  );
}
