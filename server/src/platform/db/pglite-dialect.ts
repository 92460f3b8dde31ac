import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite } from '@electric-sql/pglite';
import { PGliteAdapter, PGliteDialect, type DatabaseConnection, type DialectAdapter, type Driver } from 'kysely';

const urgent = new AsyncLocalStorage<true>();

/**
 * Queries made inside `fn` go before queued ordinary ones on the embedded
 * engine's single connection (a webhook's journal INSERT must not wait behind
 * every transaction of the intake). No effect on PostgreSQL, which has a pool.
 */
export function withUrgentConnection<T>(fn: () => Promise<T>): Promise<T> {
  return urgent.run(true, fn);
}

/**
 * PGlite has one connection. Kysely's own dialect queues callers forever, so a
 * query made on the outer handle inside a transaction deadlocks silently; this
 * dialect queues them with a deadline and names the likely cause instead.
 */
export function createPgliteDialect(pglite: PGlite, waitTimeoutMs: number): PGliteDialect {
  return new TimedPgliteDialect({ pglite }, waitTimeoutMs);
}

class SharedConnectionAdapter extends PGliteAdapter {
  // The driver below serialises access itself, with a deadline.
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

class TimedPgliteDialect extends PGliteDialect {
  readonly #waitTimeoutMs: number;
  constructor(config: ConstructorParameters<typeof PGliteDialect>[0], waitTimeoutMs: number) {
    super(config);
    this.#waitTimeoutMs = waitTimeoutMs;
  }
  override createAdapter(): DialectAdapter {
    return new SharedConnectionAdapter();
  }
  override createDriver(): Driver {
    return serialiseDriver(super.createDriver(), this.#waitTimeoutMs);
  }
}

function serialiseDriver(inner: Driver, waitTimeoutMs: number): Driver {
  const queue: Array<{ grant: () => void; urgent: boolean }> = [];
  let busy = false;
  const grantNext = () => {
    const next = queue.shift();
    if (next) next.grant();
    else busy = false;
  };
  const release = () => {
    if (queue.length === 0) return void (busy = false);
    // PGlite runs on this thread and its queries resolve as microtasks: handing the connection straight on
    // would chain queued transactions without ever reading a socket. Let I/O in first (a webhook to
    // acknowledge then queues ahead, as urgent), then grant.
    setImmediate(grantNext);
  };
  const acquire = () =>
    new Promise<void>((resolve, reject) => {
      const isUrgent = urgent.getStore() === true;
      if (!busy && isUrgent) {
        busy = true;
        resolve();
        return;
      }
      const waiter = { grant: () => (clearTimeout(timer), resolve()), urgent: isUrgent };
      const timer =
        waitTimeoutMs > 0
          ? setTimeout(() => {
              queue.splice(queue.indexOf(waiter), 1);
              reject(
                new Error(
                  `Waited ${waitTimeoutMs} ms for the embedded database connection. A query on the outer db handle ` +
                    'inside a transaction deadlocks PGlite: pass the transaction handle instead.',
                ),
              );
            }, waitTimeoutMs)
          : undefined;
      // Urgent waiters go after the urgent ones already waiting, before every ordinary one.
      const firstOrdinary = waiter.urgent ? queue.findIndex((item) => !item.urgent) : -1;
      if (firstOrdinary === -1) queue.push(waiter);
      else queue.splice(firstOrdinary, 0, waiter);
      // Even a free connection makes an ordinary caller yield once, for the same reason as release(): a
      // drain that starts its next transaction straight after the last would otherwise never let a socket be read.
      if (!busy) {
        busy = true;
        setImmediate(grantNext);
      }
    });
  return {
    init: (options) => inner.init(options),
    async acquireConnection(options): Promise<DatabaseConnection> {
      await acquire();
      try {
        return await inner.acquireConnection(options);
      } catch (error) {
        release();
        throw error;
      }
    },
    async releaseConnection(connection, options) {
      try {
        await inner.releaseConnection(connection, options);
      } finally {
        release();
      }
    },
    beginTransaction: (connection, settings) => inner.beginTransaction(connection, settings),
    commitTransaction: (connection) => inner.commitTransaction(connection),
    rollbackTransaction: (connection) => inner.rollbackTransaction(connection),
    savepoint: inner.savepoint?.bind(inner),
    rollbackToSavepoint: inner.rollbackToSavepoint?.bind(inner),
    releaseSavepoint: inner.releaseSavepoint?.bind(inner),
    destroy: () => inner.destroy(),
  };
}
