// Saved views (issue 26): an operator's named list filters, shown in the sidebar. Each belongs to
// its owner alone; another operator's view is a 404 like a missing one.
import { idParams, savedViewBody, savedViewPatch, type SavedView, type SavedViewFilters } from '@switchboard/contract';
import { badRequest, conflict, currentUser, notFound, type HttpApp } from '../platform/index.ts';
import type { InboxDb } from './tables.ts';

/** A person keeps a handful of views; more would not fit the sidebar. */
const maxViewsPerOwner = 50;

function toView(row: { id: number; name: string; filters: unknown; created_at: Date }): SavedView {
  return { id: row.id, name: row.name, filters: row.filters as SavedViewFilters, created_at: row.created_at.toISOString() };
}

async function nameTaken(db: InboxDb, ownerId: number, name: string, except?: number): Promise<boolean> {
  let query = db
    .selectFrom('inbox_views')
    .select('id')
    .where('owner_id', '=', ownerId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (except !== undefined) query = query.where('id', '<>', except);
  return (await query.executeTakeFirst()) !== undefined;
}

export function registerViewRoutes(app: HttpApp, options: { db: InboxDb }): void {
  const { db } = options;
  const tags = ['inbox'];
  const taken = (name: string) => conflict(`You have a view named "${name}" already: pick another name.`, 'view_exists');

  app.get(
    '/api/views',
    { schema: { tags, summary: 'Your saved views (named list filters), in the order you made them' } },
    async (request) => {
      const rows = await db.selectFrom('inbox_views').selectAll().where('owner_id', '=', currentUser(request).id).orderBy('id').execute();
      return { results: rows.map(toView), next_cursor: null };
    },
  );

  app.post('/api/views', { schema: { tags, summary: 'Save the list filters as a view', body: savedViewBody } }, async (request, reply) => {
    const user = currentUser(request);
    if (await nameTaken(db, user.id, request.body.name)) throw taken(request.body.name);
    const count = await db
      .selectFrom('inbox_views')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('owner_id', '=', user.id)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= maxViewsPerOwner)
      throw conflict(`You have ${maxViewsPerOwner} views, the most one person keeps: remove one first.`, 'conflict');
    const row = await db
      .insertInto('inbox_views')
      .values({ owner_id: user.id, name: request.body.name, filters: JSON.stringify(request.body.filters) })
      .returningAll()
      .executeTakeFirstOrThrow();
    return reply.status(201).send(toView(row));
  });

  app.patch(
    '/api/views/:id',
    { schema: { tags, summary: 'Rename a view or change its filters', params: idParams, body: savedViewPatch } },
    async (request) => {
      const user = currentUser(request);
      const { name, filters } = request.body;
      if (name === undefined && filters === undefined) throw badRequest('Send "name", "filters" or both.', 'invalid_input');
      if (name !== undefined && (await nameTaken(db, user.id, name, request.params.id))) throw taken(name);
      const row = await db
        .updateTable('inbox_views')
        .set({
          ...(name === undefined ? {} : { name }),
          ...(filters === undefined ? {} : { filters: JSON.stringify(filters) }),
        })
        .where('id', '=', request.params.id)
        .where('owner_id', '=', user.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound(`View ${request.params.id}`);
      return toView(row);
    },
  );

  app.delete('/api/views/:id', { schema: { tags, summary: 'Remove a view', params: idParams } }, async (request, reply) => {
    const removed = await db
      .deleteFrom('inbox_views')
      .where('id', '=', request.params.id)
      .where('owner_id', '=', currentUser(request).id)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw notFound(`View ${request.params.id}`);
    return reply.status(204).send();
  });
}
