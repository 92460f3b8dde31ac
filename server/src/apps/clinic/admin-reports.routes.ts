// The NPS report's second half (issue 21): what detractors (scores 0–6) wrote, newest first, beside the scores
// by week that GET /api/clinic/nps gives. Reception and operators read it, like the scores.
import { clinicDetractorsQuery, type ClinicDetractors } from '@switchboard/contract';
import type { Kysely } from 'kysely';
import type { HttpApp } from '../../platform/index.ts';
import { addDays } from './clinic-time.ts';
import type { ClinicTables } from './tables.ts';

const reception = { access: { roles: ['reception', 'operator'] } } as const;

export function registerClinicReportRoutes(app: HttpApp, deps: { db: Kysely<ClinicTables>; clock(): Date }) {
  app.get(
    '/api/clinic/nps/detractors',
    {
      config: reception,
      schema: {
        tags: ['clinic'],
        summary: 'Detractors (score 0–6) with their comments, newest first (the same from/to as /api/clinic/nps)',
        querystring: clinicDetractorsQuery,
      },
    },
    async (request): Promise<ClinicDetractors> => {
      const today = deps.clock().toISOString().slice(0, 10);
      const from = request.query.from ?? addDays(today, -90);
      const to = request.query.to ?? addDays(today, 1);
      const results = await deps.db
        .selectFrom('clinic_feedback as f')
        .innerJoin('clinic_appointments as a', 'a.id', 'f.appointment_id')
        .innerJoin('clinic_doctors as d', 'd.id', 'a.doctor_id')
        .innerJoin('clinic_branches as b', 'b.id', 'a.branch_id')
        .select(['f.appointment_id', 'f.score', 'f.comment', 'f.created_at', 'd.full_name as doctor', 'b.name_ru as branch_ru'])
        .where('f.score', '<=', 6)
        .where('f.created_at', '>=', new Date(`${from}T00:00:00Z`))
        .where('f.created_at', '<', new Date(`${to}T00:00:00Z`))
        .orderBy('f.created_at', 'desc')
        .limit(request.query.limit)
        .execute();
      return { from, to, results: results.map((row) => ({ ...row, created_at: row.created_at.toISOString() })) };
    },
  );
}
