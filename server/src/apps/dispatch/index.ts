// Field dispatch with AmoCRM (issue 18, seed 003): deals become measurement jobs the crew runs from Telegram.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unprocessable } from '../../platform/index.ts';
import type { AppDefinition } from '../app.ts';
import { createAmocrmAccess } from './amocrm-access.ts';
import { webhookSecretOf } from './amocrm-connection.ts';
import { registerOauthRoutes } from './amocrm-oauth.routes.ts';
import { registerBoardRoutes } from './board.routes.ts';
import { registerCalendarRoutes } from './calendar.routes.ts';
import { createCalendarFeeds } from './calendar.service.ts';
import { createCrewService } from './crew.service.ts';
import { createDispatchFlows } from './dispatch.flows.ts';
import { registerDispatchRoutes } from './dispatch.routes.ts';
import { dispatchBusinessStarts, dispatchSettingsSchema, type DispatchSettings } from './dispatch.settings.ts';
import { createExtraActions } from './extras.flows.ts';
import { registerJobExtrasRoutes } from './job-extras.routes.ts';
import { registerJobUploadRoute } from './job-upload.routes.ts';
import { createFilesWizard, createJobFiles } from './job-files.ts';
import { createJobExtras } from './job-extras.service.ts';
import { createJobService } from './jobs.service.ts';
import { createLifecycle, jobChangedEvent } from './lifecycle.ts';
import { createNotifier } from './notifier.ts';
import { registerStatsRoutes } from './stats.routes.ts';
import { createReminders, remindersQueue } from './reminders.ts';
import { createSyncService, writeBackQueue } from './sync.service.ts';
import type { DispatchTables } from './tables.ts';
import { contactQueue, leadQueue, registerWebhookRoute, type LeadEventJob } from './webhook.ts';

/** Events wait through an AmoCRM outage or a re-authorisation: pg-boss retries them for about a day. */
const retries = { retryLimit: 30, retryDelay: 30, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 300 };

const dispatchCore: AppDefinition<DispatchTables, DispatchSettings> = {
  name: 'dispatch',
  migrationsDirectory: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  settings: dispatchSettingsSchema,
  businessStarts: dispatchBusinessStarts,
  create(context) {
    const db = context.ownTables;
    const amocrm = createAmocrmAccess(context, db);
    const crew = createCrewService(db);
    const jobs = createJobService({
      db,
      notifier: createNotifier(context),
      writeBackEnabled: async () => (await context.settings.read()).completed_status_id !== null,
    });
    const lifecycle = createLifecycle(jobs, context);
    const extras = createJobExtras(context);
    const feeds = createCalendarFeeds(db);
    const files = createJobFiles(context);
    const sync = createSyncService({
      client: async () => (await amocrm())?.client ?? null,
      jobs,
      settings: () => context.settings.read(),
      logger: context.logger,
    });
    return {
      flows: {
        ...createDispatchFlows({ crew, lifecycle, context, extraActions: createExtraActions({ context, crew, extras, feeds, files }) }),
        wizards: [createFilesWizard({ context, crew, files })],
      },
      registerRoutes(app) {
        registerWebhookRoute(app, context, webhookSecretOf(context.environment));
        registerDispatchRoutes(app, { context, crew });
        registerOauthRoutes(app, { context, amocrm });
        registerBoardRoutes(app, { context, crew, jobs, lifecycle });
        registerJobExtrasRoutes(app, { context, extras, files });
        registerJobUploadRoute(app, { context, files });
        registerStatsRoutes(app, { context, crew });
        registerCalendarRoutes(app, { context, crew, feeds });
      },
      queues: [
        {
          name: leadQueue,
          options: retries,
          work: {
            // A batch per fetch: one job per poll would cap a burst of hooks at a few a second.
            options: { pollingIntervalSeconds: 0.5, localConcurrency: 2, batchSize: 10, burstWhenBatchFull: true },
            handle: async (batch) => {
              for (const job of batch) await sync.handleLeadEvent(job.data);
              // Jobs a deal created, refreshed or cancelled: staff boards reload (one event per batch, not per deal).
              await context.staff.announce(jobChangedEvent, {
                job_id: null,
                action: 'amocrm',
                lead_ids: batch.map((job) => (job.data as LeadEventJob).leadId),
              });
            },
          },
        },
        {
          name: contactQueue,
          options: retries,
          work: {
            options: { pollingIntervalSeconds: 0.5, batchSize: 10 },
            handle: async (batch) => {
              const changed: number[] = [];
              for (const job of batch) changed.push(...(await sync.handleContactEvent(job.data)));
              for (const jobId of changed) await context.staff.announce(jobChangedEvent, { job_id: jobId, action: 'contact' });
            },
          },
        },
        {
          name: writeBackQueue,
          options: retries,
          work: {
            options: { pollingIntervalSeconds: 1 },
            handle: async (batch) => {
              for (const job of batch) await sync.writeBack((job.data as { jobId: number }).jobId);
            },
          },
        },
      ],
      async checkSettings(next) {
        if (next.channel_id && !(await context.channels.get(next.channel_id)))
          throw unprocessable(`There is no bot with id ${next.channel_id}; pick one from GET /api/accounts.`, 'unknown_bot');
        if (next.status_ids.length > 0 && next.pipeline_id === null)
          throw unprocessable('Statuses belong to a pipeline: choose the pipeline too (pipeline_id).', 'invalid_value');
      },
    };
  },
};

/** What a test reaches beyond HTTP and the bot: the reminders sweep, run at the test's clock. */
export interface DispatchHandles {
  sweepReminders(): Promise<number>;
}

/** Dispatch with its scheduled reminders (issue 19) on a clock tests may drive. */
export function createDispatchApp(
  options: { clock?: () => Date; expose?: (handles: DispatchHandles) => void } = {},
): AppDefinition<DispatchTables, DispatchSettings> {
  const clock = options.clock ?? (() => new Date());
  return {
    ...dispatchCore,
    create(context) {
      const app = dispatchCore.create(context);
      const reminders = createReminders(context, clock);
      options.expose?.({ sweepReminders: reminders.sweep });
      const sweep = { name: remindersQueue, cron: '* * * * *', work: { handle: async () => void (await reminders.sweep()) } };
      return { ...app, queues: [...(app.queues ?? []), sweep] };
    },
  };
}

export const dispatchApp = createDispatchApp();
