import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayKey, formatDayLabel, formatListTime } from './dates.ts';

const labels = { today: 'Today', yesterday: 'Yesterday' };

test('day separators say today, yesterday, a weekday this week, then the date', () => {
  const now = new Date(2026, 10, 22, 10, 0);
  assert.equal(formatDayLabel(new Date(2026, 10, 22, 0, 5).toISOString(), now, 'en', labels), 'Today');
  assert.equal(formatDayLabel(new Date(2026, 10, 21, 23, 59).toISOString(), now, 'en', labels), 'Yesterday');
  assert.match(formatDayLabel(new Date(2026, 10, 18, 12).toISOString(), now, 'en', labels), /Wednesday/);
  assert.match(formatDayLabel(new Date(2026, 9, 2, 12).toISOString(), now, 'en', labels), /^October 2$/);
  assert.match(formatDayLabel(new Date(2025, 9, 2, 12).toISOString(), now, 'ru', labels), /2025/);
});

test('local days key the separators, across a month boundary too', () => {
  assert.equal(dayKey(new Date(2026, 0, 31, 23, 59)), '2026-01-31');
  assert.equal(dayKey(new Date(2026, 1, 1, 0, 0)), '2026-02-01');
  const now = new Date(2026, 2, 1, 9);
  assert.equal(formatDayLabel(new Date(2026, 1, 28, 20).toISOString(), now, 'en', labels), 'Yesterday');
});

test('the list shows a time today, a weekday this week, a date before', () => {
  const now = new Date(2026, 10, 22, 18, 0);
  assert.match(formatListTime(new Date(2026, 10, 22, 9, 5).toISOString(), now, 'ru'), /^09:05$/);
  assert.match(formatListTime(new Date(2026, 10, 20, 9, 5).toISOString(), now, 'en'), /^Fri$/);
  assert.match(formatListTime(new Date(2026, 5, 1).toISOString(), now, 'en'), /^Jun 1$/);
  assert.equal(formatListTime(null, now, 'en'), '');
});
