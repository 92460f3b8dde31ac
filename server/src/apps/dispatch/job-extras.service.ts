// Comments and planned visits on jobs (issue 19), from the bot and the API alike. Both are history rows;
// a comment reaches the job's other participants through delivery's outbox in the same transaction.
import type { Kysely } from 'kysely';
import type { DispatchContext } from './context.ts';
import type { CrewMember } from './crew.service.ts';
import { crewLanguageOf } from './dispatch.messages.ts';
import { formatLocal } from './dispatch-time.ts';
import { extraText } from './extras.messages.ts';
import type { Actor } from './jobs.service.ts';
import type { JobRow } from './notifier.ts';
import type { DispatchTables } from './tables.ts';

const exclusionViolation = '23P01';
const isOverlap = (error: unknown) => (error as { code?: unknown } | null)?.code === exclusionViolation;

export interface Author {
  actor: Actor;
  name: string;
}

export type VisitOutcome =
  | { ok: true; job: JobRow }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'closed'; job: JobRow }
  | { ok: false; reason: 'conflict'; job: JobRow; other: JobRow };

/** The open visit of the measurer that overlaps [start, end), other than the job's own. */
export function overlappingVisit(db: Kysely<DispatchTables>, measurerId: number, start: Date, end: Date, jobId: number) {
  return db
    .selectFrom('dispatch_jobs')
    .selectAll()
    .where('measurer_id', '=', measurerId)
    .where('status', '<>', 'cancelled')
    .where('id', '<>', jobId)
    .where('planned_at', '<', end)
    .where('planned_end_at', '>', start)
    .orderBy('planned_at')
    .executeTakeFirst();
}

export function createJobExtras(context: DispatchContext) {
  const db = context.ownTables;
  const activeCrew = (trx: Kysely<DispatchTables>) => trx.selectFrom('dispatch_crew').selectAll().where('active', '=', true);

  /** The admins, the job's measurer and its deal's manager: who takes part in a job. */
  async function participants(trx: Kysely<DispatchTables>, job: JobRow): Promise<CrewMember[]> {
    const members = await activeCrew(trx)
      .where((eb) =>
        eb.or([
          eb('role', '=', 'admin'),
          eb('id', '=', job.measurer_id ?? -1),
          eb.and([eb('role', '=', 'manager'), eb('amocrm_user_id', '=', Number(job.responsible_user_id ?? -1))]),
        ]),
      )
      .orderBy('id')
      .execute();
    return members;
  }

  return {
    participants: (job: JobRow) => participants(db, job),

    /** A comment in the history and a message to every other participant; undefined when the job does not exist. */
    async comment(jobId: number, author: Author, body: string): Promise<{ id: number; at: Date } | undefined> {
      const channels = new Set<number>();
      const saved = await db.transaction().execute(async (trx) => {
        const job = await trx.selectFrom('dispatch_jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
        if (!job) return undefined;
        const row = await trx
          .insertInto('dispatch_job_history')
          .values({
            job_id: job.id,
            event: 'comment',
            from_status: job.status,
            to_status: job.status,
            measurer_id: job.measurer_id,
            actor_kind: author.actor.kind,
            actor_id: author.actor.id,
            author_name: author.name,
            note: body,
          })
          .returning(['id', 'at'])
          .executeTakeFirstOrThrow();
        for (const member of await participants(trx, job)) {
          if (author.actor.kind === 'crew' && member.id === author.actor.id) continue;
          const language = crewLanguageOf(member.language);
          const values = { author: author.name, id: job.id, client: job.client_name ?? '?', text: body };
          const businessStart = await context.businessStarts.mark('comment', language, { ...values, job: job.id, comment: body }, trx);
          await context.delivery.enqueue(trx, {
            channelId: member.channel_id,
            lane: 'notification',
            message: { chatId: member.chat_id, text: extraText(language, 'commentFrom', values), businessStart },
            idempotencyKey: `dispatch:${row.id}:${member.id}`,
            reference: { type: 'dispatch_job', id: job.id },
          });
          channels.add(member.channel_id);
        }
        return row;
      });
      if (channels.size > 0) context.delivery.wake(channels);
      return saved;
    },

    /**
     * Plans (or clears, with null) a job's visit. The exclusion constraint refuses an overlap with another
     * visit of the same measurer even when two requests race; the conflicting job is then named.
     */
    async planVisit(jobId: number, visit: { start: Date; minutes: number } | null, actor: Actor): Promise<VisitOutcome> {
      const { time_zone } = await context.settings.read();
      const channels = new Set<number>();
      const end = visit ? new Date(visit.start.getTime() + visit.minutes * 60_000) : null;
      try {
        const outcome = await db.transaction().execute(async (trx): Promise<VisitOutcome> => {
          const before = await trx.selectFrom('dispatch_jobs').selectAll().where('id', '=', jobId).forUpdate().executeTakeFirst();
          if (!before) return { ok: false, reason: 'not_found' };
          if (before.status === 'completed' || before.status === 'cancelled') return { ok: false, reason: 'closed', job: before };
          const job = await trx
            .updateTable('dispatch_jobs')
            .set({ planned_at: visit?.start ?? null, planned_end_at: end, updated_at: new Date() })
            .where('id', '=', jobId)
            .returningAll()
            .executeTakeFirstOrThrow();
          const note = visit ? `${visit.start.toISOString()} +${visit.minutes}m` : null;
          const row = await trx
            .insertInto('dispatch_job_history')
            .values({
              job_id: job.id,
              event: 'planned',
              from_status: job.status,
              to_status: job.status,
              measurer_id: job.measurer_id,
              actor_kind: actor.kind,
              actor_id: actor.id,
              note,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          // The measurer hears of a visit someone else planned for them.
          const measurer =
            visit && job.measurer_id !== null && !(actor.kind === 'crew' && actor.id === job.measurer_id)
              ? await activeCrew(trx).where('id', '=', job.measurer_id).executeTakeFirst()
              : undefined;
          if (measurer && visit) {
            const language = crewLanguageOf(measurer.language);
            const when = formatLocal(visit.start, time_zone);
            const values = { job: job.id, client: job.client_name, when };
            await context.delivery.enqueue(trx, {
              channelId: measurer.channel_id,
              lane: 'notification',
              message: {
                chatId: measurer.chat_id,
                businessStart: await context.businessStarts.mark('visit_planned', language, values, trx),
                text: extraText(language, 'visitSetForYou', {
                  id: job.id,
                  client: job.client_name ?? '?',
                  when: formatLocal(visit.start, time_zone),
                  minutes: visit.minutes,
                }),
              },
              idempotencyKey: `dispatch:${row.id}:${measurer.id}`,
              reference: { type: 'dispatch_job', id: job.id },
            });
            channels.add(measurer.channel_id);
          }
          return { ok: true, job };
        });
        if (channels.size > 0) context.delivery.wake(channels);
        return outcome;
      } catch (error) {
        if (!isOverlap(error) || !visit || !end) throw error;
        const job = await db.selectFrom('dispatch_jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
        const other = await overlappingVisit(db, job.measurer_id ?? -1, visit.start, end, jobId);
        if (!other) throw error;
        return { ok: false, reason: 'conflict', job, other };
      }
    },
  };
}

export type JobExtras = ReturnType<typeof createJobExtras>;
