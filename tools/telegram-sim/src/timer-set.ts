/** setTimeout that remembers its handles so stop() can clear every one of them. */
export interface TimerSet {
  after(ms: number, fn: () => void): () => void;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  clearAll(): void;
}

export function createTimerSet(): TimerSet {
  const timers = new Set<NodeJS.Timeout>();
  const sleepers = new Set<() => void>();

  function after(ms: number, fn: () => void): () => void {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        fn();
      },
      Math.max(0, ms),
    );
    timers.add(timer);
    return () => {
      clearTimeout(timer);
      timers.delete(timer);
    };
  }

  return {
    after,
    sleep(ms, signal) {
      return new Promise((resolve) => {
        const done = (): void => {
          sleepers.delete(done);
          cancel();
          resolve();
        };
        const cancel = after(ms, done);
        sleepers.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    },
    clearAll() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const wake of [...sleepers]) wake();
    },
  };
}
