// Issue 26: when a business is open, in its own time zone. Pure arithmetic on instants (no database), so the
// away message and the SLA badge agree, and tests can check it with any clock.
import { DateTime, IANAZone } from 'luxon';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Opening hours as a business writes them: local "HH:MM" pairs per weekday, and local dates it is closed. */
export interface Schedule {
  timeZone: string;
  weekly: Partial<Record<Weekday, Array<[string, string]>>>;
  holidays: string[];
}

const timePattern = /^([01]\d|2[0-4]):([0-5]\d)$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with a schedule an admin sent, in words that say how to fix it; null when it is usable. */
export function scheduleProblem(schedule: Schedule): string | null {
  if (!IANAZone.isValidZone(schedule.timeZone)) return `Unknown time zone "${schedule.timeZone}": use an IANA name such as Europe/Moscow.`;
  for (const [day, ranges] of Object.entries(schedule.weekly)) {
    if (!(weekdays as readonly string[]).includes(day)) return `Unknown weekday "${day}": use ${weekdays.join(', ')}.`;
    for (const range of ranges ?? []) {
      const [from, to] = range;
      if (!timePattern.test(from) || !timePattern.test(to) || minutesOf(from) > 1440 || minutesOf(to) > 1440)
        return `Hours on ${day} must be "HH:MM" between 00:00 and 24:00, got ${JSON.stringify(range)}.`;
      if (minutesOf(from) >= minutesOf(to)) return `Hours on ${day} must end after they start, got ${from}–${to}.`;
    }
  }
  for (const date of schedule.holidays) {
    if (!datePattern.test(date) || !DateTime.fromISO(date).isValid) return `Holiday "${date}" must be a date as YYYY-MM-DD.`;
  }
  return null;
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** The open intervals (epoch ms) of one local day; `day` is the start of that day in the schedule's zone. */
function openOnDay(schedule: Schedule, day: DateTime): Array<[number, number]> {
  if (schedule.holidays.includes(day.toISODate()!)) return [];
  const ranges = schedule.weekly[weekdays[day.weekday - 1]!] ?? [];
  // Local wall times through luxon, so a day with a clock change still opens at 09:00 on the wall.
  return ranges.map(([from, to]) => [day.plus({ minutes: minutesOf(from) }).toMillis(), day.plus({ minutes: minutesOf(to) }).toMillis()]);
}

function dayOf(schedule: Schedule, at: number): DateTime {
  return DateTime.fromMillis(at, { zone: schedule.timeZone }).startOf('day');
}

export function isOpen(schedule: Schedule, at: Date): boolean {
  const ms = at.getTime();
  // The previous day too: hours that end at 24:00 belong to it.
  const today = dayOf(schedule, ms);
  return [today.minus({ days: 1 }), today].some((day) => openOnDay(schedule, day).some(([from, to]) => from <= ms && ms < to));
}

/**
 * When the closed period around `at` began (the end of the last opening before it), or null when the business is
 * open. A conversation gets one away message per closed period, so this instant is that period's key. A schedule
 * with no opening in the last year gives the epoch: one away message for the whole closure.
 */
export function closedSince(schedule: Schedule, at: Date): Date | null {
  if (isOpen(schedule, at)) return null;
  const ms = at.getTime();
  let day = dayOf(schedule, ms);
  for (let back = 0; back < 370; back++, day = day.minus({ days: 1 })) {
    const ends = openOnDay(schedule, day)
      .map(([, to]) => to)
      .filter((to) => to <= ms);
    if (ends.length) return new Date(Math.max(...ends));
  }
  return new Date(0);
}

/** Open time (ms) between two instants; stops counting past `cap` so a months-old conversation stays cheap. */
export function openMillisBetween(schedule: Schedule, from: Date, to: Date, cap = Number.POSITIVE_INFINITY): number {
  const [start, end] = [from.getTime(), to.getTime()];
  if (end <= start) return 0;
  let total = 0;
  for (let day = dayOf(schedule, start).minus({ days: 1 }); day.toMillis() < end && total <= cap; day = day.plus({ days: 1 })) {
    for (const [open, close] of openOnDay(schedule, day)) total += Math.max(0, Math.min(close, end) - Math.max(open, start));
  }
  return total;
}
