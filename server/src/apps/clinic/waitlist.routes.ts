// Staff's view of the waitlist (reception and operators), and taking someone off it.
import { clinicIdParams, clinicWaitlistQuery } from '@switchboard/contract';
import { notFound, HttpError, type HttpApp } from '../../platform/index.ts';
import type { Waitlist } from './waitlist.ts';

const tags = ['clinic'];
const reception = { access: { roles: ['reception', 'operator'] } } as const;

export function registerWaitlistRoutes(app: HttpApp, waitlist: Waitlist): void {
  app.get(
    '/api/clinic/waitlist',
    {
      config: reception,
      schema: {
        tags,
        summary: 'Patients waiting for a slot (open entries first, oldest first), with any offer and its hold',
        querystring: clinicWaitlistQuery,
      },
    },
    async (request) => ({ results: await waitlist.list(request.query.status) }),
  );

  app.delete(
    '/api/clinic/waitlist/:id',
    {
      config: reception,
      schema: {
        tags,
        summary: 'Take a patient off the waitlist (an open offer is withdrawn and its slot goes to the next patient)',
        params: clinicIdParams,
      },
    },
    async (request, reply) => {
      const done = await waitlist.withdraw(request.params.id);
      if (done === undefined) throw notFound(`Waitlist entry ${request.params.id}`);
      if (!done) throw new HttpError(409, 'invalid_transition', `Waitlist entry ${request.params.id} is closed already.`);
      reply.status(204);
    },
  );
}
