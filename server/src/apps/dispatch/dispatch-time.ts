// Wall-clock time in the business's zone: visits are typed as local times and stored as instants.
// Intl does the zone arithmetic, so daylight-saving zones work too.

function partsIn(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  return Object.fromEntries(parts.map((part) => [part.type, part.value])) as Record<string, string>;
}

/** "2026-12-04 10:30" as the zone shows the instant. */
export function formatLocal(instant: Date, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The instant a local "YYYY-MM-DD" and "HH:MM" stand for in the zone; undefined when either is not a real date or time. */
export function parseLocal(day: string, time: string, timeZone: string): Date | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const clock = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!date || !clock) return undefined;
  const [year, month, dayOfMonth] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const [hour, minute] = [Number(clock[1]), Number(clock[2])];
  if (hour > 23 || minute > 59) return undefined;
  const asUtc = Date.UTC(year, month - 1, dayOfMonth, hour, minute);
  if (new Date(asUtc).getUTCDate() !== dayOfMonth) return undefined;
  // Two passes settle the zone's offset, including across a change of offset.
  let guess = asUtc;
  for (let pass = 0; pass < 2; pass += 1) {
    const shown = partsIn(new Date(guess), timeZone);
    const shownAsUtc = Date.UTC(+shown.year!, +shown.month! - 1, +shown.day!, +shown.hour!, +shown.minute!);
    guess += asUtc - shownAsUtc;
  }
  return new Date(guess);
}

/** The local hour (0–23) the zone shows at the instant. */
export const localHour = (instant: Date, timeZone: string) => Number(partsIn(instant, timeZone).hour);

/** The instant of `hour`:00 on the local day before the instant's local day. */
export function eveningBefore(instant: Date, hour: number, timeZone: string): Date | undefined {
  const p = partsIn(instant, timeZone);
  const dayBefore = new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day) - 1)).toISOString().slice(0, 10);
  return parseLocal(dayBefore, `${hour}:00`, timeZone);
}
