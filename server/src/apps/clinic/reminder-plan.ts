// When each reminder of a visit goes (the rules are described beside the settings, clinic.settings.ts):
// D-1, H-3, H-1 before the start; one inside quiet hours moves to the last minute before they began,
// or is skipped when another reminder of the visit goes within the 2 hours before that minute.
import { fromLocal, toLocal } from './clinic-time.ts';

export const reminderStages = [
  { stage: 'd1', beforeMs: 24 * 3_600_000 },
  { stage: 'h3', beforeMs: 3 * 3_600_000 },
  { stage: 'h1', beforeMs: 3_600_000 },
] as const;
export type ReminderStage = (typeof reminderStages)[number]['stage'];

export interface QuietHours {
  start: string;
  end: string;
  timeZone: string;
}

const minuteOf = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));
const twoHoursMs = 2 * 3_600_000;

export function inQuietHours(at: Date, quiet: QuietHours): boolean {
  const minute = toLocal(at, quiet.timeZone).minute;
  const start = minuteOf(quiet.start);
  const end = minuteOf(quiet.end);
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** The last minute before the quiet hours that `at` falls in began. */
export function lastMinuteBeforeQuiet(at: Date, quiet: QuietHours): Date {
  const local = toLocal(at, quiet.timeZone);
  const start = minuteOf(quiet.start);
  // Quiet hours that wrap midnight began the evening before when `at` is past midnight.
  const day = local.minute >= start ? local.day : new Date(Date.parse(`${local.day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return new Date(fromLocal(day, start, quiet.timeZone).getTime() - 60_000);
}

export interface PlannedReminder {
  stage: ReminderStage;
  /** null: skipped */
  at: Date | null;
}

export function planReminders(startsAt: Date, quiet: QuietHours): PlannedReminder[] {
  const plan: PlannedReminder[] = [];
  for (const { stage, beforeMs } of reminderStages) {
    const natural = new Date(startsAt.getTime() - beforeMs);
    if (!inQuietHours(natural, quiet)) {
      plan.push({ stage, at: natural });
      continue;
    }
    const moved = lastMinuteBeforeQuiet(natural, quiet);
    const tooClose = plan.some((earlier) => earlier.at && moved.getTime() - earlier.at.getTime() <= twoHoursMs);
    plan.push({ stage, at: tooClose ? null : moved });
  }
  return plan;
}
