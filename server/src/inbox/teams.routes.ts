// Teams (issue 26): groups of operators with their own queue. Admins make them; everyone on the staff reads them
// (names on assignments, the team picker, the list's filter). Membership decides who sees a team's queue (visibility.ts).
import { idParams, teamBody, teamPatchBody, type Team, type TeamList } from '@switchboard/contract';
import { conflict, notFound, unprocessable, type HttpApp } from '../platform/index.ts';
import type { InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

export async function listTeams(db: InboxDb, id?: number): Promise<Team[]> {
  let query = db.selectFrom('teams').select(['id', 'name']).orderBy('name').orderBy('id');
  if (id !== undefined) query = query.where('id', '=', id);
  const teams = await query.execute();
  if (teams.length === 0) return [];
  const members = await db
    .selectFrom('team_members')
    .select(['team_id', 'user_id'])
    .where(
      'team_id',
      'in',
      teams.map((team) => team.id),
    )
    .orderBy('user_id')
    .execute();
  return teams.map((team) => ({
    id: team.id,
    name: team.name,
    member_ids: members.filter((member) => member.team_id === team.id).map((member) => member.user_id),
  }));
}

/** Whether the staff user is in the team (auto-assignment and the picker only offer members). */
export async function isTeamMember(db: InboxDb, teamId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('team_members')
    .select('user_id')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function teamName(db: InboxDb, teamId: number): Promise<string | null> {
  const row = await db.selectFrom('teams').select('name').where('id', '=', teamId).executeTakeFirst();
  return row?.name ?? null;
}

async function nameTaken(db: InboxDb, name: string, except?: number): Promise<boolean> {
  let query = db
    .selectFrom('teams')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (except !== undefined) query = query.where('id', '<>', except);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Members must be active operators or admins: anyone else could never answer the team's queue. */
async function replaceMembers(trx: InboxDb, teamId: number, memberIds: number[]): Promise<void> {
  const ids = [...new Set(memberIds)];
  if (ids.length > 0) {
    const staff = await trx
      .selectFrom('staff_users')
      .select('id')
      .where('id', 'in', ids)
      .where('is_active', '=', true)
      .where('role', 'in', ['operator', 'admin'])
      .execute();
    const missing = ids.filter((id) => !staff.some((row) => row.id === id));
    if (missing.length > 0) throw unprocessable(`Staff users ${missing.join(', ')} are not active operators.`, 'not_an_operator');
  }
  await trx.deleteFrom('team_members').where('team_id', '=', teamId).execute();
  if (ids.length > 0)
    await trx
      .insertInto('team_members')
      .values(ids.map((userId) => ({ team_id: teamId, user_id: userId })))
      .execute();
}

export function registerTeamsRoutes(app: HttpApp, options: { db: InboxDb; visibility: Visibility }): void {
  const { db, visibility } = options;
  const tags = ['team'];
  const taken = (name: string) => conflict(`A team named "${name}" exists already: pick another name.`, 'team_exists');

  app.get('/api/teams', { schema: { tags, summary: 'Teams and their members (any staff user)' } }, async (): Promise<TeamList> => ({
    results: await listTeams(db),
    next_cursor: null,
  }));

  app.post(
    '/api/teams',
    { config: { access: 'admin' }, schema: { tags, summary: 'Make a team', body: teamBody } },
    async (request, reply) => {
      const { name, member_ids: memberIds } = request.body;
      if (await nameTaken(db, name)) throw taken(name);
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx.insertInto('teams').values({ name }).returning('id').executeTakeFirstOrThrow();
        await replaceMembers(trx, row.id, memberIds);
        return row.id;
      });
      await visibility.refreshTeams();
      return reply.status(201).send((await listTeams(db, id))[0]);
    },
  );

  app.patch(
    '/api/teams/:id',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Rename a team or replace its members', params: idParams, body: teamPatchBody },
    },
    async (request): Promise<Team> => {
      const { id } = request.params;
      const { name, member_ids: memberIds } = request.body;
      if ((await listTeams(db, id)).length === 0) throw notFound(`Team ${id}`);
      if (name !== undefined && (await nameTaken(db, name, id))) throw taken(name);
      await db.transaction().execute(async (trx) => {
        if (name !== undefined) await trx.updateTable('teams').set({ name }).where('id', '=', id).execute();
        if (memberIds !== undefined) await replaceMembers(trx, id, memberIds);
      });
      await visibility.refreshTeams();
      const [team] = await listTeams(db, id);
      if (!team) throw notFound(`Team ${id}`);
      return team;
    },
  );

  app.delete(
    '/api/teams/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Remove a team; its conversations stay where they are, in the general queue if nobody holds them',
        params: idParams,
      },
    },
    async (request, reply) => {
      const removed = await db.deleteFrom('teams').where('id', '=', request.params.id).executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw notFound(`Team ${request.params.id}`);
      await visibility.refreshTeams();
      return reply.status(204).send();
    },
  );
}
