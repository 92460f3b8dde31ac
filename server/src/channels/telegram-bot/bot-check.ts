/**
 * The answer of a check that calls a vendor (getMe), kept for `maxAgeMs`: anonymous callers then cost at most
 * one vendor call per period whatever their number. Concurrent callers share one call in flight.
 */
export function createCachedCheck<T>(check: () => Promise<T>, options: { maxAgeMs: number; now?: () => number }) {
  const now = options.now ?? (() => Date.now());
  let last: { at: number; key: string; value: Promise<T> } | undefined;
  return {
    /** The cached answer for `key` while fresh; otherwise a new check. */
    get(key: string): Promise<T> {
      if (last && last.key === key && now() - last.at < options.maxAgeMs) return last.value;
      return this.live(key);
    },
    /** A new check, whose answer then serves `get`. */
    live(key: string): Promise<T> {
      const value = check();
      last = { at: now(), key, value };
      return value;
    },
  };
}
