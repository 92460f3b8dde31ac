// Dates as operators read them: local days for separators, short times in the list.

/** The local calendar day of a timestamp, as a sortable key. */
export function dayKey(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

function daysBetween(fromKey: string, toKey: string): number {
  const [fy, fm, fd] = fromKey.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = toKey.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

export interface DayLabels {
  today: string;
  yesterday: string;
}

/** "Today", "Yesterday", a weekday within the week, else the full date. */
export function formatDayLabel(value: string, now: Date, language: string, labels: DayLabels): string {
  const date = new Date(value);
  const days = daysBetween(dayKey(date), dayKey(now));
  if (days === 0) return labels.today;
  if (days === 1) return labels.yesterday;
  const sameYear = date.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(language, {
    day: 'numeric',
    month: 'long',
    year: sameYear ? undefined : 'numeric',
    weekday: days > 1 && days < 7 ? 'long' : undefined,
  }).format(date);
}

/** The time shown in the conversation list: a time today, a weekday this week, a date before. */
export function formatListTime(value: string | null, now: Date, language: string): string {
  if (!value) return '';
  const date = new Date(value);
  const days = daysBetween(dayKey(date), dayKey(now));
  if (days <= 0) return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(date);
  if (days < 7) return new Intl.DateTimeFormat(language, { weekday: 'short' }).format(date);
  return new Intl.DateTimeFormat(language, {
    day: 'numeric',
    month: 'short',
    year: date.getFullYear() === now.getFullYear() ? undefined : '2-digit',
  }).format(date);
}

export function formatTime(value: string, language: string): string {
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(new Date(value));
}

export function formatDateTime(value: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}
