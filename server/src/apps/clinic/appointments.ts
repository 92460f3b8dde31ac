// Booking, rescheduling and cancelling. The exclusion constraint on clinic_appointments is the
// guard against double booking: two patients pressing one slot at once both try the insert, the
// database lets exactly one through, and the other is told the slot went (23P01).
import type { Kysely } from 'kysely';
import type { Catalogue } from './catalogue.ts';
import { toLocal } from './clinic-time.ts';
import type { Slot } from './slots.ts';
import type { AppointmentStatus, ClinicTables } from './tables.ts';

export type BookOutcome = { outcome: 'booked'; id: number } | { outcome: 'taken' } | { outcome: 'not_bookable'; why: string };

const exclusionViolation = '23P01';
const isTaken = (error: unknown) => (error as { code?: unknown } | null)?.code === exclusionViolation;

/** Live appointments: those that hold their time. */
export const liveStatuses: AppointmentStatus[] = ['booked', 'confirmed', 'arrived', 'completed', 'no_show'];

export type Appointments = ReturnType<typeof createAppointments>;

/** A slot a cancel or a reschedule gave back (the waitlist offers it on). */
export interface FreedSlot {
  doctorId: number;
  branchId: number;
  startsAt: Date;
  endsAt: Date;
}

export function createAppointments(db: Kysely<ClinicTables>, catalogue: Catalogue, clock: () => Date) {
  const freedListeners: Array<(slot: FreedSlot) => Promise<void>> = [];
  const freed = async (row: { doctor_id: number; branch_id: number; starts_at: Date; ends_at: Date }) => {
    for (const listener of freedListeners)
      await listener({ doctorId: row.doctor_id, branchId: row.branch_id, startsAt: row.starts_at, endsAt: row.ends_at });
  };

  /** Checks that the slot is one the schedule offers (not just any free time), then inserts. */
  async function book(input: {
    patientId: number;
    serviceId: number;
    doctorId: number;
    startsAt: Date;
    timeZone: string;
    source: 'bot' | 'api' | 'staff';
  }): Promise<BookOutcome> {
    const service = await catalogue.service(input.serviceId);
    if (!service?.is_active) return { outcome: 'not_bookable', why: 'service' };
    const offered = await offeredSlot(input.serviceId, input.doctorId, input.startsAt, input.timeZone);
    if (offered === 'not_offered') return { outcome: 'not_bookable', why: 'slot' };
    try {
      const row = await db
        .insertInto('clinic_appointments')
        .values({
          patient_id: input.patientId,
          doctor_id: input.doctorId,
          branch_id: service.branch_id,
          service_id: service.id,
          starts_at: input.startsAt,
          ends_at: new Date(input.startsAt.getTime() + service.duration_minutes * 60_000),
          source: input.source,
          created_at: clock(),
          updated_at: clock(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { outcome: 'booked', id: row.id };
    } catch (error) {
      if (isTaken(error)) return { outcome: 'taken' };
      throw error;
    }
  }

  /** 'free' when the schedule offers that start and nobody holds it; 'taken' when someone does. */
  async function offeredSlot(
    serviceId: number,
    doctorId: number,
    startsAt: Date,
    timeZone: string,
  ): Promise<'free' | 'taken' | 'not_offered'> {
    const day = toLocal(startsAt, timeZone).day;
    const open = await catalogue.availability({ serviceId, doctorId, fromDay: day, days: 1, timeZone, now: clock() });
    if (open.some((slot) => slot.startsAt.getTime() === startsAt.getTime())) return 'free';
    // Not free: held by someone (the insert will then meet the constraint and say so), or never on the schedule.
    return (await heldAt(doctorId, startsAt)) ? 'taken' : 'not_offered';
  }

  const heldAt = async (doctorId: number, startsAt: Date) =>
    Boolean(
      await db
        .selectFrom('clinic_appointments')
        .select('id')
        .where('doctor_id', '=', doctorId)
        .where('status', '<>', 'cancelled')
        .where('starts_at', '<=', startsAt)
        .where('ends_at', '>', startsAt)
        .executeTakeFirst(),
    );

  /** The nearest free slots of that doctor (or any doctor of the service) from the given instant. */
  async function nearest(serviceId: number, doctorId: number | null, from: Date, timeZone: string, count = 3): Promise<Slot[]> {
    const slots = await catalogue.availability({
      serviceId,
      doctorId,
      fromDay: toLocal(from, timeZone).day,
      days: 14,
      timeZone,
      now: clock(),
    });
    return slots.slice(0, count);
  }

  const find = (id: number) => db.selectFrom('clinic_appointments').selectAll().where('id', '=', id).executeTakeFirst();

  /** Upcoming live appointments of a patient, soonest first. */
  const upcoming = (patientId: number) =>
    db
      .selectFrom('clinic_appointments')
      .selectAll()
      .where('patient_id', '=', patientId)
      .where('status', 'in', ['booked', 'confirmed'])
      .where('ends_at', '>', clock())
      .orderBy('starts_at')
      .execute();

  /** Cancels a live appointment; its slot is free at once (the constraint ignores cancelled rows). */
  async function cancel(id: number, reason: string | null): Promise<boolean> {
    const result = await db
      .updateTable('clinic_appointments')
      .set({ status: 'cancelled', cancel_reason: reason, updated_at: clock() })
      .where('id', '=', id)
      .where('status', 'in', ['booked', 'confirmed'])
      .returning(['doctor_id', 'branch_id', 'starts_at', 'ends_at'])
      .executeTakeFirst();
    if (result) await freed(result);
    return Boolean(result);
  }

  /** Moves an appointment to another offered slot of the same service; the old time is free once it commits. */
  async function reschedule(id: number, to: { doctorId: number; startsAt: Date }, timeZone: string): Promise<BookOutcome> {
    const current = await find(id);
    if (!current || !['booked', 'confirmed'].includes(current.status)) return { outcome: 'not_bookable', why: 'appointment' };
    const service = await catalogue.service(current.service_id);
    if (!service) return { outcome: 'not_bookable', why: 'service' };
    if ((await offeredSlot(service.id, to.doctorId, to.startsAt, timeZone)) === 'not_offered')
      return { outcome: 'not_bookable', why: 'slot' };
    try {
      const moved = await db
        .updateTable('clinic_appointments')
        .set({
          doctor_id: to.doctorId,
          starts_at: to.startsAt,
          ends_at: new Date(to.startsAt.getTime() + service.duration_minutes * 60_000),
          status: 'booked',
          updated_at: clock(),
        })
        .where('id', '=', id)
        .where('status', 'in', ['booked', 'confirmed'])
        .executeTakeFirst();
      if (moved.numUpdatedRows === 0n) return { outcome: 'not_bookable', why: 'appointment' };
      await freed(current);
      return { outcome: 'booked', id };
    } catch (error) {
      if (isTaken(error)) return { outcome: 'taken' };
      throw error;
    }
  }

  /** Moves a live appointment from one status to another (confirm, arrive, no-show), only from the listed ones. */
  async function setStatus(id: number, status: AppointmentStatus, from: AppointmentStatus[]): Promise<boolean> {
    const result = await db
      .updateTable('clinic_appointments')
      .set({ status, updated_at: clock() })
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  return {
    book,
    nearest,
    find,
    upcoming,
    cancel,
    reschedule,
    setStatus,
    /** Called after a cancel or a reschedule committed, with the slot it gave back. */
    whenFreed: (listener: (slot: FreedSlot) => Promise<void>) => void freedListeners.push(listener),
  };
}
