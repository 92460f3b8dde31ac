// What booking reads: branches, their services, the doctors who perform them, and free slots.
import { sql, type Kysely } from 'kysely';
import { addDays, fromLocal } from './clinic-time.ts';
import { freeSlots, type Slot } from './slots.ts';
import type { ClinicTables } from './tables.ts';

export type Catalogue = ReturnType<typeof createCatalogue>;

export function createCatalogue(db: Kysely<ClinicTables>) {
  const branches = () => db.selectFrom('clinic_branches').selectAll().where('is_active', '=', true).orderBy('id').execute();
  const branch = (id: number) => db.selectFrom('clinic_branches').selectAll().where('id', '=', id).executeTakeFirst();
  // price_minor is bigint: a string from PostgreSQL's driver, a number here everywhere.
  const services = async (branchId: number) =>
    (
      await db
        .selectFrom('clinic_services')
        .selectAll()
        .where('branch_id', '=', branchId)
        .where('is_active', '=', true)
        .orderBy('id')
        .execute()
    ).map((row) => ({ ...row, price_minor: Number(row.price_minor) }));
  const service = (id: number) => db.selectFrom('clinic_services').selectAll().where('id', '=', id).executeTakeFirst();
  const doctor = (id: number) => db.selectFrom('clinic_doctors').selectAll().where('id', '=', id).executeTakeFirst();
  const doctorsFor = (serviceId: number) =>
    db
      .selectFrom('clinic_doctors')
      .innerJoin('clinic_doctor_services', 'clinic_doctor_services.doctor_id', 'clinic_doctors.id')
      .selectAll('clinic_doctors')
      .where('clinic_doctor_services.service_id', '=', serviceId)
      .where('clinic_doctors.is_active', '=', true)
      .orderBy('clinic_doctors.full_name')
      .execute();

  /** Free slots of the service from `fromDay` for `days` days, of one doctor or (null) any who performs it. */
  async function availability(input: {
    serviceId: number;
    doctorId: number | null;
    fromDay: string;
    days: number;
    timeZone: string;
    now: Date;
  }): Promise<Slot[]> {
    const found = await service(input.serviceId);
    if (!found || !found.is_active) return [];
    const doctors = (await doctorsFor(found.id)).map((each) => each.id).filter((id) => input.doctorId === null || id === input.doctorId);
    if (doctors.length === 0) return [];
    const lastDay = addDays(input.fromDay, input.days - 1);
    const [schedules, exceptions, busy] = await Promise.all([
      db
        .selectFrom('clinic_schedules')
        .select(['doctor_id', 'branch_id', 'weekday', 'start_minute', 'end_minute', 'break_start_minute', 'break_end_minute'])
        .select([isoDay('valid_from').as('valid_from'), isoDay('valid_to').as('valid_to')])
        .where('doctor_id', 'in', doctors)
        .where('branch_id', '=', found.branch_id)
        .execute(),
      db
        .selectFrom('clinic_schedule_exceptions')
        .select(['doctor_id', 'start_minute', 'end_minute', isoDay('day').as('day')])
        .where('day', '>=', input.fromDay)
        .where('day', '<=', lastDay)
        .where((eb) => eb.or([eb('doctor_id', 'is', null), eb('doctor_id', 'in', doctors)]))
        .execute(),
      // Written in the no-overlap exclusion constraint's own GiST terms (doctor range && …, time range && …) so
      // that index answers it. The btree on (doctor_id, starts_at) can bound only the start and read every earlier
      // visit of the doctor: with 500,000 appointments (bench/clinic.ts) EXPLAIN ANALYZE went, for ten doctors,
      // from 23 to 0.3 ms on PostgreSQL and 12.6 to 0.5 ms on PGlite.
      db
        .selectFrom('clinic_appointments')
        .select(['doctor_id', 'starts_at', 'ends_at'])
        .where((eb) =>
          eb.or(doctors.map((id) => sql<boolean>`int4range(doctor_id, doctor_id, '[]') && int4range(${id}::int, ${id}::int, '[]')`)),
        )
        .where('status', '<>', 'cancelled')
        .where(
          sql<boolean>`tstzrange(starts_at, ends_at) && tstzrange(${fromLocal(input.fromDay, 0, input.timeZone)}::timestamptz, ${fromLocal(addDays(lastDay, 1), 0, input.timeZone)}::timestamptz)`,
        )
        .execute(),
    ]);
    const slots: Slot[] = [];
    for (let offset = 0; offset < input.days; offset += 1) {
      const day = addDays(input.fromDay, offset);
      for (const doctorId of doctors)
        slots.push(
          ...freeSlots({
            day,
            doctorId,
            branchId: found.branch_id,
            durationMinutes: found.duration_minutes,
            schedules,
            exceptions: exceptions as Array<{
              doctor_id: number | null;
              day: string;
              start_minute: number | null;
              end_minute: number | null;
            }>,
            busy,
            timeZone: input.timeZone,
            notBefore: input.now,
          }),
        );
    }
    return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.doctorId - b.doctorId);
  }

  return { branches, branch, services, service, doctor, doctorsFor, availability };
}

/** `date` columns arrive as Dates on one driver and strings on another; as text they are the same everywhere. */
export const isoDay = (column: string) => sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
/** isoDay of a NOT NULL column. */
export const isoDayOf = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** A catalogue price (tiyn) as the bot prints it: "8000", or "8000.50" when there are tiyn. */
export const priceText = (minor: number | string) => {
  const value = Number(minor);
  return value % 100 === 0 ? String(value / 100) : (value / 100).toFixed(2);
};
