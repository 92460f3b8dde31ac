import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromLocal, toLocal } from './clinic-time.ts';
import { inQuietHours, planReminders } from './reminder-plan.ts';

const quiet = { start: '21:00', end: '08:00', timeZone: 'Asia/Almaty' };
const local = (at: Date | null) =>
  at
    ? `${toLocal(at, quiet.timeZone).day} ${String(Math.floor(toLocal(at, quiet.timeZone).minute / 60)).padStart(2, '0')}:${String(toLocal(at, quiet.timeZone).minute % 60).padStart(2, '0')}`
    : 'skipped';

describe('reminder plan', () => {
  test("the issue's example: an 08:30 visit — D-1 at 08:30 the day before, H-3 at 20:59 the evening before, H-1 skipped", () => {
    const plan = planReminders(fromLocal('2026-03-10', 8 * 60 + 30, quiet.timeZone), quiet);
    assert.deepEqual(
      plan.map((each) => [each.stage, local(each.at)]),
      [
        ['d1', '2026-03-09 08:30'],
        ['h3', '2026-03-09 20:59'],
        ['h1', 'skipped'],
      ],
    );
  });

  test('a 15:00 visit: all three at their natural times', () => {
    const plan = planReminders(fromLocal('2026-03-10', 15 * 60, quiet.timeZone), quiet);
    assert.deepEqual(
      plan.map((each) => local(each.at)),
      ['2026-03-09 15:00', '2026-03-10 12:00', '2026-03-10 14:00'],
    );
  });

  test('a 21:30 visit: D-1 moves to 20:59 the day before; H-3 and H-1 keep their times', () => {
    const plan = planReminders(fromLocal('2026-03-10', 21 * 60 + 30, quiet.timeZone), quiet);
    assert.deepEqual(
      plan.map((each) => local(each.at)),
      ['2026-03-09 20:59', '2026-03-10 18:30', '2026-03-10 20:30'],
    );
  });

  test('a 09:30 visit: H-3 (06:30) moves to 20:59 the evening before, more than 2 hours after D-1; H-1 is at 08:30', () => {
    const plan = planReminders(fromLocal('2026-03-10', 9 * 60 + 30, quiet.timeZone), quiet);
    assert.deepEqual(
      plan.map((each) => local(each.at)),
      ['2026-03-09 09:30', '2026-03-09 20:59', '2026-03-10 08:30'],
    );
  });

  test('quiet hours may also lie within one day', () => {
    const dayQuiet = { start: '13:00', end: '14:00', timeZone: 'Asia/Almaty' };
    assert.equal(inQuietHours(fromLocal('2026-03-10', 13 * 60 + 30, dayQuiet.timeZone), dayQuiet), true);
    assert.equal(inQuietHours(fromLocal('2026-03-10', 14 * 60, dayQuiet.timeZone), dayQuiet), false);
  });
});
