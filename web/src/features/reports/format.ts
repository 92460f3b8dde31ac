// How report figures read on the page: durations in the largest two units, in the app's language.
import type { TFunction } from 'i18next';

export function formatDuration(t: TFunction, seconds: number | null): string {
  if (seconds === null) return '—';
  const whole = Math.round(seconds);
  if (whole < 60) return t('reports.duration.seconds', { s: whole });
  if (whole < 3600) return t('reports.duration.minutes', { m: Math.floor(whole / 60), s: whole % 60 });
  if (whole < 86_400) return t('reports.duration.hours', { h: Math.floor(whole / 3600), m: Math.floor((whole % 3600) / 60) });
  return t('reports.duration.days', { d: Math.floor(whole / 86_400), h: Math.floor((whole % 86_400) / 3600) });
}
