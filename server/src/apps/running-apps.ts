// Builds the apps main.ts runs: each gets its own tables, its settings and the
// ports (apps/app.ts); what an app provides is handed to the apps after it that use it.
import type { z } from 'zod';
import { ConfigError, createAppSettings, type AppSettingsStore, type Db, type Logger, type QueueDefinition } from '../platform/index.ts';
import type { AnyAppDefinition, AppContext, ProvidedPorts, SwitchboardApp } from './app.ts';
import { createBusinessStartsPort, templatesGap, type DeclaredTemplates, type TemplatesGap } from './business-starts.ts';
import { createSegmentFieldsPort, type NamedSource } from './segment-fields.ts';
import type { SettingsEntry } from './settings.routes.ts';

/** The parts of AppContext every app shares; main.ts builds them from the parts that own the data. */
export type SharedPorts = Omit<
  AppContext,
  'ownTables' | 'logger' | 'settings' | 'files' | 'jobs' | 'provided' | 'businessStarts' | 'segmentFields'
> & {
  files: { portFor(app: string): AppContext['files'] };
  jobs: AppContext['jobs'];
};

export interface RunningApp {
  definition: AnyAppDefinition;
  app: SwitchboardApp;
  settings?: AppSettingsStore<unknown>;
}

export function createApps(options: {
  definitions: readonly AnyAppDefinition[];
  /** The one database handle; each app sees it typed to its own tables. */
  database: Db;
  logger: Logger;
  ports: SharedPorts;
}) {
  const provided: Partial<ProvidedPorts> = {};
  // Read when a segment is counted, after every app was created: the contacts' attributes, then each app's fields.
  const segmentFields = createSegmentFieldsPort(() => [
    { prefix: 'attribute', source: options.ports.contacts.attributes },
    ...running.flatMap(({ definition, app }): NamedSource[] =>
      app.segmentFields ? [{ prefix: definition.name, source: app.segmentFields }] : [],
    ),
  ]);
  const running: RunningApp[] = options.definitions.map((definition, index) => {
    for (const used of definition.uses ?? []) {
      const position = options.definitions.findIndex((each) => each.name === used);
      if (position > index)
        throw new ConfigError(`The app ${definition.name} uses ${used}, which must come before it in appDefinitions (compose/apps.ts).`);
    }
    const logger = options.logger.child({ app: definition.name });
    const settings = definition.settings
      ? createAppSettings({
          db: options.database,
          app: definition.name,
          schema: definition.settings,
          logger,
          secretBox: options.ports.secretBox,
        })
      : undefined;
    if (definition.businessStarts && !(definition.settings as z.ZodObject | undefined)?.shape?.message_templates)
      throw new ConfigError(
        `The app ${definition.name} declares businessStarts but no message_templates setting (messageTemplatesSetting).`,
      );
    const declared = async (trx?: object) =>
      ((await settings!.read(trx as Db | undefined)) as { message_templates: DeclaredTemplates }).message_templates;
    const app = definition.create({
      ...options.ports,
      businessStarts: createBusinessStartsPort({ app: definition.name, purposes: definition.businessStarts, declared }),
      ownTables: options.database,
      segmentFields,
      logger,
      settings: settings ?? noSettings(definition.name),
      files: options.ports.files.portFor(definition.name),
      jobs: ownQueuesOnly(definition.name, options.ports.jobs),
      provided: Object.fromEntries((definition.uses ?? []).flatMap((name) => (provided[name] ? [[name, provided[name]]] : []))),
    });
    Object.assign(provided, app.provides ?? {});
    return { definition, app, settings };
  });

  /** Each app's purposes without a declared template, with the accounts running it that need templates. */
  async function templatesGaps(): Promise<TemplatesGap[]> {
    const channels = await options.ports.channels.list();
    const gaps: TemplatesGap[] = [];
    for (const { definition, settings } of running) {
      if (!definition.businessStarts || !settings) continue;
      const declared = ((await settings.read()) as { message_templates: DeclaredTemplates }).message_templates;
      const gap = templatesGap(definition.name, definition.businessStarts, declared, channels);
      if (gap) gaps.push(gap);
    }
    return gaps;
  }

  return {
    running,
    queues: running.flatMap<QueueDefinition<never>>(({ app }) => app.queues ?? []),
    flows: running.flatMap(({ definition, app }) => (app.flows ? [{ name: definition.name, flows: app.flows }] : [])),
    roles: running.flatMap(({ definition }) => definition.roles ?? []),
    settingsEntries: running.flatMap(({ definition, app, settings }): SettingsEntry[] =>
      settings
        ? [
            {
              app: definition.name,
              schema: definition.settings as z.ZodObject,
              store: settings as AppSettingsStore<Record<string, unknown>>,
              check: app.checkSettings,
            },
          ]
        : [],
    ),
    templatesGaps,
    async start(): Promise<void> {
      for (const { settings, app } of running) {
        await settings?.validateAtStart();
        await app.start?.();
      }
      // Said once at start too; system health (/api/system/status) keeps saying it until templates are declared.
      for (const gap of await templatesGaps().catch(() => []))
        options.logger.warn(
          { app: gap.app, purposes: gap.purposes_without_template, channel_ids: gap.accounts.map((account) => account.id) },
          `${gap.app}: ${gap.accounts.map((account) => `account “${account.name}”`).join(', ')} take${gap.accounts.length === 1 ? 's' : ''} messages the app starts only as approved templates outside the reply window, and no template is declared for ${gap.purposes_without_template.join(', ')} (settings message_templates): those go there only while the window is open`,
        );
    },
    async stop(): Promise<void> {
      for (const { app } of [...running].reverse()) await app.stop?.();
    },
  };
}

function noSettings(app: string): AppContext['settings'] {
  const refuse = async (): Promise<never> => {
    throw new Error(`The app ${app} declares no settings (AppDefinition.settings).`);
  };
  return { read: refuse, write: refuse };
}

/** An app sends only to its own queues (named after it), so it cannot start another part's jobs. */
function ownQueuesOnly(app: string, jobs: AppContext['jobs']): AppContext['jobs'] {
  return {
    async send(queue, data, sendOptions) {
      if (!queue.startsWith(`${app}-`)) throw new Error(`The app ${app} may send only to its own queues (${app}-…), not ${queue}.`);
      return jobs.send(queue, data, sendOptions);
    },
  };
}
