// Scheduled reminders (issue 19): the measurer the evening before a visit (at a set hour) and an hour
// before it; admins once when a job waits unassigned too long. Only within working hours, in the
// business's zone. Each (job, stage, time) row is inserted before sending, in the transaction that queues
// the message, so across restarts and instances each reminder goes at most once.
import type { Kysely } from 'kysely';
import type { DispatchContext } from './context.ts';
import type { CrewMember } from './crew.service.ts';
import { crewLanguageOf } from './dispatch.messages.ts';
import { eveningBefore, formatLocal, localHour } from './dispatch-time.ts';
import { extraText } from './extras.messages.ts';
import type { JobRow } from './notifier.ts';
import type { DispatchTables } from './tables.ts';

export const remindersQueue = 'dispatch-reminders';
const hourMs = 3_600_000;
/** The furthest ahead an evening reminder can be due: a visit late tomorrow. */
const lookAheadMs = 48 * hourMs;

type Stage = 'evening' | 'hour' | 'unassigned';

export function createReminders(context: DispatchContext, clock: () => Date) {
  const db = context.ownTables;

  /** Claims the reminder and queues its messages in one transaction; false when another sweep had it. */
  async function claimAndSend(job: JobRow, stage: Stage, forTime: Date, to: CrewMember[], build: (member: CrewMember) => string) {
    const channels = new Set<number>();
    const claimed = await db.transaction().execute(async (trx: Kysely<DispatchTables>) => {
      const row = await trx
        .insertInto('dispatch_reminders')
        .values({ job_id: job.id, stage, for_time: forTime, sent_at: clock() })
        .onConflict((conflict) => conflict.columns(['job_id', 'stage', 'for_time']).doNothing())
        .returning('job_id')
        .executeTakeFirst();
      if (!row) return false;
      const purpose = stage === 'unassigned' ? 'unassigned_reminder' : 'visit_reminder';
      const values = { job: job.id, client: job.client_name, address: job.address };
      for (const member of to) {
        const businessStart = await context.businessStarts.mark(purpose, crewLanguageOf(member.language), values, trx);
        await context.delivery.enqueue(trx, {
          channelId: member.channel_id,
          lane: 'notification',
          message: { chatId: member.chat_id, text: build(member), businessStart },
          idempotencyKey: `dispatch:remind:${job.id}:${stage}:${forTime.toISOString()}:${member.id}`,
          reference: { type: 'dispatch_job', id: job.id },
        });
        channels.add(member.channel_id);
      }
      return true;
    });
    if (channels.size > 0) context.delivery.wake(channels);
    return claimed;
  }

  return {
    /** One pass (every minute from pg-boss's cron; tests call it at their clock). Returns how many reminders went. */
    async sweep(): Promise<number> {
      const now = clock();
      const settings = await context.settings.read();
      const zone = settings.time_zone;
      const hour = localHour(now, zone);
      if (hour < settings.work_start_hour || hour >= settings.work_end_hour) return 0;
      let sent = 0;
      const visits = await db
        .selectFrom('dispatch_jobs')
        .selectAll()
        .where('status', 'in', ['assigned', 'in_progress'])
        .where('planned_at', '>', now)
        .where('planned_at', '<=', new Date(now.getTime() + lookAheadMs))
        .where('measurer_id', 'is not', null)
        .execute();
      const measurerIds = [...new Set(visits.map((job) => job.measurer_id!))];
      const measurers = new Map(
        (measurerIds.length === 0
          ? []
          : await db.selectFrom('dispatch_crew').selectAll().where('id', 'in', measurerIds).where('active', '=', true).execute()
        ).map((member) => [member.id, member]),
      );
      for (const job of visits) {
        const measurer = measurers.get(job.measurer_id!);
        const start = job.planned_at!;
        if (!measurer) continue;
        // The hour-before reminder overtakes the evening one; "tomorrow" is said only on the day before.
        const dayBefore = formatLocal(now, zone).slice(0, 10) < formatLocal(start, zone).slice(0, 10);
        const evening = eveningBefore(start, settings.reminder_evening_hour, zone);
        const stage: Stage | undefined =
          now.getTime() >= start.getTime() - hourMs ? 'hour' : dayBefore && evening && now >= evening ? 'evening' : undefined;
        if (!stage) continue;
        const text = (member: CrewMember) => {
          const language = crewLanguageOf(member.language);
          const missing = extraText(language, 'noValue');
          return extraText(language, stage === 'hour' ? 'remindHour' : 'remindEvening', {
            id: job.id,
            when: formatLocal(start, zone),
            client: job.client_name ?? missing,
            phone: job.client_phone ?? missing,
            address: job.address ?? missing,
          });
        };
        if (await claimAndSend(job, stage, start, [measurer], text)) sent += 1;
      }

      const waiting = await db
        .selectFrom('dispatch_jobs')
        .selectAll()
        .where('status', '=', 'pending')
        .where('created_at', '<=', new Date(now.getTime() - settings.unassigned_alert_minutes * 60_000))
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('dispatch_reminders as r')
                .select('r.job_id')
                .whereRef('r.job_id', '=', 'dispatch_jobs.id')
                .where('r.stage', '=', 'unassigned'),
            ),
          ),
        )
        .orderBy('created_at')
        .limit(100)
        .execute();
      if (waiting.length > 0) {
        const admins = await db.selectFrom('dispatch_crew').selectAll().where('role', '=', 'admin').where('active', '=', true).execute();
        for (const job of waiting) {
          const text = (member: CrewMember) => {
            const language = crewLanguageOf(member.language);
            return extraText(language, 'remindUnassigned', {
              id: job.id,
              client: job.client_name ?? extraText(language, 'noValue'),
              since: formatLocal(job.created_at, zone),
            });
          };
          if (await claimAndSend(job, 'unassigned', job.created_at, admins, text)) sent += 1;
        }
      }
      return sent;
    },
  };
}

export type Reminders = ReturnType<typeof createReminders>;
