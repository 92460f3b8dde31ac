// Free slots: a doctor's weekly hours on that weekday, less breaks, days off and live appointments,
// stepped by the service's length, in clinic time. Pure, so the booking flow, the bot API and the
// benchmark share one rule.
import type { ClinicSchedule } from '@switchboard/contract';
import { fromLocal, weekdayOf } from './clinic-time.ts';

/** A doctor's weekly hours as the rule reads them: the API's schedule without its id. */
export type ScheduleRow = Omit<ClinicSchedule, 'id'>;

export interface ExceptionRow {
  doctor_id: number | null;
  day: string;
  start_minute: number | null;
  end_minute: number | null;
}

export interface BusyRow {
  doctor_id: number;
  starts_at: Date;
  ends_at: Date;
}

export interface Slot {
  doctorId: number;
  startsAt: Date;
  endsAt: Date;
}

const overlaps = (aStart: number, aEnd: number, bStart: number, bEnd: number) => aStart < bEnd && bStart < aEnd;

export function freeSlots(input: {
  day: string;
  doctorId: number;
  branchId: number;
  durationMinutes: number;
  schedules: readonly ScheduleRow[];
  exceptions: readonly ExceptionRow[];
  busy: readonly BusyRow[];
  timeZone: string;
  /** Slots starting before this are gone. */
  notBefore: Date;
}): Slot[] {
  const { day, doctorId, durationMinutes, timeZone } = input;
  const weekday = weekdayOf(day);
  const offs = input.exceptions.filter((off) => off.day === day && (off.doctor_id === null || off.doctor_id === doctorId));
  if (offs.some((off) => off.start_minute === null)) return [];
  const slots: Slot[] = [];
  for (const schedule of input.schedules) {
    if (schedule.doctor_id !== doctorId || schedule.branch_id !== input.branchId || schedule.weekday !== weekday) continue;
    if ((schedule.valid_from && day < schedule.valid_from) || (schedule.valid_to && day > schedule.valid_to)) continue;
    for (let minute = schedule.start_minute; minute + durationMinutes <= schedule.end_minute; minute += durationMinutes) {
      const end = minute + durationMinutes;
      if (schedule.break_start_minute !== null && overlaps(minute, end, schedule.break_start_minute, schedule.break_end_minute!)) continue;
      if (offs.some((off) => overlaps(minute, end, off.start_minute!, off.end_minute!))) continue;
      const startsAt = fromLocal(day, minute, timeZone);
      if (startsAt < input.notBefore) continue;
      const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
      const taken = input.busy.some(
        (appointment) =>
          appointment.doctor_id === doctorId &&
          overlaps(startsAt.getTime(), endsAt.getTime(), appointment.starts_at.getTime(), appointment.ends_at.getTime()),
      );
      if (!taken) slots.push({ doctorId, startsAt, endsAt });
    }
  }
  return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
