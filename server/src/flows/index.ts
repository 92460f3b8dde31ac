// App flows (issue 15 item 3): the neutral runtime between channels and apps.
// It imports the channel contracts and the inbox; apps reach it through apps/app.ts.
import type { ChannelAdapter, ChannelRecord } from '../channels/channel.ts';
import type { Visibility } from '../inbox/index.ts';
import type { Db, HttpApp, Logger, QueueDefinition } from '../platform/index.ts';
import type { AppFlows } from './app-flows.ts';
import { createFlowRuntime } from './flow-runtime.ts';
import { registerFlowRoutes } from './flows.routes.ts';
import { deleteMenusOlderThan } from './menus.store.ts';
import { createOperatorControl } from './operator-control.ts';

export type { AppFlows, FlowContext, FlowLanguage, StepContext, StepOutcome, WizardDefinition, WizardStep } from './app-flows.ts';
export { defineWizard } from './app-flows.ts';
export { defaultWelcomeText, flowLanguageOf } from './texts.ts';
export type { FlowTables } from './tables.ts';

export interface FlowsOptions {
  db: Db;
  logger: Logger;
  adapterFor(kind: string): ChannelAdapter;
  channels: { get(channelId: number): Promise<ChannelRecord | null> };
  apps: Array<{ name: string; flows: AppFlows; always?: boolean }>;
  now?: () => Date;
}

/** Menus older than this no longer resolve (their buttons answer "out of date"). */
const menuRetentionDays = 30;

export function createFlows(options: FlowsOptions) {
  const runtime = createFlowRuntime(options);
  const control = createOperatorControl({ db: options.db, runtime, channels: options.channels });
  const queues: QueueDefinition<never>[] = [
    { name: 'flows-expire', cron: '* * * * *', work: { handle: async () => void (await runtime.expireSessions()) } },
    {
      name: 'flows-menus-cleanup',
      cron: '37 3 * * *',
      work: { handle: () => deleteMenusOlderThan(options.db, menuRetentionDays, runtime.now()) },
    },
  ];
  return {
    /** Where channels hand neutral events (their `dispatch`). */
    sink: runtime.sink,
    runtime,
    control,
    queues,
    registerRoutes: (app: HttpApp, visibility: Visibility) => registerFlowRoutes(app, { db: options.db, visibility, control }),
  };
}

export type Flows = ReturnType<typeof createFlows>;
