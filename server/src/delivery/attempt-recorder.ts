// Records attempt results as soon as their answer is in, group-committed:
// whatever finished while the transactions were busy goes into the next one.
// Under load that keeps the crash-duplicate window (answer → commit) short
// instead of letting single-row transactions queue for the connection.
import type { Db, Logger } from '../platform/index.ts';
import { recordAttempts, type AttemptRecord } from './outbox-attempts.ts';
import type { DeliveryCounters, DeliveryOutcome, OutcomeFollowUp, OutcomeHandler, RowOutcome } from './delivery.types.ts';
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

/** How a batch's outcome handler is called: once for the batch, or row by row after a failure (to find the row). */
interface Handling {
  perRow: boolean;
  silenced: Set<number>;
  failedRowId: number | null;
  failedBatch: boolean;
}

// Batches of up to 100, two at once: the outcome handler takes a batch in a few multi-row statements.
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
    // The outcome handler sees the whole batch at once; when it throws, the batch is recorded again with it called
    // row by row, and rows whose handler throws are recorded without it rather than not at all.
    const handling: Handling = { perRow: false, silenced: new Set(), failedRowId: null, failedBatch: false };
    for (let tries = 0; ; tries++) {
      handling.failedRowId = null;
      handling.failedBatch = false;
      try {
        const afterCommit: Array<() => void> = [];
        const updated = await deps.db.transaction().execute((trx) => recordBatch(trx, batch, handling, afterCommit));
        for (const task of afterCommit) task();
        settle(batch, updated);
        return;
      } catch (error) {
        if (handling.failedBatch) {
          deps.logger.warn({ err: error, rows: batch.length }, 'delivery: the outcome handler failed on a batch; recording row by row');
          handling.perRow = true;
          continue;
        }
        if (handling.failedRowId !== null) {
          deps.logger.error(
            { err: error, outbox_id: handling.failedRowId },
            'delivery: the outcome handler failed; recording the attempt without it',
          );
          handling.silenced.add(handling.failedRowId);
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

  async function recordBatch(trx: Db, batch: Pending[], handling: Handling, afterCommit: Array<() => void>) {
    const updated = await recordAttempts(
      deliveryTables(trx),
      deps.instanceId,
      batch.map((item) => ({ row: item.row, attempt: item.attempt })),
    );
    // Rows in id order, so two concurrent batches lock their messages in the same order.
    const outcomes: RowOutcome[] = [];
    for (const item of [...batch].sort((a, b) => a.row.id - b.row.id)) {
      const row = updated.get(item.row.id);
      if (row && item.outcome && !handling.silenced.has(row.id)) outcomes.push({ row, outcome: item.outcome });
    }
    const followUps: Array<void | OutcomeFollowUp> = [];
    if (!handling.perRow && outcomes.length > 0) {
      try {
        followUps.push(await deps.onOutcome(trx, outcomes));
      } catch (error) {
        handling.failedBatch = outcomes.length > 1;
        if (outcomes.length === 1) handling.failedRowId = outcomes[0]!.row.id;
        throw error;
      }
    } else {
      for (const each of outcomes) {
        try {
          followUps.push(await deps.onOutcome(trx, [each]));
        } catch (error) {
          handling.failedRowId = each.row.id;
          throw error;
        }
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
