// One answer to a wizard's current step, written with the version it read:
// when another instance (or a redelivered update) moved the step first, the
// write is refused and nothing is sent, so no step is ever applied twice.
import type { FlowEvent, FlowReply } from '../channels/flows.ts';
import type { Db } from '../platform/index.ts';
import type { StepContext, WizardDefinition, WizardStep } from './app-flows.ts';
import { advanceSession, endSession, type FlowSession } from './sessions.store.ts';

export async function runWizardStep(input: {
  db: Db;
  session: FlowSession;
  wizard: WizardDefinition;
  step: WizardStep<unknown>;
  base: Omit<StepContext<unknown>, 'data'>;
  event: FlowEvent;
  now: Date;
}): Promise<FlowReply[] | 'conflict'> {
  const { db, session, wizard, step, base, now } = input;
  const outcome = await step.answer({ ...base, data: session.data, event: input.event });
  const expiresAt = new Date(now.getTime() + wizard.timeoutMs);
  if ('finish' in outcome) return (await endSession(db, session)) ? outcome.finish : 'conflict';
  if ('stay' in outcome) {
    const moved = await advanceSession(db, session, { step: session.step, data: outcome.data ?? session.data, now, expiresAt });
    return moved ? outcome.stay : 'conflict';
  }
  const next = wizard.steps[outcome.next];
  if (!next) throw new Error(`Wizard ${wizard.name}: step "${session.step}" leads to "${outcome.next}", which it does not have.`);
  const data = outcome.data ?? session.data;
  if (!(await advanceSession(db, session, { step: outcome.next, data, now, expiresAt }))) return 'conflict';
  return [...(outcome.replies ?? []), ...next.prompt({ ...base, data })];
}
