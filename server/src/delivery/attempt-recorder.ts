// Records attempt results as soon as their answer is in, group-committed:
// whatever finished while the transactions were busy goes into the next one.
// Under load that keeps the crash-duplicate window (answer → commit) short
// instead of letting single-row transactions queue for the connection.
import type { Db, Logger } from '../platform/index.ts';
import { recordAttempts, type AttemptRecord } from './outbox.service.ts';
import type { DeliveryCounters, DeliveryOutcome, OutcomeFollowUp, OutcomeHandler } from './delivery.types.ts';
import { finishOutcomes } from './outcome-follow-up.ts';
import { deliveryTables, type OutboxRow } from './tables.ts';

interface Pending {
  row: OutboxRow;
  attempt: AttemptRecord;
  outcome: DeliveryOutcome | null;
  answeredAt: number;
  resolve(row: OutboxRow | null): void;
  reject(error: unknown): void;
}

type RecordWindow = DeliveryCounters['recordWindowMs'];

// Small batches, a few at once: a batch runs the outcome handler row by row, so its size bounds the window.
const maxBatch = 100;
const maxConcurrentFlushes = 2;
const maxTries = 8;

export type AttemptRecorder = ReturnType<typeof createAttemptRecorder>;

export function createAttemptRecorder(deps: {
  db: Db;
  instanceId: string;
  logger: Logger;
  onOutcome: OutcomeHandler;
  window: RecordWindow;
  isRunning(): boolean;
}) {
  const pending: Pending[] = [];
  let flushers = 0;

  async function flushAll(): Promise<void> {
    flushers++;
    try {
      while (pending.length > 0) await flush(pending.splice(0, maxBatch));
    } finally {
      flushers--;
    }
  }

  async function flush(batch: Pending[]): Promise<void> {
    // Rows whose outcome handler threw: recorded without it rather than not at all.
    const silenced = new Set<number>();
    for (let tries = 0; ; tries++) {
      const failure: { rowId: number | null } = { rowId: null };
      try {
        const afterCommit: Array<() => void> = [];
        const updated = await deps.db.transaction().execute((trx) => recordBatch(trx, batch, silenced, failure, afterCommit));
        for (const task of afterCommit) task();
        settle(batch, updated);
        return;
      } catch (error) {
        if (failure.rowId !== null) {
          deps.logger.error(
            { err: error, outbox_id: failure.rowId },
            'delivery: the outcome handler failed; recording the attempt without it',
          );
          silenced.add(failure.rowId);
          continue;
        }
        if (tries + 1 >= maxTries || !deps.isRunning()) {
          for (const item of batch) item.reject(error);
          return;
        }
        deps.logger.warn({ err: error, rows: batch.length }, 'delivery: recording attempts failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** tries));
      }
    }
  }

  async function recordBatch(
    trx: Db,
    batch: Pending[],
    silenced: Set<number>,
    failure: { rowId: number | null },
    afterCommit: Array<() => void>,
  ) {
    const updated = await recordAttempts(
      deliveryTables(trx),
      deps.instanceId,
      batch.map((item) => ({ row: item.row, attempt: item.attempt })),
    );
    // Rows in id order, so two concurrent batches lock their messages in the same order.
    const followUps: Array<void | OutcomeFollowUp> = [];
    for (const item of [...batch].sort((a, b) => a.row.id - b.row.id)) {
      const row = updated.get(item.row.id);
      if (!row || !item.outcome || silenced.has(row.id)) continue;
      try {
        followUps.push(await deps.onOutcome(trx, row, item.outcome));
      } catch (error) {
        failure.rowId = row.id;
        throw error;
      }
    }
    afterCommit.push(...(await finishOutcomes(followUps)));
    return updated;
  }

  function settle(batch: Pending[], updated: Map<number, OutboxRow>): void {
    const now = Date.now();
    for (const item of batch) {
      const elapsed = now - item.answeredAt;
      deps.window.count++;
      deps.window.total += elapsed;
      deps.window.max = Math.max(deps.window.max, elapsed);
      item.resolve(updated.get(item.row.id) ?? null);
    }
  }

  return {
    /** Resolves with the updated row once committed; null when another instance had taken the row over. */
    record(row: OutboxRow, attempt: AttemptRecord, outcome: DeliveryOutcome | null): Promise<OutboxRow | null> {
      return new Promise((resolve, reject) => {
        pending.push({ row, attempt, outcome, answeredAt: Date.now(), resolve, reject });
        if (flushers < maxConcurrentFlushes) void flushAll();
      });
    },
  };
}
