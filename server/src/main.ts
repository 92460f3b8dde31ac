import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createAppFiles,
  createAuth,
  createHeartbeats,
  createLifecycle,
  createLogger,
  createRealtimeHub,
  createWakeupSignal,
  doesWork,
  registerInstance,
  startJobs,
  withClusterLock,
  type Config,
  type MigrationSource,
  type SecretPattern,
} from './platform/index.ts';
import type { AnyAppDefinition } from './apps/app.ts';
import type { AnyChannelModule } from './channels/module.ts';
import { createChannelRegistry } from './channels/registry.service.ts';
import { appMigrationSources, buildApps, enabledApps } from './compose/apps.ts';
import {
  buildChannelModules,
  builtInSecretPatterns,
  channelMigrationFolders,
  channelModuleContext,
  type ChannelModuleContext,
} from './compose/channel-modules.ts';
import { runFromCommandLine } from './compose/command-line.ts';
import { createForward } from './compose/forward.ts';
import { linkInbox } from './compose/inbox-links.ts';
import { openPlatform } from './compose/platform.ts';
import type { DeliveryLimits } from './delivery/index.ts';
import { createFlows } from './flows/index.ts';
import { createDomainEvents, createStaffPort } from './inbox/app-ports.ts';
import { startHttp } from './http-surface.ts';
import { createMessaging } from './messaging.ts';
import { announceStart, explainListenError, resolveLogFormat } from './platform/startup-console.ts';
import { deleteProcessedOlderThan, listenForJournaledChats, loadEvents } from './inbox/index.ts';

export { appDefinitions } from './compose/apps.ts';
export type { ChannelModuleContext } from './compose/channel-modules.ts';

const serverRoot = path.dirname(fileURLToPath(import.meta.url));
const version = (JSON.parse(fs.readFileSync(path.join(serverRoot, '../../package.json'), 'utf8')) as { version: string }).version;

/** Every module's migrations, in dependency order; apps' schemas exist even when an app is switched off. */
export const migrationSources: MigrationSource[] = [
  ...['platform/db', 'channels', 'inbox', 'delivery', 'flows'].map((folder) => ({
    module: folder.split('/')[0]!,
    directory: path.join(serverRoot, folder, 'migrations'),
  })),
  ...channelMigrationFolders.map((folder) => ({
    module: `channels/${folder}`,
    directory: path.join(serverRoot, 'channels', folder, 'migrations'),
  })),
  ...appMigrationSources(),
];

export interface StartOptions {
  /** Where logs go (default stdout). */
  logDestination?: NodeJS.WritableStream;
  /** More channel modules to run beside the built-in ones (tests plug a test-only channel in here). */
  extraChannelModules?: (context: ChannelModuleContext) => AnyChannelModule[];
  /** Apps to run instead of the configured ones (a test plugs in an app of its own). */
  apps?: AnyAppDefinition[];
  /** The clock app flows read for their timeouts, and snoozes end by (tests drive their own). */
  clock?: () => Date;
  /** Delivery's knobs (a test shortens the retry policy's backoff). */
  deliveryLimits?: Partial<DeliveryLimits>;
}

/**
 * Builds and starts every piece, in dependency order, each registering how it
 * stops; `stop` runs those in reverse. Calls that point forward (a channel
 * module handing events to the flows built after it, apps queueing jobs) go
 * through `forward` (compose/forward.ts), set as each part is built: they run
 * only once everything has started, since apps and channels start last.
 */
export async function startSwitchboard(config: Config, options: StartOptions = {}) {
  const startedAt = new Date();
  // The channel modules' secret shapes are masked in every log line; modules built later add theirs to this same list.
  const secretPatterns: SecretPattern[] = [...builtInSecretPatterns];
  const logFormat = resolveLogFormat(config.LOG_FORMAT, options.logDestination ?? process.stdout);
  const logger = createLogger({ level: config.LOG_LEVEL, destination: options.logDestination, secrets: secretPatterns, format: logFormat });
  const lifecycle = createLifecycle();
  try {
    const { appSecret, secretBox, database } = await openPlatform({ config, lifecycle, logger, migrationSources });
    // SWITCHBOARD_ROLE: web instances answer people (HTTP, webhooks, WebSockets), workers do the work behind them.
    const { SWITCHBOARD_ROLE: role } = config;
    const works = doesWork(role);
    const intakeSignal = createWakeupSignal(database, 'switchboard_intake');
    const outboxSignal = createWakeupSignal(database, 'switchboard_outbox');

    const heartbeats = createHeartbeats();
    const instance = await lifecycle.add(
      'instance',
      () => registerInstance({ db: database.db, logger, heartbeats, exclusive: database.engine === 'pglite' }),
      (registered) => registered.stop(),
    );
    const hub = createRealtimeHub({ database, instanceId: instance.id, logger, loadEvents: (seqs) => loadEvents(database.db, seqs) });
    await lifecycle.startPart('realtime hub', hub);
    // Live word to staff (apps' announcements, accounts' alerts to admins), recorded like the inbox's events.
    const staff = createStaffPort(database.db, hub);
    const domainEvents = createDomainEvents({ hub, logger: logger.child({ module: 'domain-events' }) });
    await lifecycle.startPart('domain events', domainEvents);

    // Channel modules: built first, since everything else asks them for adapters, limits and names.
    const forward = createForward();
    const moduleContext = channelModuleContext({
      forward,
      logger,
      db: database.db,
      secretBox,
      instanceId: instance.id,
      announce: (type, payload, audience) => staff.announce(type, payload, audience),
    });
    const {
      modules,
      defaultKind,
      queues: moduleQueues,
    } = buildChannelModules({
      config,
      context: moduleContext,
      forward,
      clock: options.clock,
      extra: options.extraChannelModules,
    });
    for (const module of modules.list())
      if (module.secrets && !secretPatterns.includes(module.secrets)) secretPatterns.push(module.secrets);
    const registry = forward.set(
      'registry',
      createChannelRegistry({ db: database.db, secretBox, modules, logger, instanceId: instance.id, polls: works }),
    );
    const channels = { get: (channelId: number) => registry.get(channelId) };

    const messaging = forward.set(
      'messaging',
      createMessaging({
        config,
        database,
        logger,
        hub,
        heartbeats,
        instanceId: instance.id,
        works,
        modules,
        channels,
        accountStatus: (channelId, status, detail) => registry.setStatus(channelId, status, detail),
        signals: { intake: intakeSignal, outbox: outboxSignal },
        clock: options.clock,
        deliveryLimits: options.deliveryLimits,
      }),
    );
    const { media, inbox, delivery, cascades, wakeDelivery, intake, intakeSink, adapterFor } = messaging;
    lifecycle.onStop('inbox policy cache', () => inbox.visibility.stop());

    const appFiles = createAppFiles({ dir: config.mediaDir, appSecret });
    const apps = buildApps({
      definitions: options.apps ?? enabledApps(config),
      config,
      db: database.db,
      logger,
      secretBox,
      hub,
      staff,
      domainEvents,
      messaging,
      registry,
      modules,
      defaultKind,
      appFiles,
      forward,
    });
    const flows = forward.set(
      'flows',
      createFlows({
        db: database.db,
        logger: logger.child({ module: 'flows' }),
        adapterFor,
        channels,
        now: options.clock,
        // The inbox's own handler first, on every channel: a CSAT answer is never an app's.
        apps: [{ name: 'inbox', always: true, flows: { handle: (context) => inbox.csat.handle(context) } }, ...apps.flows],
      }),
    );
    linkInbox({ inbox, channels, modules, flows, domainEvents });

    const jobs = await lifecycle.add(
      'jobs',
      () =>
        startJobs({
          database,
          logger,
          work: works,
          queues: [
            ...media.queues,
            ...apps.queues,
            ...flows.queues,
            ...inbox.queues,
            ...moduleQueues,
            { name: 'intake-sweep', cron: '* * * * *', work: { handle: () => intake.sweep() } },
            {
              name: 'retention',
              cron: '17 * * * *',
              work: {
                handle: async () => {
                  await deleteProcessedOlderThan(database.db, 7);
                  await delivery.purgeFinishedOlderThan(90);
                  await inbox.deleteEventsOlderThan(24);
                },
              },
            },
          ],
        }),
      (started) => started.stop(),
    );
    forward.set('jobs', jobs);
    await media.useJobs(jobs);
    const auth = createAuth({ db: database.db, logger, listen: (channel, onPayload) => database.listen(channel, onPayload) });
    await lifecycle.startPart('auth', auth);
    lifecycle.onStop(
      'auth listener',
      auth.onAccessChange(() => void hub.recheckSubscribers()),
    );

    const app = await startHttp(lifecycle, {
      config,
      logger,
      version,
      startedAt,
      webDist: path.join(serverRoot, '../../web/dist'),
      parts: {
        ...{ database, auth, jobs, heartbeats, registry, modules, intake, intakeSink, inbox, flows, apps, appFiles, cascades },
        templateSending: {
          hub,
          delivery: { enqueue: (trx, input) => delivery.enqueue(trx, input), wake: (channelId) => wakeDelivery(channelId) },
        },
        clock: options.clock,
      },
    });

    if (works) {
      await lifecycle.startPart('intake', intake);
      lifecycle.onStop('intake wakeups', await listenForJournaledChats(intakeSignal, intake.wake));
      await lifecycle.startPart('delivery', delivery);
      lifecycle.onStop('delivery wakeups', await outboxSignal.listen((channelId) => delivery.wake(Number(channelId))));
    }
    await lifecycle.startPart('apps', apps);
    // Setting up the bot from TELEGRAM_BOT_TOKEN reads then writes: one instance at a time.
    await lifecycle.add(
      'channels',
      async () => {
        if (works) logger.info('Starting the connected messenger accounts');
        if (works) await withClusterLock(database, 'channels-start', () => registry.startAll());
      },
      () => registry.stopAll(),
    );
    // Cascades a crash left between two channels go on once the channels run.
    if (works) await cascades.resume();

    const { setupCode } = await auth.ensureFirstAdmin({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
    await app.listen({ port: config.PORT, host: config.HOST }).catch((error: unknown) => explainListenError(error, config.PORT));
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
    announceStart({
      logger,
      format: logFormat,
      destination: options.logDestination ?? process.stdout,
      facts: { url, version, setupCode, engine: database.engine, role, startupMs: Date.now() - startedAt.getTime() },
    });
    return {
      app,
      url,
      port,
      role,
      database,
      auth,
      jobs,
      logger,
      secretBox,
      registry,
      intake,
      inbox,
      media,
      hub,
      instance,
      delivery,
      cascades,
      flows,
      /** The parts running, oldest first. */
      running: lifecycle.running,
      stop: lifecycle.stop,
    };
  } catch (error) {
    await lifecycle.stop();
    throw error;
  }
}

export type Switchboard = Awaited<ReturnType<typeof startSwitchboard>>;

if (import.meta.main) await runFromCommandLine(startSwitchboard);
