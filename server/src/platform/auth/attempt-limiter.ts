import { sql, type Kysely } from 'kysely';
import { hashToken } from '../crypto.ts';
import type { PlatformTables } from '../db/tables.ts';
import { HttpError } from '../http/errors.ts';

/**
 * Failed sign-ins slow down the one who fails, not the account's owner: delays
 * grow with the failures of one account from one address, so a stranger
 * guessing from elsewhere can never lock the rightful owner out. A second,
 * looser count per address stops one address spraying many accounts.
 * createLoginBackoff does the arithmetic in memory; createSharedLoginBackoff
 * keeps the counts in the database, so every instance sees every failure.
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
    /** The keys this pair is counted under (the account's and the address's). */
    keysOf: (account: string, address: string) => ({ pair: pairKey(account, address), address: addressKey(address) }),
    /** Replaces what is known of these keys with what another store holds (absent = no failures). */
    load(known: Map<string, Failures>, keys: string[]): void {
      for (const key of keys) {
        const entry = known.get(key);
        if (entry) failures.set(key, entry);
        else failures.delete(key);
      }
    },
  };
}

/**
 * The same backoff with its counts in `login_failures`, shared by every
 * instance: a check reads the two keys, a failure bumps them, in one statement
 * each. Keys are stored hashed.
 */
export function createSharedLoginBackoff<DB extends PlatformTables>(db: Kysely<DB>, options: LoginBackoffOptions = {}) {
  const local = createLoginBackoff(options);
  const forgetAfterMs = options.forgetAfterMs ?? 60 * 60_000;
  const hashed = (key: string) => hashToken(`login-backoff\n${key}`);

  async function refresh(account: string, address: string): Promise<void> {
    const keys = local.keysOf(account, address);
    const names = [keys.pair, keys.address];
    const { rows } = await sql<{ key: string; count: number; last_at: Date }>`
      SELECT key, count, last_at FROM login_failures WHERE key = ANY(${names.map(hashed)}::text[])`.execute(db);
    const byHash = new Map(rows.map((row) => [row.key, { count: row.count, lastAt: new Date(row.last_at).getTime() }]));
    local.load(new Map(names.flatMap((name) => (byHash.has(hashed(name)) ? [[name, byHash.get(hashed(name))!]] : []))), names);
  }

  return {
    async check(account: string, address: string, now = Date.now()): Promise<void> {
      await refresh(account, address);
      local.check(account, address, now);
    },
    async recordFailure(account: string, address: string, now = Date.now()): Promise<void> {
      const keys = local.keysOf(account, address);
      const at = new Date(now).toISOString();
      const forgotten = new Date(now - forgetAfterMs).toISOString();
      await sql`
        WITH pruned AS (
          DELETE FROM login_failures WHERE last_at < ${forgotten}::timestamptz AND key <> ALL (${[hashed(keys.pair), hashed(keys.address)]}::text[]))
        INSERT INTO login_failures AS f (key, count, last_at)
        VALUES (${hashed(keys.pair)}, 1, ${at}::timestamptz), (${hashed(keys.address)}, 1, ${at}::timestamptz)
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN f.last_at < ${forgotten}::timestamptz THEN 1 ELSE f.count + 1 END,
          last_at = greatest(f.last_at, excluded.last_at)`.execute(db);
    },
    async recordSuccess(account: string, address: string): Promise<void> {
      await sql`DELETE FROM login_failures WHERE key = ${hashed(local.keysOf(account, address).pair)}`.execute(db);
    },
  };
}
