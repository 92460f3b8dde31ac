import type { FakeClock } from './clock.ts';

export interface SendLimits {
  /** Messages per second per business number (Meta's default throughput: 80). */
  throughputPerSecond: number;
  /** Messages one number may send one customer in a burst before the pair limit bites. */
  pairBurst: number;
  /** After the burst, one message to the same customer per this many ms (Meta: about 6 s). */
  pairIntervalMs: number;
}

export const DEFAULT_SEND_LIMITS: SendLimits = { throughputPerSecond: 80, pairBurst: 45, pairIntervalMs: 6000 };

export interface SendLimiter {
  limits: SendLimits;
  /** 'ok', or which limit refused the message (a refused message is not counted). */
  admit(senderId: string, recipientId: string): 'ok' | 'throughput' | 'pair';
  reset(): void;
}

export function createSendLimiter(clock: FakeClock, limits: SendLimits): SendLimiter {
  const recent = new Map<string, number[]>();
  const pairs = new Map<string, { tokens: number; at: number }>();
  return {
    limits,
    admit(senderId, recipientId) {
      const now = clock.now();
      const window = (recent.get(senderId) ?? []).filter((at) => at > now - 1000);
      recent.set(senderId, window);
      if (window.length >= limits.throughputPerSecond) return 'throughput';
      // A token bucket: a burst of pairBurst, refilled one token per pairIntervalMs.
      const key = `${senderId}:${recipientId}`;
      const bucket = pairs.get(key) ?? { tokens: limits.pairBurst, at: now };
      const refilled = Math.min(limits.pairBurst, bucket.tokens + (now - bucket.at) / limits.pairIntervalMs);
      if (refilled < 1) {
        pairs.set(key, { tokens: refilled, at: now });
        return 'pair';
      }
      pairs.set(key, { tokens: refilled - 1, at: now });
      window.push(now);
      return 'ok';
    },
    reset() {
      recent.clear();
      pairs.clear();
    },
  };
}
