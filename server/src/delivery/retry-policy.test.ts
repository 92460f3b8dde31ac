import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ChannelError, channelErrorCodes } from '../channels/channel.ts';
import { backoffDelay, decideRetry, defaultRetryPolicy } from './retry-policy.ts';

describe('retry policy', () => {
  test('temporary failures back off from 1 s, doubling, capped at 60 s, and give up after 10 attempts', () => {
    const temporary = new ChannelError('TEMPORARY', 'Bad Gateway');
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => backoffDelay(attempt, defaultRetryPolicy, () => 1));
    assert.deepEqual(ceilings, [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    assert.equal(
      backoffDelay(3, defaultRetryPolicy, () => 0),
      2_000,
      'half of the delay is fixed, half is jitter',
    );
    assert.equal(decideRetry(temporary, 9).action, 'retry');
    assert.deepEqual(decideRetry(temporary, 10), { action: 'fail' });
  });

  test('a rate limit waits what the platform asked for', () => {
    assert.deepEqual(decideRetry(new ChannelError('RATE_LIMITED', 'Too Many Requests: retry after 7', 7_000), 12), {
      action: 'retry',
      delayMs: 7_000,
    });
    assert.deepEqual(decideRetry(new ChannelError('RATE_LIMITED', 'x', 7_000), 30), { action: 'fail' });
  });

  test('a quota the channel keeps (new chats a day, a messaging limit) is waited for however often it is met', () => {
    const quota = new ChannelError('RATE_LIMITED', 'The messaging limit is reached', 3_600_000, { quota: true });
    assert.deepEqual(decideRetry(quota, 500), { action: 'retry', delayMs: 3_600_000 });
  });

  test('every other code is final on the first attempt', () => {
    for (const code of channelErrorCodes.filter((each) => each !== 'TEMPORARY' && each !== 'RATE_LIMITED')) {
      assert.deepEqual(decideRetry(new ChannelError(code, 'x'), 1), { action: 'fail' }, code);
    }
  });

  test('delays stay within [ceiling / 2, ceiling]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, roll) => {
        const ceiling = Math.min(60_000, 1_000 * 2 ** (attempt - 1));
        const delay = backoffDelay(attempt, defaultRetryPolicy, () => roll);
        assert.ok(delay >= ceiling / 2 && delay <= ceiling, `${delay} for attempt ${attempt}`);
      }),
    );
  });
});
