import {
  crewInviteBody,
  crewPatch,
  idParams,
  jobsQuery,
  type CrewInvite,
  type CrewList,
  type CrewMember,
  type CrewPerson,
  type Job,
  type JobDetail,
  type JobPage,
} from '@switchboard/contract';
import { badRequest, conflict, currentUser, notFound, type HttpApp } from '../../platform/index.ts';
import type { DispatchContext } from './context.ts';
import type { CrewService } from './crew.service.ts';
import { historyEntry } from './job-extras.routes.ts';
import { jobHistory, listJobs } from './jobs.query.ts';
import type { JobRow } from './notifier.ts';

const tags = ['dispatch'];

const person = (member: CrewPerson | undefined): CrewPerson | null => (member ? { id: member.id, name: member.name } : null);
const iso = (value: Date | null) => value?.toISOString() ?? null;

/** The jobs API (issue 18: seed 003's Measurement fields) and the crew's management for staff admins. */
export function registerDispatchRoutes(app: HttpApp, options: { context: DispatchContext; crew: CrewService }): void {
  const { context, crew } = options;
  const db = context.ownTables;

  async function serialize(jobs: JobRow[]): Promise<Job[]> {
    const crewIds = [...new Set(jobs.flatMap((job) => (job.measurer_id === null ? [] : [job.measurer_id])))];
    const responsible = [...new Set(jobs.flatMap((job) => (job.responsible_user_id === null ? [] : [Number(job.responsible_user_id)])))];
    // Two batched lookups for the whole page, whatever its length (one query per deal's manager was the board's p95).
    const [measurerRows, managers] = await Promise.all([crew.findMany(crewIds), crew.managersFor(responsible)]);
    const measurers = new Map(measurerRows.map((member) => [member.id, member]));
    return jobs.map((job) => ({
      id: job.id,
      amocrm_lead_id: Number(job.amocrm_lead_id),
      status: job.status,
      lead_name: job.lead_name,
      client_name: job.client_name,
      client_phone: job.client_phone,
      address: job.address,
      measurer: person(job.measurer_id === null ? undefined : measurers.get(job.measurer_id)),
      manager: person(job.responsible_user_id === null ? undefined : managers.get(Number(job.responsible_user_id))),
      responsible_user_id: job.responsible_user_id === null ? null : Number(job.responsible_user_id),
      created_at: job.created_at.toISOString(),
      assigned_at: iso(job.assigned_at),
      started_at: iso(job.started_at),
      completed_at: iso(job.completed_at),
      cancelled_at: iso(job.cancelled_at),
      planned_at: iso(job.planned_at),
      duration_minutes:
        job.planned_at && job.planned_end_at ? Math.round((job.planned_end_at.getTime() - job.planned_at.getTime()) / 60_000) : null,
      writeback: job.writeback,
    }));
  }

  app.get(
    '/api/dispatch/jobs',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'Measurement jobs, newest first (filters: status, measurer, manager, period); with planned_from/planned_to a calendar: visits in that range, earliest first',
        querystring: jobsQuery,
      },
    },
    async (request): Promise<JobPage> => {
      const query = request.query;
      if (query.planned_from && query.planned_to && new Date(query.planned_to) <= new Date(query.planned_from))
        throw badRequest('"planned_to" must be after "planned_from".', 'invalid_value');
      const jobs = await listJobs(db, {
        status: query.status,
        measurerId: query.measurer,
        managerId: query.manager,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        plannedFrom: query.planned_from ? new Date(query.planned_from) : undefined,
        plannedTo: query.planned_to ? new Date(query.planned_to) : undefined,
        // One more than asked says whether a next page exists (the board pages each column), without a count.
        limit: query.limit + 1,
        offset: query.offset,
      });
      const page = jobs.slice(0, query.limit);
      return { results: await serialize(page), limit: query.limit, offset: query.offset, has_more: jobs.length > query.limit };
    },
  );

  app.get(
    '/api/dispatch/jobs/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One job with its history (who changed what, when; notes)', params: idParams },
    },
    async (request): Promise<JobDetail> => {
      const job = await db.selectFrom('dispatch_jobs').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      if (!job) throw notFound(`Job ${request.params.id}`);
      const history = await jobHistory(db, job.id);
      const [serialized] = await serialize([job]);
      return { ...serialized!, history: history.map(historyEntry) };
    },
  );

  const serializeMember = (member: Awaited<ReturnType<CrewService['list']>>[number]): CrewMember => ({
    id: member.id,
    name: member.name,
    username: member.username,
    role: member.role,
    amocrm_user_id: member.amocrm_user_id === null ? null : Number(member.amocrm_user_id),
    active: member.active,
    language: member.language,
    channel_id: member.channel_id,
    joined_at: member.joined_at.toISOString(),
  });

  app.get(
    '/api/dispatch/crew',
    { config: { access: 'admin' }, schema: { tags, summary: 'The crew (Telegram users with a dispatch role)' } },
    async (): Promise<CrewList> => ({
      results: (await crew.list()).map(serializeMember),
    }),
  );

  app.patch(
    '/api/dispatch/crew/:id',
    {
      config: { access: 'admin' },
      schema: { tags, summary: "Change a crew member's role, AmoCRM user id or activity", params: idParams, body: crewPatch },
    },
    async (request): Promise<CrewMember> => {
      const updated = await crew.update(request.params.id, request.body);
      if (!updated) throw notFound(`Crew member ${request.params.id}`);
      return serializeMember(updated);
    },
  );

  app.post(
    '/api/dispatch/invites',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'An invite link that lets one person join the crew with this role',
        body: crewInviteBody,
      },
    },
    async (request): Promise<CrewInvite> => {
      const settings = await context.settings.read();
      const bot = settings.channel_id ? await context.channels.get(settings.channel_id) : await context.channels.defaultChannel();
      if (!bot?.username)
        throw conflict(
          'No Telegram bot with a username is connected: connect one (Settings → Messengers) or choose it in the dispatch settings.',
          'no_bot',
        );
      if (bot.apps && !bot.apps.includes('dispatch'))
        throw conflict(`The bot @${bot.username} does not run the dispatch app: add "dispatch" to its apps.`, 'not_available');
      const { token, expiresAt } = await crew.issueInvite(request.body.role, bot.id, currentUser(request).id, request.body.ttl_hours);
      return { link: `https://t.me/${bot.username}?start=${token}`, role: request.body.role, expires_at: expiresAt.toISOString() };
    },
  );
}
