import { HttpError } from '../http/errors.ts';

/**
 * Failed sign-ins slow down the one who fails, not the account's owner: delays
 * grow with the failures of one account from one address, so a stranger
 * guessing from elsewhere can never lock the rightful owner out. A second,
 * looser count per address stops one address spraying many accounts. In
 * memory: with several instances each keeps its own counts, which still bounds
 * guessing to a few attempts per delay per instance.
 */
export interface LoginBackoffOptions {
  /** Failures of one account from one address before the first delay. */
  freeFailures?: number;
  /** Failures from one address, any accounts, before the first delay. */
  addressFreeFailures?: number;
  /** The first delay; each further failure doubles it. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A key that has not failed for this long starts again from nothing. */
  forgetAfterMs?: number;
  /** Keys kept at most; the least recently failed go first. */
  maxKeys?: number;
}

interface Failures {
  count: number;
  lastAt: number;
}

export type LoginBackoff = ReturnType<typeof createLoginBackoff>;

export function createLoginBackoff(options: LoginBackoffOptions = {}) {
  const settings = {
    freeFailures: 5,
    addressFreeFailures: 30,
    baseDelayMs: 1_000,
    maxDelayMs: 15 * 60_000,
    forgetAfterMs: 60 * 60_000,
    maxKeys: 100_000,
    ...options,
  };
  const failures = new Map<string, Failures>();
  const pairKey = (account: string, address: string) => `${account.toLowerCase()}\n${address}`;
  const addressKey = (address: string) => `*\n${address}`;

  function waitMs(key: string, free: number, now: number): number {
    const entry = failures.get(key);
    if (!entry || now - entry.lastAt >= settings.forgetAfterMs || entry.count < free) return 0;
    const delay = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.min(30, entry.count - free));
    return Math.max(0, entry.lastAt + delay - now);
  }

  function bump(key: string, now: number): void {
    const entry = failures.get(key);
    const count = entry && now - entry.lastAt < settings.forgetAfterMs ? entry.count + 1 : 1;
    // Re-inserting keeps the map in order of last failure, so the oldest is evicted first.
    failures.delete(key);
    failures.set(key, { count, lastAt: now });
    if (failures.size > settings.maxKeys) failures.delete(failures.keys().next().value!);
  }

  return {
    /** Seconds this account must wait before trying again from this address, or 0. */
    retryAfterSeconds(account: string, address: string, now = Date.now()): number {
      const wait = Math.max(
        waitMs(pairKey(account, address), settings.freeFailures, now),
        waitMs(addressKey(address), settings.addressFreeFailures, now),
      );
      return Math.ceil(wait / 1000);
    },
    /** Throws 429 with Retry-After when a sign-in from this address must wait. */
    check(account: string, address: string, now = Date.now()): void {
      const wait = this.retryAfterSeconds(account, address, now);
      if (wait > 0) {
        throw Object.assign(
          new HttpError(429, 'too_many_attempts', `Too many failed sign-ins from this address. Try again in ${wait} s.`),
          {
            retryAfter: wait,
          },
        );
      }
    },
    recordFailure(account: string, address: string, now = Date.now()): void {
      bump(pairKey(account, address), now);
      bump(addressKey(address), now);
    },
    /** The owner got in: their address starts again from nothing for this account. */
    recordSuccess(account: string, address: string): void {
      failures.delete(pairKey(account, address));
    },
  };
}
