// Visit times on the web board are the business's (the dispatch setting `time_zone`, which the bot, the reminders
// and the statistics follow), not the browser's: an office in another zone still sees 10:00 for a 10:00 visit.
// Calendar days are yyyy-mm-dd strings worked on in UTC arithmetic, and turned into instants at the zone's midnight.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The day `offset` days after a yyyy-mm-dd day. */
export const addDays = (day: string, offset: number) => dayjs.utc(day).add(offset, 'day').format('YYYY-MM-DD');

/** The Monday of a day's week (the business's weeks start on Monday, as the statistics' do). */
export const mondayOf = (day: string) => addDays(day, -((dayjs.utc(day).day() + 6) % 7));

/** Today in the zone. */
export const todayIn = (zone: string) => dayjs().tz(zone).format('YYYY-MM-DD');

/** The instant a day starts in the zone. */
export const dayStart = (day: string, zone: string) => dayjs.tz(`${day} 00:00:00`, zone).toDate();

/** An instant as the zone's wall clock, 'YYYY-MM-DD HH:mm:ss' (what the date-time picker holds). */
export const wallClock = (iso: string, zone: string) => dayjs(iso).tz(zone).format('YYYY-MM-DD HH:mm:ss');

/** The instant of a wall-clock time in the zone (the picker's value). */
export const fromWallClock = (value: string, zone: string) => dayjs.tz(value, zone).toISOString();

/** Hours and minutes of an instant in the zone, in the app's language. */
export const clockIn = (iso: string, language: string, zone: string) =>
  new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(new Date(iso));

/** A day's title ("Tue, 15 Dec"): the day as written, whatever the browser's zone. */
export const dayTitle = (day: string, language: string) =>
  new Intl.DateTimeFormat(language, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
