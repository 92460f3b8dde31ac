/**
 * The fake's sense of time. Token lifetimes and rate windows read it, so tests can jump a day
 * ahead or freeze time (a frozen clock makes "8 requests inside one second" exact on a busy machine).
 */
export interface FakeClock {
  now(): number;
  /** Jumps to an absolute time (ms since the epoch); a frozen clock stays frozen there. */
  set(ms: number): void;
  advance(ms: number): void;
  freeze(): void;
  unfreeze(): void;
  isFrozen(): boolean;
}

export function createClock(): FakeClock {
  let offset = 0;
  let frozenAt: number | null = null;
  return {
    now: () => frozenAt ?? Date.now() + offset,
    set(ms) {
      if (frozenAt !== null) frozenAt = ms;
      else offset = ms - Date.now();
    },
    advance(ms) {
      if (frozenAt !== null) frozenAt += ms;
      else offset += ms;
    },
    freeze() {
      frozenAt ??= Date.now() + offset;
    },
    unfreeze() {
      if (frozenAt === null) return;
      offset = frozenAt - Date.now();
      frozenAt = null;
    },
    isFrozen: () => frozenAt !== null,
  };
}
