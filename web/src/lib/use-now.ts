import { useEffect, useState } from 'react';

// setTimeout takes at most 2^31 - 1 ms; a moment further off is reached by the interval's ticks first.
const longestTimeoutMs = 2_147_483_647;

/**
 * The current time, refreshed every `intervalMs`, so "today"/"yesterday" labels roll over; and, given `at`,
 * exactly at that moment too (a reply window that closes then shows closed then, without asking the server).
 */
export function useNow(intervalMs = 60_000, at?: string | number | null): Date {
  const [now, setNow] = useState(() => new Date());
  const moment = typeof at === 'string' ? Date.parse(at) : (at ?? Number.NaN);
  useEffect(() => {
    const tick = () => setNow(new Date());
    const timer = setInterval(tick, intervalMs);
    const wait = moment - Date.now();
    const exact = wait >= 0 && wait < longestTimeoutMs ? setTimeout(tick, wait + 1) : undefined;
    return () => {
      clearInterval(timer);
      if (exact !== undefined) clearTimeout(exact);
    };
  }, [intervalMs, moment]);
  return now;
}
