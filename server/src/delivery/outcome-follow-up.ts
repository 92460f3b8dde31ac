// Running what outcome handlers leave for the end of their transaction and for after its commit.
import type { OutcomeFollowUp } from './delivery.types.ts';

/** Runs every follow-up's end-of-transaction step, in order, inside the transaction; returns the after-commit work. */
export async function finishOutcomes(followUps: Array<void | OutcomeFollowUp>): Promise<Array<() => void>> {
  const afterCommit: Array<() => void> = [];
  for (const followUp of followUps) {
    if (!followUp) continue;
    const task = await followUp.atEnd?.();
    if (task) afterCommit.push(task);
    if (followUp.afterCommit) afterCommit.push(followUp.afterCommit);
  }
  return afterCommit;
}

/** One follow-up doing the work of several (one row's outcome seen by several owners). */
export function combineFollowUps(followUps: Array<void | OutcomeFollowUp>): OutcomeFollowUp {
  return {
    atEnd: async () => {
      const tasks = await finishOutcomes(followUps);
      return () => tasks.forEach((task) => task());
    },
  };
}
