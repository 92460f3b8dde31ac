import type { RateModel } from './simulator-types.ts';

export const DEFAULT_RATES: RateModel = {
  botPerSecond: 30,
  botBurst: 30,
  privateChatPerSecond: 1,
  privateChatBurst: 3,
  groupPerMinute: 20,
  groupBurst: 20,
};

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfter: number };

export interface RateLimiter {
  /** Takes `cost` tokens from the bot's and the chat's bucket, or none and says how long to wait. */
  take(botId: number, chatId: number, isGroup: boolean, cost: number): RateDecision;
  rates(): RateModel;
  setRates(rates: Partial<RateModel>): RateModel;
  reset(): void;
}

export function createRateLimiter(initial: Partial<RateModel>, timeScale: number, now: () => number): RateLimiter {
  let model: RateModel = { ...DEFAULT_RATES, ...initial };
  const buckets = new Map<string, Bucket>();

  // Returns the simulated seconds until `need` tokens are there (0 = available now).
  function refill(key: string, burst: number, perSecond: number, need: number): { bucket: Bucket; wait: number } {
    const t = now();
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { tokens: burst, updatedAt: t };
      buckets.set(key, bucket);
    }
    const elapsedSimSeconds = ((t - bucket.updatedAt) / 1000) * timeScale;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsedSimSeconds * perSecond);
    bucket.updatedAt = t;
    // A send bigger than the burst (an album) is let through on a full bucket and leaves it in debt.
    const required = Math.min(need, burst);
    const wait = bucket.tokens >= required - 1e-9 ? 0 : (required - bucket.tokens) / perSecond;
    return { bucket, wait };
  }

  return {
    take(botId, chatId, isGroup, cost) {
      const bot = refill(`b:${botId}`, model.botBurst, model.botPerSecond, cost);
      const chat = isGroup
        ? refill(`g:${botId}:${chatId}`, model.groupBurst, model.groupPerMinute / 60, cost)
        : refill(`p:${botId}:${chatId}`, model.privateChatBurst, model.privateChatPerSecond, cost);
      const wait = Math.max(bot.wait, chat.wait);
      if (wait > 0) return { ok: false, retryAfter: Math.max(1, Math.ceil(wait - 1e-9)) };
      bot.bucket.tokens -= cost;
      chat.bucket.tokens -= cost;
      return { ok: true };
    },
    rates: () => ({ ...model }),
    setRates(rates) {
      model = { ...model, ...rates };
      buckets.clear();
      return { ...model };
    },
    reset() {
      buckets.clear();
    },
  };
}
