import {
  assignBody,
  idParams,
  inboxPolicyBody,
  newOperatorBody,
  operatorPatchBody,
  type AssignmentList,
  type AssignResult,
  type InboxPolicy,
  type Operator,
  type OperatorList,
  type TeammateList,
} from '@switchboard/contract';
import { conflict, currentUser, hashPassword, notFound, type Auth, type HttpApp, type RealtimeHub } from '../platform/index.ts';
import { assignConversation, createAssignments } from './assignment.service.ts';
import { recordEvents } from './events.ts';
import {
  conversationIdsAssignedTo,
  deleteApiTokensOf,
  deleteSessionsOf,
  deleteStaffUser,
  emailTaken,
  listOperators,
  setOperatorCap,
  updateStaffUser,
} from './queries/operators.ts';
import type { InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

type OperatorRow = Awaited<ReturnType<typeof listOperators>>[number];

function serializeOperator(row: OperatorRow): Operator {
  return { ...row, last_login_at: row.last_login_at?.toISOString() ?? null, created_at: row.created_at.toISOString() };
}

/** The one operator, as the admin's list shows them. */
async function operatorById(db: InboxDb, id: number): Promise<Operator | undefined> {
  const [row] = await listOperators(db, id);
  return row && serializeOperator(row);
}

/** seed 002's operators (admin only), assignment, and the inbox policy. */
export function registerTeamRoutes(
  app: HttpApp,
  options: { db: InboxDb; hub: RealtimeHub; auth: Auth; visibility: Visibility; roles: readonly string[] },
): void {
  const { db } = options;
  const assignments = createAssignments(options);
  const tags = ['team'];

  app.get(
    '/api/operators',
    { config: { access: 'admin' }, schema: { tags, summary: 'Staff with their load' } },
    async (): Promise<OperatorList> => ({
      results: (await listOperators(db)).map(serializeOperator),
      next_cursor: null,
    }),
  );

  // Everyone on the team sees who is who (names on assignments, the transfer list); e-mails and sessions stay admin-only.
  app.get(
    '/api/operators/directory',
    { schema: { tags, summary: 'Active and former teammates: id, name, role, load (any staff user)' } },
    async (): Promise<TeammateList> => ({
      results: (await listOperators(db)).map((operator) => ({
        id: operator.id,
        name: operator.name || operator.email,
        role: operator.role,
        is_active: operator.is_active,
        max_chats: operator.max_chats,
        current_chats: operator.current_chats,
        availability: operator.availability,
      })),
      next_cursor: null,
    }),
  );

  app.post(
    '/api/operators',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Add a staff user',
        body: newOperatorBody(options.roles),
      },
    },
    async (request, reply) => {
      const { name, email, password, role: userRole, is_active: isActive, max_chats: maxChats } = request.body;
      const user = await options.auth.createUser({ email, password, name, role: userRole });
      await db.transaction().execute(async (trx) => {
        if (!isActive) await updateStaffUser(trx, user.id, { is_active: false });
        await setOperatorCap(trx, user.id, maxChats);
      });
      return reply.status(201).send(await operatorById(db, user.id));
    },
  );

  app.patch(
    '/api/operators/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Change a staff user',
        params: idParams,
        body: operatorPatchBody(options.roles),
      },
    },
    async (request): Promise<Operator> => {
      const { id } = request.params;
      const body = request.body;
      const me = currentUser(request);
      if (id === me.id && (body.is_active === false || (body.role && body.role !== 'admin')))
        throw conflict('You cannot switch off or demote yourself; ask another admin.', 'self_change');
      const [existing] = await listOperators(db, id);
      if (!existing) throw notFound(`Operator ${id}`);
      if (body.email && body.email.toLowerCase() !== existing.email.toLowerCase()) {
        if (await emailTaken(db, body.email)) throw conflict(`A user with the e-mail ${body.email} already exists.`, 'email_taken');
      }
      const passwordHash = body.password ? await hashPassword(body.password) : undefined;
      await db.transaction().execute(async (trx) => {
        await updateStaffUser(trx, id, {
          name: body.name,
          email: body.email,
          role: body.role,
          is_active: body.is_active,
          password_hash: passwordHash,
        });
        if (body.max_chats !== undefined) await setOperatorCap(trx, id, body.max_chats);
        if (body.is_active === false || body.password) await deleteSessionsOf(trx, id);
        if (body.is_active === false || (body.password && !body.keep_tokens)) await deleteApiTokensOf(trx, id);
      });
      const changed = await operatorById(db, id);
      if (!changed) throw notFound(`Operator ${id}`);
      return changed;
    },
  );

  app.delete(
    '/api/operators/:id',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Remove a staff user; their conversations return to the queue', params: idParams },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (id === currentUser(request).id) throw conflict('You cannot remove yourself.', 'self_change');
      const events = await db.transaction().execute(async (trx) => {
        const held = await conversationIdsAssignedTo(trx, id);
        const drafts = [];
        for (const conversation of held)
          drafts.push(
            ...(await assignConversation(trx, {
              conversationId: conversation.id,
              operatorId: null,
              by: currentUser(request),
              reason: 'manual',
              note: 'operator removed',
            })),
          );
        if (!(await deleteStaffUser(trx, id))) throw notFound(`Operator ${id}`);
        return recordEvents(trx, drafts);
      });
      options.hub.publish(events);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/chats/:id/assign',
    {
      schema: {
        tags,
        summary: 'Assign to an operator (null returns it to the queue); a note travels with a transfer',
        params: idParams,
        body: assignBody,
      },
    },
    async (request): Promise<AssignResult> => ({
      results: await assignments.assign(
        currentUser(request),
        request.params.id,
        request.body.operator_id,
        request.body.note,
        request.body.team_id,
      ),
    }),
  );

  app.get(
    '/api/chats/:id/assignments',
    { schema: { tags, summary: "A conversation's assignment history", params: idParams } },
    async (request): Promise<AssignmentList> => ({
      results: await assignments.history(currentUser(request), request.params.id),
      next_cursor: null,
    }),
  );

  app.get(
    '/api/inbox/policy',
    { config: { access: 'admin' }, schema: { tags, summary: 'Auto-assignment and queue visibility' } },
    async (): Promise<InboxPolicy> => options.visibility.policy(),
  );
  app.put(
    '/api/inbox/policy',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Change auto-assignment and queue visibility',
        body: inboxPolicyBody,
      },
    },
    async (request): Promise<InboxPolicy> => options.visibility.setPolicy(request.body),
  );
}
