import type { PGlite } from '@electric-sql/pglite';
import { PGliteAdapter, PGliteDialect, type DatabaseConnection, type DialectAdapter, type Driver } from 'kysely';

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
  const queue: Array<{ grant: () => void }> = [];
  let busy = false;
  const release = () => {
    const next = queue.shift();
    if (next) next.grant();
    else busy = false;
  };
  const acquire = () =>
    new Promise<void>((resolve, reject) => {
      if (!busy) {
        busy = true;
        resolve();
        return;
      }
      const waiter = { grant: () => (clearTimeout(timer), resolve()) };
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
      queue.push(waiter);
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
