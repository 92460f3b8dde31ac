/**
 * Counts failed sign-ins per key in a sliding window. In memory: with several
 * instances each enforces its own window, which still bounds guessing.
 */
export function createAttemptLimiter(options: { maxFailures: number; windowMs: number }) {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((time) => now - time < options.windowMs);
  return {
    /** Seconds until the key may try again, or 0. */
    retryAfterSeconds(keys: string[], now = Date.now()): number {
      let wait = 0;
      for (const key of keys) {
        const times = recent(key, now);
        if (times.length >= options.maxFailures) wait = Math.max(wait, Math.ceil((times[0]! + options.windowMs - now) / 1000));
      }
      return wait;
    },
    recordFailure(keys: string[], now = Date.now()): void {
      for (const key of keys) failures.set(key, [...recent(key, now), now]);
      if (failures.size > 50_000) failures.clear();
    },
    reset(keys: string[]): void {
      for (const key of keys) failures.delete(key);
    },
  };
}
