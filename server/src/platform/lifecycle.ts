// Start and stop for the composition root: each part starts in order and
// registers how it stops; stopping runs in reverse order, every stop runs even
// when one fails, and a failed start stops what had started.

export interface Lifecycle {
  /**
   * Starts a part and remembers its stop. `start`'s value is returned and handed to `stop`.
   * A part without a stop (plain construction) needs no entry: build it directly.
   */
  add<T>(name: string, start: () => T | Promise<T>, stop: (value: T) => unknown): Promise<T>;
  /** Starts a part that has its own `start` and `stop`. */
  startPart(name: string, part: { start(): unknown; stop(): unknown }): Promise<void>;
  /** Remembers a stop for something already running (a listener, a subscription). */
  onStop(name: string, stop: () => unknown): void;
  /** Stops everything started, newest first; throws the failure (or an AggregateError of several) after all ran. */
  stop(): Promise<void>;
  /** Names of the parts running, oldest first (for logs and tests). */
  running(): string[];
}

export function createLifecycle(): Lifecycle {
  const started: Array<{ name: string; stop: () => unknown }> = [];
  let stopping: Promise<void> | undefined;

  async function stopAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const part of started.splice(0).reverse()) {
      try {
        await part.stop();
      } catch (error) {
        failures.push(Object.assign(error instanceof Error ? error : new Error(String(error)), { part: part.name }));
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1)
      throw new AggregateError(
        failures,
        `Several parts failed to stop: ${failures.map((each) => (each as { part: string }).part).join(', ')}`,
      );
  }

  return {
    async add(name, start, stop) {
      if (stopping) throw new Error(`Cannot start ${name}: the server is stopping.`);
      const value = await start();
      started.push({ name, stop: () => stop(value) });
      return value;
    },
    async startPart(name, part) {
      await this.add(
        name,
        () => part.start(),
        () => part.stop(),
      );
    },
    onStop(name, stop) {
      started.push({ name, stop });
    },
    // A second call waits for the first: SIGTERM during a test's stop must not stop anything twice.
    stop: () => (stopping ??= stopAll().finally(() => (stopping = undefined))),
    running: () => started.map((part) => part.name),
  };
}
