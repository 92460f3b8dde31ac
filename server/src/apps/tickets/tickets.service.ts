import type { Ticket, TicketComment, TicketList, TicketListQuery, TicketWithComments } from '@switchboard/contract';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { forbidden, HttpError, neutralizeBidi, notFound, unprocessable } from '../../platform/index.ts';
import type { TicketsContext } from './context.ts';
import type { Actor } from './actor.ts';
import type { Notifier } from './notifications.service.ts';
import { decodeCursor, pageOf } from './pagination.ts';
import type { AttachmentMeta, CommentRow, TicketRow, TicketStatus, TicketsTables } from './tables.ts';

const staffTransitions: Record<TicketStatus, TicketStatus[]> = {
  open: ['in_progress', 'resolved', 'closed'],
  in_progress: ['open', 'resolved', 'closed'],
  resolved: ['open', 'in_progress', 'closed'],
  closed: ['open'],
};
// A client closes their ticket, or reopens one they are not satisfied with.
const clientTransitions: Record<TicketStatus, TicketStatus[]> = {
  open: ['closed'],
  in_progress: ['closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

export function serializeTicket(row: TicketRow & { client_name: string; assignee_name: string | null }): Ticket {
  return {
    id: row.id,
    client_id: row.client_id,
    client_name: neutralizeBidi(row.client_name),
    subject: row.subject,
    description: row.description,
    status: row.status,
    assignee_id: row.assignee_id,
    assignee_name: row.assignee_name,
    created_by: { kind: row.created_by_kind, id: row.created_by_id },
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    closed_at: row.closed_at?.toISOString() ?? null,
  };
}

export function serializeComment(row: CommentRow): TicketComment {
  return {
    id: row.id,
    ticket_id: row.ticket_id,
    author: { kind: row.author_kind, id: row.author_id, name: neutralizeBidi(row.author_name) },
    body: row.body,
    attachments: row.attachments.map((file) => ({ ...file, file_name: neutralizeBidi(file.file_name) })),
    created_at: row.created_at.toISOString(),
  };
}

export type TicketsService = ReturnType<typeof createTicketsService>;

/** Tickets and their comments; a client sees only their own (404 for the rest). */
export function createTicketsService(options: { context: Pick<TicketsContext, 'ownTables' | 'contacts' | 'staff'>; notifier: Notifier }) {
  const { ownTables: db, contacts, staff } = options.context;
  const { notifier } = options;

  const tickets = (handle: Kysely<TicketsTables>) => handle.selectFrom('tickets').selectAll('tickets');

  /** The rows with their client's name (the contact's) and their assignee's (the staff user's). */
  async function named(rows: TicketRow[], handle?: Kysely<TicketsTables>) {
    // One after the other: inside a transaction both run on its single connection.
    const clients = await contacts.findMany(
      rows.map((row) => row.client_id),
      handle,
    );
    const assignees = await staff.findMany(
      rows.flatMap((row) => (row.assignee_id === null ? [] : [row.assignee_id])),
      handle,
    );
    return rows.map((row) => {
      const assignee = row.assignee_id === null ? undefined : assignees.get(row.assignee_id);
      return {
        ...row,
        client_name: clients.get(row.client_id)?.display_name ?? '',
        assignee_name: assignee ? assignee.name || assignee.email : null,
      };
    });
  }

  /** An operator reads the tickets of the people they may see, and those assigned to them. */
  const staffMayRead = (actor: Actor) => (eb: ExpressionBuilder<TicketsTables, 'tickets'>) =>
    actor.clients ? eb.or([eb('tickets.client_id', 'in', actor.clients), eb('tickets.assignee_id', '=', actor.id)]) : eb.lit(true);

  async function visibleTicket(handle: Kysely<TicketsTables>, actor: Actor, id: number) {
    let query = tickets(handle).where('tickets.id', '=', id);
    if (actor.kind === 'client') query = query.where('tickets.client_id', '=', actor.id);
    query = query.where(staffMayRead(actor));
    const row = await query.executeTakeFirst();
    if (!row) throw notFound(`Ticket ${id}`);
    return (await named([row], handle))[0]!;
  }

  async function assertAssignable(handle: Kysely<TicketsTables>, assigneeId: number | null | undefined): Promise<void> {
    if (assigneeId === null || assigneeId === undefined) return;
    const user = (await staff.findMany([assigneeId], handle)).get(assigneeId);
    if (!user?.is_active)
      throw unprocessable(`There is no active staff user ${assigneeId} to assign: pick one from GET /api/operators.`, 'unknown_assignee');
  }

  async function commit<T>(work: (trx: Kysely<TicketsTables>) => Promise<{ result: T; wake: number[] }>): Promise<T> {
    const { result, wake } = await db.transaction().execute(work);
    notifier.wake(wake);
    return result;
  }

  return {
    async list(actor: Actor, filters: TicketListQuery): Promise<TicketList> {
      let query = tickets(db)
        .orderBy('tickets.id', 'desc')
        .limit(filters.limit + 1);
      if (actor.kind === 'client') query = query.where('tickets.client_id', '=', actor.id);
      else if (filters.client_id) query = query.where('tickets.client_id', '=', filters.client_id);
      query = query.where(staffMayRead(actor));
      if (filters.status) query = query.where('tickets.status', '=', filters.status);
      if (filters.assignee_id && actor.kind === 'staff') query = query.where('tickets.assignee_id', '=', filters.assignee_id);
      const after = decodeCursor(filters.cursor);
      if (after !== undefined) query = query.where('tickets.id', '<', after);
      return pageOf((await named(await query.execute())).map(serializeTicket), filters.limit);
    },

    async get(actor: Actor, id: number): Promise<TicketWithComments> {
      const row = await visibleTicket(db, actor, id);
      const comments = await db.selectFrom('ticket_comments').selectAll().where('ticket_id', '=', id).orderBy('id').execute();
      return { ...serializeTicket(row), comments: comments.map(serializeComment) };
    },

    async create(actor: Actor, input: { subject: string; description?: string; client_id?: number; assignee_id?: number | null }) {
      if (actor.kind === 'client' && input.assignee_id) throw forbidden('Clients cannot assign tickets; our team assigns them.');
      if (actor.kind === 'client' && input.client_id !== undefined && input.client_id !== actor.id)
        throw forbidden('A client opens tickets for themselves only: leave client_id out.');
      const clientId = actor.kind === 'client' ? actor.id : input.client_id;
      if (!clientId) throw unprocessable('Say whose ticket it is: client_id of a portal client (GET /api/clients).', 'client_required');
      const id = await commit(async (trx) => {
        let accountQuery = trx.selectFrom('portal_accounts').select('contact_id').where('contact_id', '=', clientId);
        // A person hidden from the operator answers like a missing one.
        if (actor.clients) accountQuery = accountQuery.where('contact_id', 'in', actor.clients);
        if (!(await accountQuery.executeTakeFirst())) throw notFound(`Client ${clientId}`);
        const client = { display_name: (await contacts.find(clientId, trx))?.display_name ?? '' };
        await assertAssignable(trx, input.assignee_id);
        const row = await trx
          .insertInto('tickets')
          .values({
            client_id: clientId,
            subject: input.subject,
            description: input.description ?? '',
            assignee_id: input.assignee_id ?? null,
            created_by_kind: actor.kind,
            created_by_id: actor.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const wake = await notifier.notify(trx, {
          kind: 'ticket_created',
          key: `ticket:${row.id}:created`,
          reference: { type: 'ticket', id: row.id },
          clientId,
          actor,
          staff: 'subscribers',
          facts: { ticketId: row.id, subject: input.subject, clientName: client.display_name },
        });
        return { result: row.id, wake };
      });
      return this.get(actor, id);
    },

    async update(
      actor: Actor,
      id: number,
      patch: { status?: TicketStatus; assignee_id?: number | null; subject?: string; description?: string },
    ) {
      if (actor.kind === 'client' && (patch.assignee_id !== undefined || patch.subject !== undefined || patch.description !== undefined)) {
        throw forbidden('A client may only close or reopen their ticket (status); write a comment to add details.');
      }
      await commit(async (trx) => {
        const ticket = await visibleTicket(trx, actor, id);
        await assertAssignable(trx, patch.assignee_id);
        const changesStatus = patch.status !== undefined && patch.status !== ticket.status;
        if (changesStatus) assertTransition(actor, ticket.status, patch.status!);
        const values = {
          ...(patch.subject !== undefined ? { subject: patch.subject } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.assignee_id !== undefined ? { assignee_id: patch.assignee_id } : {}),
          ...(changesStatus ? { status: patch.status, closed_at: patch.status === 'closed' ? sql<Date>`now()` : null } : {}),
        };
        await trx
          .updateTable('tickets')
          .set({ ...values, updated_at: sql<Date>`now()` })
          .where('id', '=', id)
          .execute();
        if (!changesStatus) return { result: undefined, wake: [] };
        const version = await trx
          .selectFrom('tickets')
          .select(sql<string>`extract(epoch from updated_at)::text`.as('at'))
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        const wake = await notifier.notify(trx, {
          kind: 'ticket_status',
          key: `ticket:${id}:status:${patch.status}:${version.at}`,
          reference: { type: 'ticket', id },
          clientId: ticket.client_id,
          actor,
          staff: 'assignee',
          assigneeId: patch.assignee_id !== undefined ? patch.assignee_id : ticket.assignee_id,
          facts: { ticketId: id, subject: patch.subject ?? ticket.subject, status: patch.status },
        });
        return { result: undefined, wake };
      });
      return this.get(actor, id);
    },

    async addComment(actor: Actor, id: number, input: { body: string; attachments?: AttachmentMeta[] }) {
      return commit(async (trx) => {
        const ticket = await visibleTicket(trx, actor, id);
        const comment = await trx
          .insertInto('ticket_comments')
          .values({
            ticket_id: id,
            author_kind: actor.kind,
            author_id: actor.id,
            author_name: actor.name,
            body: input.body,
            attachments: JSON.stringify(input.attachments ?? []),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('tickets')
          .set({ updated_at: sql<Date>`now()` })
          .where('id', '=', id)
          .execute();
        const wake = await notifier.notify(trx, {
          kind: 'ticket_comment',
          key: `ticket:${id}:comment:${comment.id}`,
          reference: { type: 'ticket', id },
          clientId: ticket.client_id,
          actor,
          staff: 'assignee',
          assigneeId: ticket.assignee_id,
          facts: { ticketId: id, subject: ticket.subject, authorName: actor.name, comment: snippet(input.body) },
        });
        return { result: serializeComment(comment), wake };
      });
    },
  };
}

function assertTransition(actor: Actor, from: TicketStatus, to: TicketStatus): void {
  const allowed = (actor.kind === 'client' ? clientTransitions : staffTransitions)[from];
  if (allowed.includes(to)) return;
  const options = allowed.length > 0 ? `it can go to ${allowed.join(' or ')}` : 'it cannot change';
  throw new HttpError(
    409,
    'invalid_transition',
    `A ticket that is ${from} cannot become ${to}${actor.kind === 'client' ? ' by the client' : ''}: ${options}.`,
  );
}

function snippet(body: string): string {
  const text = body.trim();
  return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
}
