// Staff routes of the clinic: what booking reads (catalogue), the CSV import, reception's day of
// appointments with arrivals, and NPS scores. The integrations' /api/bot/* routes are in bot-api.routes.ts.
import {
  clinicAppointmentPatch,
  clinicDayQuery,
  clinicIdParams,
  clinicImportBody,
  clinicImportParams,
  clinicNpsQuery,
  type ClinicAppointment,
  type ClinicAppointmentStatus,
  type ClinicCatalogue,
  type ClinicDay,
  type ClinicImported,
  type ClinicNpsReport,
} from '@switchboard/contract';
import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import { HttpError, notFound, type HttpApp } from '../../platform/index.ts';
import type { AppContext } from '../app.ts';
import type { Appointments } from './appointments.ts';
import { registerBotApiRoutes } from './bot-api.routes.ts';
import type { Catalogue } from './catalogue.ts';
import { isoDay, isoDayOf } from './catalogue.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import { addDays, fromLocal, toLocal } from './clinic-time.ts';
import { ImportError, importCsv } from './csv-import.ts';
import type { Patients } from './patients.ts';
import type { ReminderShown } from './reminders-delivery.ts';
import type { ClinicTables } from './tables.ts';

export interface ClinicRouteOptions {
  db: Kysely<ClinicTables>;
  context: AppContext<ClinicTables, ClinicSettings>;
  catalogue: Catalogue;
  appointments: Appointments;
  patients: Patients;
  /** How each appointment's reminders went out (reminders-delivery.ts): shown beside the appointment. */
  reminders: { shown(appointmentIds: readonly number[]): Promise<Map<number, ReminderShown[]>> };
  clock(): Date;
}

const tags = ['clinic'];
const reception = { access: { roles: ['reception', 'operator'] } } as const;

/** An appointment as stored, as the API gives it. */
export function serializeAppointment(row: Selectable<ClinicTables['clinic_appointments']>): ClinicAppointment {
  return {
    ...row,
    starts_at: row.starts_at.toISOString(),
    ends_at: row.ends_at.toISOString(),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function registerClinicRoutes(app: HttpApp, options: ClinicRouteOptions): void {
  const { db } = options;

  app.get(
    '/api/clinic/catalogue',
    { config: { access: 'staff' }, schema: { tags, summary: 'Branches, services, doctors, schedules and days off' } },
    async (): Promise<ClinicCatalogue> => {
      const [branches, services, doctors, doctorServices, schedules, exceptions] = await Promise.all([
        db.selectFrom('clinic_branches').selectAll().orderBy('id').execute(),
        db.selectFrom('clinic_services').selectAll().orderBy('id').execute(),
        db.selectFrom('clinic_doctors').selectAll().orderBy('full_name').execute(),
        db.selectFrom('clinic_doctor_services').selectAll().execute(),
        db
          .selectFrom('clinic_schedules')
          .select(['id', 'doctor_id', 'branch_id', 'weekday', 'start_minute', 'end_minute', 'break_start_minute', 'break_end_minute'])
          .select([isoDay('valid_from').as('valid_from'), isoDay('valid_to').as('valid_to')])
          .orderBy('doctor_id')
          .orderBy('weekday')
          .execute(),
        db
          .selectFrom('clinic_schedule_exceptions')
          .select(['id', 'doctor_id', 'kind', 'start_minute', 'end_minute', 'note', isoDayOf('day').as('day')])
          .where('day', '>=', sql<string>`current_date - 30`)
          .orderBy('day')
          .execute(),
      ]);
      return {
        branches,
        services: services.map((service) => ({ ...service, price_minor: Number(service.price_minor) })),
        doctors: doctors.map((doctor) => ({
          ...doctor,
          service_ids: doctorServices.filter((link) => link.doctor_id === doctor.id).map((link) => link.service_id),
        })),
        schedules,
        exceptions,
      };
    },
  );

  app.post(
    '/api/clinic/import/:kind',
    {
      config: { access: 'admin' },
      bodyLimit: 5 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import a CSV of branches, services, doctors, schedules or days off (whole file or nothing)',
        params: clinicImportParams,
        body: clinicImportBody,
      },
    },
    async (request): Promise<ClinicImported> => {
      try {
        return { imported: await importCsv(db, request.params.kind, request.body.csv) };
      } catch (error) {
        if (error instanceof ImportError) throw new HttpError(422, 'import_invalid', error.message);
        throw error;
      }
    },
  );

  app.get(
    '/api/clinic/appointments',
    {
      config: reception,
      schema: {
        tags,
        summary: "A day's appointments (clinic time) for reception",
        querystring: clinicDayQuery,
      },
    },
    async (request): Promise<ClinicDay> => {
      const settings = await options.context.settings.read();
      const date = request.query.date ?? toLocal(options.clock(), settings.time_zone).day;
      let query = db
        .selectFrom('clinic_appointments as a')
        .innerJoin('clinic_patients as p', 'p.id', 'a.patient_id')
        .innerJoin('clinic_doctors as d', 'd.id', 'a.doctor_id')
        .innerJoin('clinic_services as s', 's.id', 'a.service_id')
        .innerJoin('clinic_branches as b', 'b.id', 'a.branch_id')
        .select(['a.id', 'a.starts_at', 'a.ends_at', 'a.status', 'a.branch_id', 'a.doctor_id', 'a.cancel_reason'])
        .select([
          'p.first_name',
          'p.last_name',
          'p.patronymic',
          'p.phone',
          'd.full_name as doctor',
          's.name_ru as service_ru',
          's.name_kk as service_kk',
          'b.name_ru as branch_ru',
        ])
        // A slot held for a waitlist offer is not a visit yet (waitlist.ts).
        .where('a.status', '<>', 'held')
        .where('a.starts_at', '>=', fromLocal(date, 0, settings.time_zone))
        .where('a.starts_at', '<', fromLocal(addDays(date, 1), 0, settings.time_zone))
        .orderBy('a.starts_at')
        .orderBy('d.full_name');
      if (request.query.branch_id) query = query.where('a.branch_id', '=', request.query.branch_id);
      const results = await query.limit(2000).execute();
      const reminders = await options.reminders.shown(results.map((row) => row.id));
      return {
        date,
        time_zone: settings.time_zone,
        results: results.map((row) => ({
          ...row,
          // 'held' is left out above: what remains is a status staff set.
          status: row.status as ClinicAppointmentStatus,
          starts_at: row.starts_at.toISOString(),
          ends_at: row.ends_at.toISOString(),
          reminders: reminders.get(row.id) ?? [],
        })),
      };
    },
  );

  app.patch(
    '/api/clinic/appointments/:id',
    {
      config: reception,
      schema: {
        tags,
        summary: 'Reception marks an appointment (arrived, no-show, completed) or cancels it',
        params: clinicIdParams,
        body: clinicAppointmentPatch,
      },
    },
    async (request): Promise<ClinicAppointment> => {
      const { id } = request.params;
      const current = await options.appointments.find(id);
      if (!current) throw notFound(`Appointment ${id}`);
      const { status } = request.body;
      const changed =
        status === 'cancelled'
          ? await options.appointments.cancel(id, request.body.cancel_reason ?? null)
          : await options.appointments.setStatus(
              id,
              status,
              status === 'booked' ? ['confirmed', 'arrived', 'no_show'] : ['booked', 'confirmed', 'arrived', 'no_show', 'completed'],
            );
      if (!changed) throw new HttpError(409, 'invalid_transition', `An appointment that is ${current.status} cannot become ${status}.`);
      const found = await options.appointments.find(id);
      if (!found) throw notFound(`Appointment ${id}`);
      return serializeAppointment(found);
    },
  );

  app.get(
    '/api/clinic/nps',
    {
      config: reception,
      schema: {
        tags,
        summary: 'NPS per doctor, per branch and per week',
        querystring: clinicNpsQuery,
      },
    },
    async (request): Promise<ClinicNpsReport> => {
      const from = request.query.from ?? addDays(new Date().toISOString().slice(0, 10), -90);
      const to = request.query.to ?? addDays(new Date().toISOString().slice(0, 10), 1);
      const base = db
        .selectFrom('clinic_feedback as f')
        .innerJoin('clinic_appointments as a', 'a.id', 'f.appointment_id')
        .where('f.created_at', '>=', new Date(`${from}T00:00:00Z`))
        .where('f.created_at', '<', new Date(`${to}T00:00:00Z`));
      const nps = sql<number>`round(100.0 * (count(*) filter (where f.score >= 9) - count(*) filter (where f.score <= 6)) / count(*))::int`;
      const answers = sql<number>`count(*)::int`;
      const [doctors, branches, weeks] = await Promise.all([
        base
          .innerJoin('clinic_doctors as d', 'd.id', 'a.doctor_id')
          .select(['d.id', 'd.full_name as name', nps.as('nps'), answers.as('answers')])
          .groupBy(['d.id', 'd.full_name'])
          .orderBy('d.full_name')
          .execute(),
        base
          .innerJoin('clinic_branches as b', 'b.id', 'a.branch_id')
          .select(['b.id', 'b.name_ru as name', nps.as('nps'), answers.as('answers')])
          .groupBy(['b.id', 'b.name_ru'])
          .orderBy('b.name_ru')
          .execute(),
        base
          .select([sql<string>`to_char(date_trunc('week', f.created_at), 'YYYY-MM-DD')`.as('week'), nps.as('nps'), answers.as('answers')])
          .groupBy(sql`date_trunc('week', f.created_at)`)
          .orderBy(sql`date_trunc('week', f.created_at)`)
          .execute(),
      ]);
      return { from, to, doctors, branches, weeks };
    },
  );

  registerBotApiRoutes(app, options);
}
