// Token buckets per account, per chat and per group, sized by the account's
// channel module (module.rateLimits); the numbers live in the modules. The
// buckets here are this process's view; across instances the bot's bucket is
// shared in the database (the claim takes its tokens there, see claimRows) and
// a chat's pace is rebuilt from its recent sends (chatHistoryWait).
import type { RateLimitProfile, RateLimits } from '../channels/module.ts';

export type { RateLimitProfile, RateLimits };

interface Bucket {
  tokens: number;
  capacity: number;
  perMs: number;
  updatedAt: number;
  pausedUntil: number;
}

const botWideWindowMs = 1_000;
const botWideMinChats = 3;

function newBucket(capacity: number, perSecond: number, now: number): Bucket {
  return { tokens: capacity, capacity, perMs: perSecond / 1000, updatedAt: now, pausedUntil: 0 };
}

function refill(bucket: Bucket, now: number): void {
  // Nothing accrues during a pause, so a paused bucket resumes at its sustained rate.
  const since = Math.max(bucket.updatedAt, bucket.pausedUntil);
  if (now > since) bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (now - since) * bucket.perMs);
  bucket.updatedAt = Math.max(bucket.updatedAt, now);
}

/** Milliseconds until `cost` tokens are there (a cost above the burst needs a full bucket). */
function waitFor(bucket: Bucket, cost: number, now: number): number {
  refill(bucket, now);
  const needed = Math.min(cost, bucket.capacity);
  const pause = Math.max(0, bucket.pausedUntil - now);
  const refillWait = bucket.tokens >= needed - 1e-9 ? 0 : (needed - bucket.tokens) / bucket.perMs;
  return Math.ceil(pause + refillWait);
}

/** How many of a chat's latest sends, from how far back, decide its bucket now (enough to refill either kind fully). */
export function chatHistoryScope(limits: RateLimitProfile): { depth: number; windowMs: number } {
  const privateMs = (limits.privateChatBurst / limits.privateChatPerSecond) * 1000;
  const groupMs = (limits.groupBurst / (limits.groupPerMinute / 60)) * 1000;
  return { depth: 2 * Math.max(limits.privateChatBurst, limits.groupBurst) + 2, windowMs: Math.ceil(Math.max(privateMs, groupMs)) };
}

export type ChannelLimiter = ReturnType<typeof createChannelLimiter>;

/** Token buckets for one account and each of its chats, in memory, plus the pauses the platform's rate limit answers ask for. */
export function createChannelLimiter(limits: RateLimitProfile, clock: () => number = Date.now) {
  const isGroupChat = limits.isGroupChat ?? (() => false);
  const bot = newBucket(limits.botBurst, limits.botPerSecond, clock());
  const chats = new Map<string, Bucket>();
  const recent: Array<{ at: number; limitedChat: string | null }> = [];

  function chat(chatId: string, now: number): Bucket {
    let bucket = chats.get(chatId);
    if (!bucket) {
      bucket = isGroupChat(chatId)
        ? newBucket(limits.groupBurst, limits.groupPerMinute / 60, now)
        : newBucket(limits.privateChatBurst, limits.privateChatPerSecond, now);
      chats.set(chatId, bucket);
    }
    return bucket;
  }

  function pause(bucket: Bucket, until: number): void {
    bucket.pausedUntil = Math.max(bucket.pausedUntil, until);
    // One message when the pause ends, then the sustained rate: no burst straight into the same limit.
    bucket.tokens = Math.min(bucket.tokens, 1);
  }

  function noteResponse(now: number, limitedChat: string | null): void {
    recent.push({ at: now, limitedChat });
    while (recent.length > 0 && recent[0]!.at < now - botWideWindowMs) recent.shift();
  }

  return {
    /** Whole tokens the bot may spend now (0 while paused). */
    botAvailable(now = clock()): number {
      refill(bot, now);
      return bot.pausedUntil > now ? 0 : Math.max(0, Math.floor(bot.tokens + 1e-9));
    },
    /** Milliseconds until the bot has `count` tokens. */
    botWait(count: number, now = clock()): number {
      return waitFor(bot, count, now);
    },
    chatWait(chatId: string, cost = 1, now = clock()): number {
      return waitFor(chat(chatId, now), cost, now);
    },
    /** Chats that cannot take a message now: the dispatcher leaves their rows unclaimed. */
    blockedChats(now = clock()): string[] {
      return [...chats].filter(([, bucket]) => waitFor(bucket, 1, now) > 0).map(([chatId]) => chatId);
    },
    /** When the first blocked chat can take a message again, or null when none is blocked. */
    nextUnblockAt(now = clock()): number | null {
      let earliest: number | null = null;
      for (const bucket of chats.values()) {
        const wait = waitFor(bucket, 1, now);
        if (wait > 0 && (earliest === null || now + wait < earliest)) earliest = now + wait;
      }
      return earliest;
    },
    /**
     * Milliseconds until `chatId` may take `cost` more, judged from its sends as
     * recorded in the database (any instance's), oldest first or not: a full
     * bucket before the oldest, one token per send.
     */
    chatHistoryWait(chatId: string, sentAt: number[], cost = 1, now = clock()): number {
      if (sentAt.length === 0) return 0;
      const ordered = [...sentAt].sort((a, b) => a - b);
      const bucket = isGroupChat(chatId)
        ? newBucket(limits.groupBurst, limits.groupPerMinute / 60, ordered[0]!)
        : newBucket(limits.privateChatBurst, limits.privateChatPerSecond, ordered[0]!);
      for (const at of ordered) {
        refill(bucket, at);
        bucket.tokens -= 1;
      }
      return waitFor(bucket, cost, now);
    },
    /** Keeps a chat resting until `until` (another instance wrote to it): the claim skips it meanwhile. */
    restChat(chatId: string, until: number, now = clock()): void {
      pause(chat(chatId, now), until);
    },
    /** Lowers this process's view of the bot's bucket to what the shared bucket holds (after a claim took its tokens). */
    shareBot(tokens: number, now = clock()): void {
      refill(bot, now);
      bot.tokens = Math.min(bot.tokens, tokens);
    },
    take(chatId: string, cost = 1, now = clock()): void {
      refill(bot, now);
      bot.tokens -= cost;
      const bucket = chat(chatId, now);
      refill(bucket, now);
      bucket.tokens -= cost;
    },
    succeeded(now = clock()): void {
      noteResponse(now, null);
    },
    /**
     * A 429 pauses its chat. When several chats are refused at once and most
     * answers in the last second were 429s, the limit hit is the bot's: pause it all.
     */
    rateLimited(chatId: string, retryAfterMs: number, now = clock()): 'chat' | 'bot' {
      noteResponse(now, chatId);
      pause(chat(chatId, now), now + retryAfterMs);
      const limited = recent.filter((entry) => entry.limitedChat !== null);
      const distinct = new Set(limited.map((entry) => entry.limitedChat)).size;
      if (distinct < botWideMinChats || limited.length * 2 < recent.length) return 'chat';
      pause(bot, now + retryAfterMs);
      return 'bot';
    },
    botPausedUntil(): number {
      return bot.pausedUntil;
    },
    /** Forgets chats whose bucket is full again, so memory follows the active chats only. */
    prune(now = clock()): void {
      for (const [chatId, bucket] of chats) {
        refill(bucket, now);
        if (bucket.tokens >= bucket.capacity - 1e-9 && bucket.pausedUntil <= now) chats.delete(chatId);
      }
    },
    trackedChats(): number {
      return chats.size;
    },
  };
}
