import { z } from 'zod';
import { parkedUpdateList, parkedUpdateRetried } from '@switchboard/contract';
import { HttpError, type HttpApp } from '../../platform/index.ts';
import type { Intake } from './intake.service.ts';

// The answers are the API contract's (@switchboard/contract, system.ts).
/** Parked updates (still failing after their retries) for admins: the list, and a retry that re-queues one. */
export function registerIntakeRoutes(app: HttpApp, options: { intake: Intake }): void {
  const tags = ['system'];
  app.get(
    '/api/system/parked-updates',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Updates that still failed after their retries, newest first (admin)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: parkedUpdateList },
      },
    },
    async (request) => ({ results: await options.intake.listParked(request.query.limit), next_cursor: null }),
  );

  app.post(
    '/api/system/parked-updates/:id/retry',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Puts a parked update back in its chat's queue with fresh attempts (admin)",
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: parkedUpdateRetried },
      },
    },
    async (request) => {
      const requeued = await options.intake.retryParked(request.params.id);
      if (!requeued) {
        throw new HttpError(404, 'not_found', `No parked update has id ${request.params.id}: list them at GET /api/system/parked-updates.`);
      }
      return { id: request.params.id, state: 'pending' as const };
    },
  );
}
