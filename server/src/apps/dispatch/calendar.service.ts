// A measurer's visits as an iCalendar feed at a secret URL phone calendars subscribe to (issue 19).
// Only the token's SHA-256 is stored; issuing a new one replaces (revokes) the old, deleting revokes.
import ical from 'ical-generator';
import type { Kysely } from 'kysely';
import { createRandomToken, hashToken } from '../../platform/index.ts';
import type { DispatchTables } from './tables.ts';

export const feedPrefix = 'cal_';
export const isFeedToken = (token: string) => /^cal_[A-Za-z0-9_-]{20,64}$/.test(token);
export const feedPath = (token: string) => `/api/dispatch/calendar/${token}.ics`;

/** Visits older than this drop out of the feed (phones keep what they already synced). */
const feedHistoryDays = 90;

export function createCalendarFeeds(db: Kysely<DispatchTables>) {
  return {
    /** A new secret feed for a crew member; any earlier link stops working. */
    async issue(crewId: number): Promise<string> {
      const token = `${feedPrefix}${createRandomToken(24)}`;
      await db
        .insertInto('dispatch_calendar_feeds')
        .values({ crew_id: crewId, token_hash: hashToken(token) })
        .onConflict((conflict) => conflict.column('crew_id').doUpdateSet({ token_hash: hashToken(token), created_at: new Date() }))
        .execute();
      return token;
    },

    async revoke(crewId: number): Promise<boolean> {
      const result = await db.deleteFrom('dispatch_calendar_feeds').where('crew_id', '=', crewId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** The feed's iCalendar text; undefined for a token never issued or revoked. */
    async render(token: string, now: Date): Promise<string | undefined> {
      if (!isFeedToken(token)) return undefined;
      const feed = await db
        .selectFrom('dispatch_calendar_feeds')
        .innerJoin('dispatch_crew', 'dispatch_crew.id', 'dispatch_calendar_feeds.crew_id')
        .select(['dispatch_crew.id', 'dispatch_crew.name', 'dispatch_crew.language', 'dispatch_crew.active'])
        .where('dispatch_calendar_feeds.token_hash', '=', hashToken(token))
        .executeTakeFirst();
      if (!feed?.active) return undefined;
      const jobs = await db
        .selectFrom('dispatch_jobs')
        .selectAll()
        .where('measurer_id', '=', feed.id)
        .where('status', '<>', 'cancelled')
        .where('planned_at', 'is not', null)
        .where('planned_end_at', '>=', new Date(now.getTime() - feedHistoryDays * 86_400_000))
        .orderBy('planned_at')
        .execute();
      const english = feed.language === 'en';
      const calendar = ical({ name: english ? `Visits: ${feed.name}` : `Визиты: ${feed.name}`, prodId: '//Switchboard//Dispatch//EN' });
      for (const job of jobs) {
        const client = job.client_name ?? '?';
        calendar.createEvent({
          id: `dispatch-job-${job.id}@switchboard`,
          start: job.planned_at!,
          end: job.planned_end_at!,
          stamp: job.updated_at,
          summary: english ? `Job #${job.id}: ${client}` : `Замер #${job.id}: ${client}`,
          location: job.address,
          description: [job.client_phone, `AmoCRM ${String(job.amocrm_lead_id)}`].filter(Boolean).join('\n'),
        });
      }
      return calendar.toString();
    },
  };
}

export type CalendarFeeds = ReturnType<typeof createCalendarFeeds>;
