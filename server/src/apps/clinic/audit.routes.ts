// Admins read and export the audit; staff list patients (IIN and birth date masked) and open one (audited);
// admins work the patients' privacy requests (a copy of their data, or its deletion) by their due date.
import { stringify } from 'csv-stringify/sync';
import {
  clinicAuditFilters,
  clinicAuditQuery,
  clinicIdParams,
  clinicPatientsQuery,
  clinicPrivacyCloseBody,
  clinicPrivacyRequestsQuery,
  type ClinicAuditFilters,
  type ClinicAuditPage,
  type ClinicPatient,
  type ClinicPatientList,
  type ClinicPrivacyRequest,
  type ClinicPrivacyRequests,
} from '@switchboard/contract';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { currentUser, decodeCursor, HttpError, notFound, pageOf, type HttpApp } from '../../platform/index.ts';
import { maskBirthDate, maskIin, type Audit } from './audit.ts';
import type { Patients } from './patients.ts';
import type { ClinicTables } from './tables.ts';

const tags = ['clinic audit and privacy'];
const reception = { access: { roles: ['reception', 'operator'] } } as const;
const csvLimit = 100_000;
const auditFilters = clinicAuditFilters;
const iso = (at: Date | null) => at?.toISOString() ?? null;
const privacyDates = (row: { created_at: Date; due_at: Date; closed_at: Date | null }) => ({
  created_at: row.created_at.toISOString(),
  due_at: row.due_at.toISOString(),
  closed_at: iso(row.closed_at),
});

export function registerAuditRoutes(
  app: HttpApp,
  deps: { db: Kysely<ClinicTables>; audit: Audit; patients: Patients; clock(): Date },
): void {
  const { db, audit, patients } = deps;

  function auditQuery(filters: ClinicAuditFilters) {
    let query = db
      .selectFrom('clinic_audit')
      .select(['id', 'at', 'actor', 'actor_name', 'action', 'patient_id', 'ip', 'details'])
      .orderBy('id', 'desc');
    if (filters.patient_id) query = query.where('patient_id', '=', filters.patient_id);
    if (filters.action) query = query.where('action', '=', filters.action);
    if (filters.actor) query = query.where('actor', '=', filters.actor);
    if (filters.from) query = query.where('at', '>=', new Date(filters.from));
    if (filters.to) query = query.where('at', '<', new Date(filters.to));
    return query;
  }

  app.get(
    '/api/clinic/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Who read or changed which patient data, when and from where (newest first)',
        querystring: clinicAuditQuery,
      },
    },
    async (request): Promise<ClinicAuditPage> => {
      const { cursor, limit, ...filters } = request.query;
      const before = decodeCursor(cursor, z.number().int());
      let query = auditQuery(filters);
      if (before !== undefined) query = query.where('id', '<', before);
      const page = pageOf(await query.limit(limit + 1).execute(), limit, (last) => last.id);
      return { ...page, results: page.results.map((row) => ({ ...row, at: row.at.toISOString() })) };
    },
  );

  app.get(
    '/api/clinic/audit.csv',
    {
      config: { access: 'admin' },
      schema: { tags, summary: `The audit as CSV (the same filters; at most ${csvLimit} rows, newest first)`, querystring: auditFilters },
    },
    async (request, reply) => {
      const rows = await auditQuery(request.query)
        .limit(csvLimit + 1)
        .execute();
      if (rows.length > csvLimit)
        throw new HttpError(422, 'invalid_input', `More than ${csvLimit} rows match: narrow the export with from and to.`);
      await audit.record(request, { action: 'audit.exported', details: { filters: request.query, rows: rows.length } });
      const csv = stringify(
        rows.map((row) => [
          row.id,
          row.at.toISOString(),
          row.actor,
          row.actor_name,
          row.action,
          row.patient_id ?? '',
          row.ip ?? '',
          JSON.stringify(row.details),
        ]),
        { header: true, columns: ['id', 'at', 'actor', 'actor_name', 'action', 'patient_id', 'ip', 'details'] },
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="clinic-audit.csv"')
        .send(csv);
    },
  );

  app.get(
    '/api/clinic/patients',
    {
      config: reception,
      schema: {
        tags,
        summary: 'Patients (IIN and date of birth masked), by last name; q searches names and phone',
        querystring: clinicPatientsQuery,
      },
    },
    async (request): Promise<ClinicPatientList> => {
      const { q, cursor, limit } = request.query;
      const after = decodeCursor(cursor, z.number().int());
      let query = db
        .selectFrom('clinic_patients')
        .select(['id', 'first_name', 'last_name', 'patronymic', 'phone', 'sex', 'language', 'iin_sealed', 'birth_date_sealed'])
        .orderBy('id');
      if (after !== undefined) query = query.where('id', '>', after);
      if (q) {
        const like = `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
        query = query.where((eb) => eb.or([eb('first_name', 'ilike', like), eb('last_name', 'ilike', like), eb('phone', 'ilike', like)]));
      }
      const page = pageOf(await query.limit(limit + 1).execute(), limit, (last) => last.id);
      await audit.record(request, { action: 'patients.listed', details: { q: q ?? null, count: page.results.length } });
      return {
        next_cursor: page.next_cursor,
        results: page.results.map(({ iin_sealed, birth_date_sealed, ...patient }) => ({
          ...patient,
          iin: maskIin(patients.iinOf({ iin_sealed })),
          birth_date: maskBirthDate(patients.birthDateOf({ birth_date_sealed })),
        })),
      };
    },
  );

  app.get(
    '/api/clinic/patients/:id',
    { config: reception, schema: { tags, summary: 'One patient in full (the read is audited)', params: clinicIdParams } },
    async (request): Promise<ClinicPatient> => {
      const patient = await db.selectFrom('clinic_patients').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      if (!patient) throw notFound(`Patient ${request.params.id}`);
      await audit.record(request, { action: 'patient.read', patientId: patient.id });
      const { iin_sealed, birth_date_sealed, iin_hash: _hash, ...rest } = patient;
      return {
        ...rest,
        created_at: rest.created_at.toISOString(),
        updated_at: rest.updated_at.toISOString(),
        iin: patients.iinOf({ iin_sealed }),
        birth_date: patients.birthDateOf({ birth_date_sealed }),
        consents: await patients.consents(patient.id),
      };
    },
  );

  app.get(
    '/api/clinic/privacy-requests',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Patients' requests for a copy of their data or its deletion (open ones first, by due date)",
        querystring: clinicPrivacyRequestsQuery,
      },
    },
    async (request): Promise<ClinicPrivacyRequests> => {
      let query = db
        .selectFrom('clinic_privacy_requests as r')
        .innerJoin('clinic_patients as p', 'p.id', 'r.patient_id')
        .select(['r.id', 'r.patient_id', 'r.kind', 'r.status', 'r.created_at', 'r.due_at', 'r.closed_at', 'r.closed_by', 'r.note'])
        .select(['p.first_name', 'p.last_name'])
        .select(sql<boolean>`r.status = 'open' and r.due_at < ${deps.clock()}`.as('overdue'))
        .orderBy(sql`r.status = 'open'`, 'desc')
        .orderBy('r.due_at')
        .limit(500);
      if (request.query.status) query = query.where('r.status', '=', request.query.status);
      return { results: (await query.execute()).map((row) => ({ ...row, ...privacyDates(row) })) };
    },
  );

  app.post(
    '/api/clinic/privacy-requests/:id/close',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Close a privacy request: done (the copy was given, the data deleted) or rejected, with a note',
        params: clinicIdParams,
        body: clinicPrivacyCloseBody,
      },
    },
    async (request): Promise<ClinicPrivacyRequest> => {
      const closed = await db
        .updateTable('clinic_privacy_requests')
        .set({ status: request.body.status, note: request.body.note, closed_at: deps.clock(), closed_by: currentUser(request).id })
        .where('id', '=', request.params.id)
        .where('status', '=', 'open')
        .returningAll()
        .executeTakeFirst();
      if (!closed) {
        const exists = await db
          .selectFrom('clinic_privacy_requests')
          .select('status')
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!exists) throw notFound(`Privacy request ${request.params.id}`);
        throw new HttpError(409, 'invalid_transition', `Privacy request ${request.params.id} is ${exists.status} already.`);
      }
      await audit.record(request, {
        action: `privacy.${closed.kind}.${closed.status}`,
        patientId: closed.patient_id,
        details: { request_id: closed.id },
      });
      return { ...closed, ...privacyDates(closed) };
    },
  );
}
