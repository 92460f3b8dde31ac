// The clinic admin's weekly hours (with a break) and days off (issue 21), and a patient's appointments for the
// patient page. Hours that overlap the doctor's other hours on the same weekday, in the same validity period,
// are refused (422 naming the other entry): a doctor is in one place at a time.
import {
  clinicDayOffBody,
  clinicIdParams,
  clinicScheduleBody,
  type ClinicDayOff,
  type ClinicPatientVisits,
  type ClinicSchedule,
} from '@switchboard/contract';
import { sql, type Kysely } from 'kysely';
import { HttpError, notFound, type HttpApp } from '../../platform/index.ts';
import { adminAccess } from './admin.routes.ts';
import type { Audit } from './audit.ts';
import { isoDay, isoDayOf } from './catalogue.ts';
import { hhmm } from './clinic-time.ts';
import type { ClinicTables } from './tables.ts';

const tags = ['clinic admin'];
const reception = { access: { roles: ['reception', 'operator'] } } as const;
export function registerClinicScheduleRoutes(app: HttpApp, deps: { db: Kysely<ClinicTables>; audit: Audit; timeZone(): Promise<string> }) {
  const { db } = deps;
  const weekdays = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

  const scheduleColumns = [
    'id',
    'doctor_id',
    'branch_id',
    'weekday',
    'start_minute',
    'end_minute',
    'break_start_minute',
    'break_end_minute',
  ] as const;

  app.post(
    '/api/clinic/schedules',
    {
      config: adminAccess,
      schema: {
        tags,
        summary: "Add a doctor's weekly hours at a branch (HH:MM, clinic time), with an optional break",
        body: clinicScheduleBody,
      },
    },
    async (request, reply): Promise<ClinicSchedule> => {
      const input = request.body;
      const [doctor, branch] = await Promise.all([
        db.selectFrom('clinic_doctors').select('id').where('id', '=', input.doctor_id).executeTakeFirst(),
        db.selectFrom('clinic_branches').select('id').where('id', '=', input.branch_id).executeTakeFirst(),
      ]);
      if (!doctor) throw new HttpError(422, 'invalid_input', `doctor_id: doctor ${input.doctor_id} does not exist.`);
      if (!branch) throw new HttpError(422, 'invalid_input', `branch_id: branch ${input.branch_id} does not exist.`);
      // Overlap: same doctor and weekday, the hours cross, and the validity periods (open ends included) cross.
      const clash = await db
        .selectFrom('clinic_schedules')
        .select(['id', 'branch_id', 'start_minute', 'end_minute'])
        .where('doctor_id', '=', input.doctor_id)
        .where('weekday', '=', input.weekday)
        .where('start_minute', '<', input.end)
        .where('end_minute', '>', input.start)
        .where((eb) => (input.valid_to ? eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', input.valid_to)]) : eb.lit(true)))
        .where((eb) => (input.valid_from ? eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', input.valid_from)]) : eb.lit(true)))
        .executeTakeFirst();
      if (clash)
        throw new HttpError(
          422,
          'schedule_overlap',
          `start: these hours overlap schedule ${clash.id} (${weekdays[input.weekday]} ${hhmm(clash.start_minute)}–${hhmm(clash.end_minute)} at branch ${clash.branch_id}). Change the times or delete that entry.`,
        );
      const created = await db
        .insertInto('clinic_schedules')
        .values({
          doctor_id: input.doctor_id,
          branch_id: input.branch_id,
          weekday: input.weekday,
          start_minute: input.start,
          end_minute: input.end,
          break_start_minute: input.break_start,
          break_end_minute: input.break_end,
          valid_from: input.valid_from,
          valid_to: input.valid_to,
        })
        .returning(scheduleColumns)
        .returning([isoDay('valid_from').as('valid_from'), isoDay('valid_to').as('valid_to')])
        .executeTakeFirstOrThrow();
      reply.status(201);
      return created;
    },
  );

  app.delete(
    '/api/clinic/schedules/:id',
    {
      config: adminAccess,
      schema: { tags, summary: 'Delete weekly hours (booked appointments stay)', params: clinicIdParams },
    },
    async (request, reply) => {
      const deleted = await db.deleteFrom('clinic_schedules').where('id', '=', request.params.id).returning('id').executeTakeFirst();
      if (!deleted) throw notFound(`Schedule ${request.params.id}`);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/clinic/exceptions',
    {
      config: adminAccess,
      schema: {
        tags,
        summary: "A day off: a doctor's (leave, sick) or the clinic's (holiday), whole or some hours",
        body: clinicDayOffBody,
      },
    },
    async (request, reply): Promise<ClinicDayOff> => {
      const input = request.body;
      if (input.doctor_id !== null) {
        const doctor = await db.selectFrom('clinic_doctors').select('id').where('id', '=', input.doctor_id).executeTakeFirst();
        if (!doctor) throw new HttpError(422, 'invalid_input', `doctor_id: doctor ${input.doctor_id} does not exist.`);
      }
      const created = await db
        .insertInto('clinic_schedule_exceptions')
        .values({
          doctor_id: input.doctor_id,
          day: input.day,
          kind: input.kind,
          start_minute: input.start,
          end_minute: input.end,
          note: input.note,
        })
        .returning(['id', 'doctor_id', 'kind', 'start_minute', 'end_minute', 'note', isoDayOf('day').as('day')])
        .executeTakeFirstOrThrow();
      reply.status(201);
      return created;
    },
  );

  app.delete(
    '/api/clinic/exceptions/:id',
    { config: adminAccess, schema: { tags, summary: 'Delete a day off', params: clinicIdParams } },
    async (request, reply) => {
      const deleted = await db
        .deleteFrom('clinic_schedule_exceptions')
        .where('id', '=', request.params.id)
        .returning('id')
        .executeTakeFirst();
      if (!deleted) throw notFound(`Day off ${request.params.id}`);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/clinic/patients/:id/appointments',
    {
      config: reception,
      schema: { tags, summary: "A patient's appointments, newest first (the read is audited)", params: clinicIdParams },
    },
    async (request): Promise<ClinicPatientVisits> => {
      const patient = await db.selectFrom('clinic_patients').select('id').where('id', '=', request.params.id).executeTakeFirst();
      if (!patient) throw notFound(`Patient ${request.params.id}`);
      const results = await db
        .selectFrom('clinic_appointments as a')
        .innerJoin('clinic_doctors as d', 'd.id', 'a.doctor_id')
        .innerJoin('clinic_services as s', 's.id', 'a.service_id')
        .innerJoin('clinic_branches as b', 'b.id', 'a.branch_id')
        .leftJoin('clinic_feedback as f', 'f.appointment_id', 'a.id')
        .select(['a.id', 'a.starts_at', 'a.ends_at', 'a.status', 'a.cancel_reason', 'd.full_name as doctor'])
        .select(['s.name_ru as service_ru', 'b.name_ru as branch_ru', 'f.score as nps_score', 'f.comment as nps_comment'])
        .select(sql<number>`s.price_minor::float8`.as('price_minor'))
        .where('a.patient_id', '=', patient.id)
        .orderBy('a.starts_at', 'desc')
        .limit(500)
        .execute();
      await deps.audit.record(request, { action: 'appointments.listed', patientId: patient.id });
      return {
        time_zone: await deps.timeZone(),
        results: results.map((row) => ({ ...row, starts_at: row.starts_at.toISOString(), ends_at: row.ends_at.toISOString() })),
      };
    },
  );
}
