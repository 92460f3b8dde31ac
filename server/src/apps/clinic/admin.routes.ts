// The clinic admin's catalogue (issue 21): branches, services with their price list (tiyn) and duration, and
// doctors with the services they perform. Admins write; reading is GET /api/clinic/catalogue. A record that
// appointments still use is not deleted (409 naming them): it is switched off with is_active instead.
// Weekly hours and days off are in admin-schedules.routes.ts.
import {
  clinicBranchBody,
  clinicDoctorBody,
  clinicIdParams,
  clinicRecordId,
  clinicServiceBody,
  type ClinicBranch,
  type ClinicDoctor,
  type ClinicService,
} from '@switchboard/contract';
import type { Kysely } from 'kysely';
import { HttpError, notFound, type HttpApp } from '../../platform/index.ts';
import { toLocal, hhmm } from './clinic-time.ts';
import type { ClinicTables } from './tables.ts';

const tags = ['clinic admin'];
export const adminAccess = { access: 'admin' } as const;
export const recordId = clinicRecordId;
const branchInput = clinicBranchBody;
const serviceInput = clinicServiceBody;
const doctorInput = clinicDoctorBody;

type Table = 'clinic_branches' | 'clinic_services' | 'clinic_doctors';
const column = { clinic_branches: 'branch_id', clinic_services: 'service_id', clinic_doctors: 'doctor_id' } as const;
const noun = { clinic_branches: 'Branch', clinic_services: 'Service', clinic_doctors: 'Doctor' } as const;

export function registerClinicAdminRoutes(app: HttpApp, deps: { db: Kysely<ClinicTables>; timeZone(): Promise<string>; clock(): Date }) {
  const { db } = deps;

  /** Refuses a delete while appointments use the record: the future ones are named, so staff can move them. */
  async function refuseWhileUsed(table: Table, id: number) {
    const uses = await db
      .selectFrom('clinic_appointments as a')
      .innerJoin('clinic_patients as p', 'p.id', 'a.patient_id')
      .select(['a.id', 'a.starts_at', 'a.status', 'p.last_name', 'p.first_name'])
      .where(`a.${column[table]}`, '=', id)
      .orderBy('a.starts_at')
      .execute();
    if (uses.length === 0) return;
    const now = deps.clock();
    const future = uses.filter((each) => each.starts_at > now && (each.status === 'booked' || each.status === 'confirmed'));
    const timeZone = await deps.timeZone();
    const named = future.slice(0, 5).map((each) => {
      const local = toLocal(each.starts_at, timeZone);
      return `№${each.id} on ${local.day} ${hhmm(local.minute)} (${each.last_name} ${each.first_name})`;
    });
    const more = future.length > named.length ? ` and ${future.length - named.length} more` : '';
    throw new HttpError(
      409,
      'clinic_record_in_use',
      future.length > 0
        ? `${noun[table]} ${id} has ${future.length} future appointment(s): ${named.join(', ')}${more}. Cancel or move them first, or set is_active to false.`
        : `${noun[table]} ${id} is in ${uses.length} past visit(s) of the records; set is_active to false instead of deleting it.`,
    );
  }

  async function refuseTakenCode(table: 'clinic_branches' | 'clinic_doctors', value: string, except?: number) {
    let query = db.selectFrom(table).select('id').where('code', '=', value);
    if (except) query = query.where('id', '<>', except);
    const taken = await query.executeTakeFirst();
    if (taken) throw new HttpError(409, 'conflict', `code: ${noun[table].toLowerCase()} ${taken.id} already has the code "${value}".`);
  }

  async function refuseTakenServiceCode(branchId: number, value: string, except?: number) {
    let query = db.selectFrom('clinic_services').select('id').where('branch_id', '=', branchId).where('code', '=', value);
    if (except) query = query.where('id', '<>', except);
    const taken = await query.executeTakeFirst();
    if (taken) throw new HttpError(409, 'conflict', `code: service ${taken.id} of this branch already has the code "${value}".`);
  }

  async function needBranch(id: number) {
    const branch = await db.selectFrom('clinic_branches').select('id').where('id', '=', id).executeTakeFirst();
    if (!branch) throw new HttpError(422, 'invalid_input', `branch_id: branch ${id} does not exist.`);
  }

  async function needServices(ids: number[]) {
    if (ids.length === 0) return;
    const found = await db.selectFrom('clinic_services').select('id').where('id', 'in', ids).execute();
    const unknown = ids.filter((each) => !found.some((row) => row.id === each));
    if (unknown.length > 0) throw new HttpError(422, 'invalid_input', `service_ids: no service ${unknown.join(', ')}.`);
  }

  const serviceJson = (row: Omit<ClinicService, 'price_minor'> & { price_minor: string | number }): ClinicService => ({
    ...row,
    price_minor: Number(row.price_minor),
  });

  async function doctorJson(id: number): Promise<ClinicDoctor> {
    const doctor = await db.selectFrom('clinic_doctors').selectAll().where('id', '=', id).executeTakeFirst();
    if (!doctor) throw notFound(`Doctor ${id}`);
    const links = await db.selectFrom('clinic_doctor_services').select('service_id').where('doctor_id', '=', id).execute();
    return { ...doctor, service_ids: links.map((link) => link.service_id).sort((a, b) => a - b) };
  }

  app.post(
    '/api/clinic/branches',
    { config: adminAccess, schema: { tags, summary: 'Add a branch', body: branchInput } },
    async (request, reply): Promise<ClinicBranch> => {
      await refuseTakenCode('clinic_branches', request.body.code);
      reply.status(201);
      return db.insertInto('clinic_branches').values(request.body).returningAll().executeTakeFirstOrThrow();
    },
  );

  app.patch(
    '/api/clinic/branches/:id',
    { config: adminAccess, schema: { tags, summary: 'Change a branch', params: clinicIdParams, body: branchInput.partial() } },
    async (request): Promise<ClinicBranch> => {
      const { id } = request.params;
      if (request.body.code) await refuseTakenCode('clinic_branches', request.body.code, id);
      const query = db.updateTable('clinic_branches').where('id', '=', id);
      const changed = await (Object.keys(request.body).length > 0 ? query.set(request.body) : query.set({ id }))
        .returningAll()
        .executeTakeFirst();
      if (!changed) throw notFound(`Branch ${id}`);
      return changed;
    },
  );

  app.post(
    '/api/clinic/services',
    { config: adminAccess, schema: { tags, summary: 'Add a service to a branch (price in tiyn)', body: serviceInput } },
    async (request, reply): Promise<ClinicService> => {
      await needBranch(request.body.branch_id);
      await refuseTakenServiceCode(request.body.branch_id, request.body.code);
      reply.status(201);
      return serviceJson(await db.insertInto('clinic_services').values(request.body).returningAll().executeTakeFirstOrThrow());
    },
  );

  app.patch(
    '/api/clinic/services/:id',
    {
      config: adminAccess,
      schema: {
        tags,
        summary: 'Change a service, its price or duration',
        params: clinicIdParams,
        body: serviceInput.partial(),
      },
    },
    async (request): Promise<ClinicService> => {
      const { id } = request.params;
      const current = await db.selectFrom('clinic_services').select(['branch_id', 'code']).where('id', '=', id).executeTakeFirst();
      if (!current) throw notFound(`Service ${id}`);
      if (request.body.branch_id) await needBranch(request.body.branch_id);
      if (request.body.branch_id || request.body.code)
        await refuseTakenServiceCode(request.body.branch_id ?? current.branch_id, request.body.code ?? current.code, id);
      const query = db.updateTable('clinic_services').where('id', '=', id);
      return serviceJson(
        await (Object.keys(request.body).length > 0 ? query.set(request.body) : query.set({ id })).returningAll().executeTakeFirstOrThrow(),
      );
    },
  );

  app.post(
    '/api/clinic/doctors',
    { config: adminAccess, schema: { tags, summary: 'Add a doctor with the services they perform', body: doctorInput } },
    async (request, reply): Promise<ClinicDoctor> => {
      const { service_ids: serviceIds, ...values } = request.body;
      await refuseTakenCode('clinic_doctors', values.code);
      await needServices(serviceIds);
      const id = await db.transaction().execute(async (trx) => {
        const created = await trx.insertInto('clinic_doctors').values(values).returning('id').executeTakeFirstOrThrow();
        if (serviceIds.length > 0)
          await trx
            .insertInto('clinic_doctor_services')
            .values([...new Set(serviceIds)].map((serviceId) => ({ doctor_id: created.id, service_id: serviceId })))
            .execute();
        return created.id;
      });
      reply.status(201);
      return doctorJson(id);
    },
  );

  app.patch(
    '/api/clinic/doctors/:id',
    {
      config: adminAccess,
      schema: {
        tags,
        summary: 'Change a doctor; service_ids, when given, replaces the services they perform',
        params: clinicIdParams,
        body: doctorInput.partial(),
      },
    },
    async (request): Promise<ClinicDoctor> => {
      const { id } = request.params;
      await doctorJson(id);
      const { service_ids: serviceIds, ...values } = request.body;
      if (values.code) await refuseTakenCode('clinic_doctors', values.code, id);
      if (serviceIds) await needServices(serviceIds);
      await db.transaction().execute(async (trx) => {
        if (Object.keys(values).length > 0) await trx.updateTable('clinic_doctors').set(values).where('id', '=', id).execute();
        if (serviceIds) {
          await trx.deleteFrom('clinic_doctor_services').where('doctor_id', '=', id).execute();
          if (serviceIds.length > 0)
            await trx
              .insertInto('clinic_doctor_services')
              .values([...new Set(serviceIds)].map((serviceId) => ({ doctor_id: id, service_id: serviceId })))
              .execute();
        }
      });
      return doctorJson(id);
    },
  );

  for (const [path, table] of [
    ['branches', 'clinic_branches'],
    ['services', 'clinic_services'],
    ['doctors', 'clinic_doctors'],
  ] as const)
    app.delete(
      `/api/clinic/${path}/:id`,
      {
        config: adminAccess,
        schema: {
          tags,
          summary: `Delete a ${noun[table].toLowerCase()} no appointment uses (409 names the ones that do)`,
          params: clinicIdParams,
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const exists = await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
        if (!exists) throw notFound(`${noun[table]} ${id}`);
        await refuseWhileUsed(table, id);
        await db.deleteFrom(table).where('id', '=', id).execute();
        return reply.status(204).send();
      },
    );
}
