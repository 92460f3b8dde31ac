import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clinicClock, clinicDay } from './reception-format.ts';

test("reception's times are the clinic's clock, whatever zone the browser is in", () => {
  assert.equal(clinicClock('2030-03-08T04:00:00Z', 'ru', 'Asia/Almaty'), '09:00');
  assert.equal(clinicClock('2030-03-08T13:05:00Z', 'en', 'Asia/Almaty'), '18:05', '24-hour in English too');
  assert.equal(clinicClock('2030-03-08T04:00:00Z', 'en', 'UTC'), '04:00');
});

test("the day's heading is in the UI language", () => {
  assert.equal(clinicDay('2030-03-08', 'ru'), 'пятница, 8 марта 2030 г.');
  assert.equal(clinicDay('2030-03-08', 'en'), 'Friday, 8 March 2030');
  assert.equal(clinicDay('2030-03-08', 'kk'), 'Friday, 8 March 2030', 'a language the UI lacks falls back to English');
});
