import type { FakeClock } from './clock.ts';

/** A sliding one-second window per key: AmoCRM allows 7 requests per second per integration. */
export interface RateLimiter {
  /** Counts the request and says whether it fits under the limit (a refused one is not counted). */
  admit(key: string, limitPerSecond: number): boolean;
  /** Requests refused since the last reset. */
  refusals(): number;
  reset(): void;
}

export function createRateLimiter(clock: FakeClock): RateLimiter {
  const windows = new Map<string, number[]>();
  let refused = 0;
  return {
    admit(key, limitPerSecond) {
      const now = clock.now();
      const recent = (windows.get(key) ?? []).filter((at) => at > now - 1000);
      if (recent.length >= limitPerSecond) {
        windows.set(key, recent);
        refused++;
        return false;
      }
      recent.push(now);
      windows.set(key, recent);
      return true;
    },
    refusals: () => refused,
    reset() {
      refused = 0;
      windows.clear();
    },
  };
}
