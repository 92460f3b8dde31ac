// The calendar feed (public, by its secret) and its issuing and revoking by staff admins (issue 19).
import { calendarFeedParams, idParams, type CalendarFeed } from '@switchboard/contract';
import { notFound, type HttpApp } from '../../platform/index.ts';
import type { CalendarFeeds } from './calendar.service.ts';
import { feedPath } from './calendar.service.ts';
import type { DispatchContext } from './context.ts';
import type { CrewService } from './crew.service.ts';

const tags = ['dispatch'];

export function registerCalendarRoutes(app: HttpApp, options: { context: DispatchContext; crew: CrewService; feeds: CalendarFeeds }): void {
  const { context, crew, feeds } = options;

  app.post(
    '/api/dispatch/crew/:id/calendar',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "A new secret .ics feed URL of a crew member's planned visits (any earlier URL stops working)",
        params: idParams,
      },
    },
    async (request): Promise<CalendarFeed> => {
      const member = await crew.find(request.params.id);
      if (!member) throw notFound(`Crew member ${request.params.id}`);
      const path = feedPath(await feeds.issue(member.id));
      return { path, url: context.publicUrl ? `${context.publicUrl.replace(/\/$/, '')}${path}` : null };
    },
  );

  app.delete(
    '/api/dispatch/crew/:id/calendar',
    {
      config: { access: 'admin' },
      schema: { tags, summary: "Revoke a crew member's calendar feed URL", params: idParams },
    },
    async (request, reply) => {
      if (!(await feeds.revoke(request.params.id))) throw notFound(`A calendar feed of crew member ${request.params.id}`);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/dispatch/calendar/:file',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A measurer's planned visits (iCalendar); the URL is the credential: cal_….ics from POST /api/dispatch/crew/:id/calendar",
        params: calendarFeedParams,
      },
    },
    async (request, reply) => {
      const token = request.params.file.replace(/\.ics$/, '');
      const body = await feeds.render(token, new Date());
      if (body === undefined) throw notFound('This calendar feed (revoked, or the link is incomplete)');
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(body);
    },
  );
}
