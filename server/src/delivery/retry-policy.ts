import type { ChannelError } from '../channels/channel.ts';

export interface RetryPolicy {
  /** First backoff for a temporary failure; doubles per attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts after which a row that keeps failing temporarily is given up. */
  maxAttempts: number;
  /** Rate limits are the platform pacing us, not a fault: they get a longer leash. */
  maxRateLimitedAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 10, maxRateLimitedAttempts: 30 };

export type RetryDecision = { action: 'retry'; delayMs: number } | { action: 'fail' };

/**
 * What to do after attempt number `attempts` failed. The one place that acts
 * on error codes: RATE_LIMITED waits what the platform asked, TEMPORARY backs
 * off exponentially with jitter, everything else is final.
 */
export function decideRetry(
  error: ChannelError,
  attempts: number,
  policy: RetryPolicy = defaultRetryPolicy,
  random = Math.random,
): RetryDecision {
  if (error.code === 'RATE_LIMITED') {
    // A channel's own quota frees by itself when its time comes: it is waited for however often it is met.
    if (attempts >= policy.maxRateLimitedAttempts && !error.quota) return { action: 'fail' };
    return { action: 'retry', delayMs: Math.max(error.retryAfterMs ?? policy.baseDelayMs, 0) };
  }
  if (error.code !== 'TEMPORARY' || attempts >= policy.maxAttempts) return { action: 'fail' };
  return { action: 'retry', delayMs: backoffDelay(attempts, policy, random) };
}

/** Capped exponential backoff with "equal jitter": half fixed, half random, so retries of many rows spread out. */
export function backoffDelay(attempts: number, policy: RetryPolicy = defaultRetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
