/**
 * Long-running workers (intake, delivery, polling loops) beat here; health
 * reports any whose last beat is older than the silence it allows.
 */
export function createHeartbeats() {
  const workers = new Map<string, { maxSilenceMs: number; lastBeat: number }>();
  return {
    register(name: string, maxSilenceMs: number): () => void {
      workers.set(name, { maxSilenceMs, lastBeat: Date.now() });
      return () => {
        const worker = workers.get(name);
        if (worker) worker.lastBeat = Date.now();
      };
    },
    unregister(name: string): void {
      workers.delete(name);
    },
    report(now = Date.now()) {
      return [...workers].map(([name, worker]) => ({
        name,
        last_beat: new Date(worker.lastBeat).toISOString(),
        healthy: now - worker.lastBeat <= worker.maxSilenceMs,
      }));
    },
  };
}

export type Heartbeats = ReturnType<typeof createHeartbeats>;
