import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HttpError } from '../http/errors.ts';
import { createLoginBackoff } from './attempt-limiter.ts';
import { createHashingBound } from './passwords.ts';

const stranger = '203.0.113.9';
const owner = '198.51.100.7';

describe('login backoff (controlled clock)', () => {
  test('delays grow with the failures of one account from one address, and end', () => {
    const backoff = createLoginBackoff({ freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 });
    let now = 1_000_000;
    for (let attempt = 0; attempt < 3; attempt++) {
      assert.equal(backoff.retryAfterSeconds('admin@example.com', stranger, now), 0);
      backoff.recordFailure('admin@example.com', stranger, now);
    }
    const waits: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const wait = backoff.retryAfterSeconds('admin@example.com', stranger, now);
      waits.push(wait);
      assert.throws(
        () => backoff.check('Admin@Example.com', stranger, now),
        (error: unknown) =>
          error instanceof HttpError && error.statusCode === 429 && (error as unknown as { retryAfter: number }).retryAfter === wait,
      );
      now += wait * 1000;
      backoff.check('admin@example.com', stranger, now);
      backoff.recordFailure('admin@example.com', stranger, now);
    }
    assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 60, 60]);
    // An hour without failures forgets them.
    assert.equal(backoff.retryAfterSeconds('admin@example.com', stranger, now + 60 * 60_000), 0);
  });

  test('a stranger failing from another address never locks the owner out', () => {
    const backoff = createLoginBackoff({ freeFailures: 3, addressFreeFailures: 30 });
    const now = 5_000_000;
    for (let attempt = 0; attempt < 500; attempt++) backoff.recordFailure('admin@example.com', stranger, now);
    assert.ok(backoff.retryAfterSeconds('admin@example.com', stranger, now) > 0);
    assert.equal(backoff.retryAfterSeconds('admin@example.com', owner, now), 0);
    backoff.check('admin@example.com', owner, now);
  });

  test('one address spraying many accounts is slowed down too; a success clears only its own pair', () => {
    const backoff = createLoginBackoff({ freeFailures: 3, addressFreeFailures: 5 });
    const now = 9_000_000;
    for (let index = 0; index < 5; index++) backoff.recordFailure(`user${index}@example.com`, stranger, now);
    assert.ok(backoff.retryAfterSeconds('fresh@example.com', stranger, now) > 0, 'the sixth account from that address waits');
    assert.equal(backoff.retryAfterSeconds('fresh@example.com', owner, now), 0);
    for (let index = 0; index < 3; index++) backoff.recordFailure('owner@example.com', owner, now);
    assert.ok(backoff.retryAfterSeconds('owner@example.com', owner, now) > 0);
    backoff.recordSuccess('owner@example.com', owner);
    assert.equal(backoff.retryAfterSeconds('owner@example.com', owner, now), 0);
  });

  test('memory is bounded: the least recently failed keys go first', () => {
    const backoff = createLoginBackoff({ freeFailures: 1, addressFreeFailures: 1_000, maxKeys: 10 });
    const now = 1_000;
    backoff.recordFailure('first@example.com', owner, now);
    assert.ok(backoff.retryAfterSeconds('first@example.com', owner, now) > 0);
    for (let index = 0; index < 20; index++) backoff.recordFailure(`other${index}@example.com`, `10.0.0.${index}`, now);
    assert.equal(backoff.retryAfterSeconds('first@example.com', owner, now), 0);
  });
});

describe('the global bound on hashing work', () => {
  test('runs at most `concurrency` at once, queues up to `maxQueued`, refuses the rest with 503 + Retry-After', async () => {
    const bound = createHashingBound({ concurrency: 2, maxQueued: 3, retryAfterSeconds: 2 });
    let active = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const work = () =>
      bound.run(async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise<void>((resolve) => gates.push(resolve));
        active -= 1;
        return 'hashed';
      });
    const accepted = Array.from({ length: 5 }, work);
    assert.deepEqual(bound.load, { running: 2, waiting: 3 });
    await assert.rejects(
      work(),
      (error: unknown) =>
        error instanceof HttpError && error.statusCode === 503 && (error as unknown as { retryAfter: number }).retryAfter === 2,
    );
    while (gates.length > 0 || bound.load.running > 0) {
      gates.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(await Promise.all(accepted), Array(5).fill('hashed'));
    assert.equal(peak, 2);
    assert.deepEqual(bound.load, { running: 0, waiting: 0 });
  });
});
