import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { telegramBotRateLimits as defaultRateLimits } from '../channels/telegram-bot/profile.ts';
import { createChannelLimiter } from './rate-limiter.ts';

const isGroupChat = defaultRateLimits.isGroupChat!;

describe('per-bot rate limiter', () => {
  test('a private chat takes a burst of two, then one message a second', () => {
    let now = 1_000_000;
    const limiter = createChannelLimiter(defaultRateLimits, () => now);
    for (let index = 0; index < 2; index++) {
      assert.equal(limiter.chatWait('42'), 0);
      limiter.take('42');
    }
    assert.equal(limiter.chatWait('42'), 1000);
    assert.deepEqual(limiter.blockedChats(), ['42']);
    assert.equal(limiter.nextUnblockAt(), now + 1000);
    now += 1000;
    assert.equal(limiter.chatWait('42'), 0);
    assert.deepEqual(limiter.blockedChats(), []);
  });

  test('a group gets 20 a minute after its burst', () => {
    let now = 0;
    const limiter = createChannelLimiter(defaultRateLimits, () => now);
    assert.ok(isGroupChat('-1001234') && isGroupChat('@channel') && !isGroupChat('1234'));
    for (let index = 0; index < defaultRateLimits.groupBurst; index++) limiter.take('-1001234');
    assert.equal(limiter.chatWait('-1001234'), 3000);
    now += 3000;
    assert.equal(limiter.chatWait('-1001234'), 0);
  });

  test('the bot as a whole never exceeds its rate over any window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 300 }), (gaps) => {
        let now = 0;
        const limiter = createChannelLimiter(defaultRateLimits, () => now);
        const sentAt: number[] = [];
        for (const [index, gap] of gaps.entries()) {
          now += gap;
          const available = limiter.botAvailable();
          for (let item = 0; item < available; item++) {
            limiter.take(`chat-${index}-${item}`);
            sentAt.push(now);
          }
        }
        // Any one-second window holds at most the burst plus one second of refill.
        for (const start of sentAt) {
          const inWindow = sentAt.filter((at) => at >= start && at < start + 1000).length;
          assert.ok(inWindow <= defaultRateLimits.botBurst + defaultRateLimits.botPerSecond, `${inWindow} in one second`);
        }
      }),
      { numRuns: 50 },
    );
  });

  test('a 429 pauses its chat; several chats refused at once pause the whole bot', () => {
    let now = 0;
    const limiter = createChannelLimiter(defaultRateLimits, () => now);
    limiter.succeeded();
    assert.equal(limiter.rateLimited('1', 5_000), 'chat');
    assert.equal(limiter.chatWait('1'), 5_000);
    assert.ok(limiter.botAvailable() > 0, 'one chat refused: the bot goes on');
    now += 10;
    assert.equal(limiter.rateLimited('2', 7_000), 'chat');
    assert.equal(limiter.rateLimited('3', 7_000), 'bot');
    assert.equal(limiter.botAvailable(), 0);
    assert.equal(limiter.botPausedUntil(), now + 7_000);
    assert.equal(limiter.botWait(1), 7_000);
    now += 7_000;
    assert.equal(limiter.botAvailable(), 1, 'after a pause the bot restarts at its sustained rate, not with a burst');
    now += 100;
    assert.equal(limiter.botAvailable(), 4);
  });

  test('a few 429s among many successes stay chat-level', () => {
    const now = 0;
    const limiter = createChannelLimiter(defaultRateLimits, () => now);
    for (let index = 0; index < 10; index++) limiter.succeeded();
    for (const chat of ['1', '2', '3']) assert.equal(limiter.rateLimited(chat, 1_000), 'chat');
  });

  test('prune forgets chats that are full again', () => {
    let now = 0;
    const limiter = createChannelLimiter(defaultRateLimits, () => now);
    limiter.take('1');
    limiter.take('2');
    now += 500;
    limiter.prune();
    assert.equal(limiter.trackedChats(), 2);
    now += 5_000;
    limiter.prune();
    assert.equal(limiter.trackedChats(), 0);
  });
});
