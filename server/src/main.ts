import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyMigrations,
  checkAppSecretFingerprint,
  ConfigError,
  createAuth,
  coreRoles,
  createHeartbeats,
  createHttpApp,
  useCursorSecret,
  createLogger,
  createMetricsRegistry,
  createSecretBox,
  DataDirLockedError,
  loadConfig,
  lockDataDir,
  openDatabase,
  readOrCreateAppSecret,
  registerAccessControl,
  registerSecret,
  registerAuthRoutes,
  registerBusinessRoutes,
  registerHealthRoutes,
  createRealtimeHub,
  createWakeupSignal,
  doesWork,
  registerInstance,
  servesPeople,
  withClusterLock,
  startJobs,
  WrongAppSecretError,
  withUrgentConnection,
  type Config,
  type Logger,
  type MigrationSource,
  type SecretPattern,
  type PlatformTables,
} from './platform/index.ts';
import type { AppDefinition, SwitchboardApp } from './apps/app.ts';
import { registerEnabledAppsRoute } from './apps/enabled-apps.routes.ts';
import { linkingApp } from './apps/linking/index.ts';
import { ticketsApp } from './apps/tickets/index.ts';
import { ChannelError, type ChannelRecord } from './channels/channel.ts';
import { registerChannelRoutes } from './channels/accounts.routes.ts';
import { messengerTypes } from './channels/messengers.routes.ts';
import { createChannelModules, type AnyChannelModule } from './channels/module.ts';
import { createChannelRegistry, type ChannelRegistry } from './channels/registry.service.ts';
import { createTelegramBotModule, telegramBotSecrets } from './channels/telegram-bot/index.ts';
import { createDelivery, type Delivery } from './delivery/index.ts';
import { createFlows, type Flows } from './flows/index.ts';
import { registerWebApp } from './platform/http/web-app.ts';
import { announceStart, explainListenError, PortUnavailableError, resolveLogFormat } from './platform/startup-console.ts';
import { registerBacklogMetrics } from './cluster-metrics.ts';
import {
  createInbox,
  createIntake,
  createIntakeReport,
  createMedia,
  createSignallingSink,
  deleteProcessedOlderThan,
  listenForJournaledChats,
  loadEvents,
  registerIntakeRoutes,
  type Intake,
} from './inbox/index.ts';

const serverRoot = path.dirname(fileURLToPath(import.meta.url));
const version = (JSON.parse(fs.readFileSync(path.join(serverRoot, '../../package.json'), 'utf8')) as { version: string }).version;

/** Business workflows, mounted in this order before the inbox's fallback (DESIGN "Apps"). */
export const appDefinitions: AppDefinition[] = [linkingApp, ticketsApp];

/** Every module's migrations, in dependency order; apps' schemas exist even when an app is switched off. */
export const migrationSources: MigrationSource[] = [
  ...['platform/db', 'channels', 'inbox', 'delivery', 'flows'].map((folder) => ({
    module: folder.split('/')[0]!,
    directory: path.join(serverRoot, folder, 'migrations'),
  })),
  ...appDefinitions.flatMap((app) => (app.migrationsDirectory ? [{ module: `apps/${app.name}`, directory: app.migrationsDirectory }] : [])),
];

function enabledApps(config: Config): AppDefinition[] {
  if (!config.APPS) return appDefinitions;
  const unknown = config.APPS.filter((name) => !appDefinitions.some((app) => app.name === name));
  if (unknown.length > 0)
    throw new ConfigError(
      `Invalid configuration:\n  APPS: unknown app ${unknown.join(', ')}; known: ${appDefinitions.map((app) => app.name).join(', ') || 'none'}`,
    );
  return appDefinitions.filter((app) => config.APPS!.includes(app.name));
}

type Tables = PlatformTables;

export interface StartOptions {
  /** Where logs go (default stdout). */
  logDestination?: NodeJS.WritableStream;
  /** More channel modules to run beside the built-in ones (tests plug a test-only channel in here). */
  extraChannelModules?: (context: ChannelModuleContext) => AnyChannelModule[];
  /** Apps to run instead of the configured ones (a test plugs in an app of its own). */
  apps?: AppDefinition[];
  /** The clock app flows read for their timeouts (tests drive their own). */
  clock?: () => Date;
}

/** What a channel module gets from the composition root when it is built. */
export interface ChannelModuleContext {
  sink: Intake['sink'];
  logger: Logger;
  /** Reports intake trouble (a failing poll, a refused webhook) on the channel's status. */
  onStatus(channelId: number, status: 'active' | 'error', detail: string | null): void;
}

/** Builds and starts every piece: the composition root. */
export async function startSwitchboard(config: Config, options: StartOptions = {}) {
  const startedAt = new Date();
  // The channel modules' secret shapes are masked in every log line; modules built later add theirs to this same list.
  const secretPatterns: SecretPattern[] = [telegramBotSecrets];
  const logFormat = resolveLogFormat(config.LOG_FORMAT, options.logDestination ?? process.stdout);
  const logger = createLogger({ level: config.LOG_LEVEL, destination: options.logDestination, secrets: secretPatterns, format: logFormat });
  const lock = config.DATABASE_URL ? undefined : lockDataDir(config.dataDir);
  const cleanups: Array<() => Promise<void> | void> = [() => lock?.release()];
  // Every cleanup runs even when one fails (a database already gone must not leave the HTTP server open).
  const stop = async () => {
    const failures: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, 'Several parts failed to stop');
  };
  try {
    const appSecret = config.APP_SECRET ?? readOrCreateAppSecret(config.dataDir).secret;
    // Random text no pattern recognises: the logger masks it once told (bots' webhook secrets are told by the registry).
    registerSecret(appSecret);
    const secretBox = createSecretBox(appSecret);
    useCursorSecret(appSecret);
    logger.info(
      config.DATABASE_URL
        ? 'Connecting to PostgreSQL (DATABASE_URL)'
        : `Opening the embedded database in ${config.dataDir} (the first start creates it: about a minute)`,
    );
    const database = await openDatabase<Tables>({
      dataDir: config.dataDir,
      databaseUrl: config.DATABASE_URL,
      queryTimeoutMs: config.DB_QUERY_TIMEOUT_MS,
    });
    cleanups.push(() => database.close());
    const migrated = await applyMigrations(database, migrationSources);
    if (migrated.length > 0) logger.info(`Database schema brought up to date (${migrated.length} migrations)`);
    await checkAppSecretFingerprint(database.db, secretBox);
    // SWITCHBOARD_ROLE: web instances answer people (HTTP, webhooks, WebSockets), workers do the work behind them.
    const { SWITCHBOARD_ROLE: role } = config;
    const [serves, works] = [servesPeople(role), doesWork(role)];
    const intakeSignal = createWakeupSignal(database, 'switchboard_intake');
    const outboxSignal = createWakeupSignal(database, 'switchboard_outbox');

    const heartbeats = createHeartbeats();
    const instance = await registerInstance({ db: database.db, logger, heartbeats, exclusive: database.engine === 'pglite' });
    cleanups.push(() => instance.stop());
    const hub = createRealtimeHub({ database, instanceId: instance.id, logger, loadEvents: (seqs) => loadEvents(database.db, seqs) });
    await hub.start();
    cleanups.push(() => hub.stop());
    const apps = options.apps ?? enabledApps(config);
    // The registry, the adapters, delivery and the inbox refer to each other; closures bind them once all exist.
    const late: { registry?: ChannelRegistry; delivery?: Delivery; flows?: Flows } = {};
    const channels = { get: (channelId: number) => late.registry!.get(channelId) };
    const media = createMedia({
      db: database.db,
      hub,
      logger,
      dir: config.mediaDir,
      retentionDays: config.MEDIA_RETENTION_DAYS,
      uploadMaxBytes: config.UPLOAD_MAX_BYTES,
      download: async (channelId, fileId) => {
        const channel = await channels.get(channelId);
        if (!channel) throw new ChannelError('NOT_FOUND', 'The channel that received this file was removed.');
        const adapter = late.registry!.adapterFor(channel.kind);
        if (!adapter.downloadFile)
          throw new ChannelError(
            'PERMANENT',
            `${late.registry!.moduleFor(channel.kind).vocabulary.en.accountName} accounts cannot download files.`,
          );
        return adapter.downloadFile(channel, fileId);
      },
    });
    const inbox = createInbox({
      media,
      db: database.db,
      hub,
      actions: {
        typing: async (channelId, externalChatId) => {
          const channel = await channels.get(channelId);
          const module = channel ? late.registry!.moduleFor(channel.kind) : undefined;
          if (channel && module?.capabilities.typing) await module.adapter.sendTyping(channel, externalChatId);
        },
      },
      delivery: {
        enqueue: (trx, input) => late.delivery!.enqueue(trx, input),
        wake: (channelId) => wakeDelivery(channelId),
        retry: (outboxId) => retryDelivery(outboxId),
        findByMessage: (messageId) => late.delivery!.findByMessage(messageId),
      },
      channelRules: (kind) => {
        const module = late.registry!.moduleFor(kind);
        return { platformName: module.vocabulary.en.messengerName, capabilities: module.capabilities };
      },
    });
    const intake = createIntake({
      db: database.db,
      instanceId: instance.id,
      logger,
      // A web instance never drains (workers do): its intake's heartbeat must not count in its health.
      heartbeats: works ? heartbeats : createHeartbeats(),
      hub,
      channels,
      adapterFor: (kind) => late.registry!.adapterFor(kind),
      concurrency: database.engine === 'pglite' ? 4 : 8,
      // On the single embedded connection a run holds everything else up: keep its transactions short.
      batchSize: database.engine === 'pglite' ? 16 : 50,
      recordHooks: inbox.recordHooks,
    });
    // Webhooks journal and acknowledge on any instance; a web-only one leaves the processing to the workers and wakes them.
    const intakeSink = works ? intake.sink : createSignallingSink(database.db, intakeSignal);
    const moduleContext: ChannelModuleContext = {
      sink: intakeSink,
      logger,
      onStatus: (channelId, status, detail) => void late.registry!.setStatus(channelId, status, detail).catch(() => undefined),
    };
    const telegramBot = createTelegramBotModule({
      ...moduleContext,
      apiRoot: config.TELEGRAM_API_ROOT,
      publicUrl: config.PUBLIC_URL,
      mode: config.TELEGRAM_MODE,
      environmentToken: config.TELEGRAM_BOT_TOKEN,
      environmentWebhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
      flows: { handle: (origin, event) => late.flows!.sink.handle(origin, event) },
      hooks: {
        throttle: (channelId, chatId) => late.delivery!.throttle(channelId, chatId, 'interactive'),
        recordSent: (channel: ChannelRecord, events) => inbox.recordBotMessages(channel, events),
      },
    });
    const modules = createChannelModules([telegramBot, ...(options.extraChannelModules?.(moduleContext) ?? [])]);
    for (const module of modules.list())
      if (module.secrets && !secretPatterns.includes(module.secrets)) secretPatterns.push(module.secrets);
    const registry = (late.registry = createChannelRegistry({
      db: database.db,
      secretBox,
      modules,
      logger,
      instanceId: instance.id,
      polls: works,
    }));

    const delivery = (late.delivery = createDelivery({
      db: database.db,
      instanceId: instance.id,
      logger,
      heartbeats,
      channels,
      send: (channel, message) => registry.adapterFor(channel.kind).send(channel, message),
      rateLimitsFor: (channel) => registry.moduleFor(channel.kind).rateLimits,
      onOutcome: inbox.applyDeliveryOutcome,
    }));
    // A web instance does not send: what it queues is sent by a worker it wakes (or that worker's sweep).
    const wakeDelivery = (channelId: number): void => {
      if (works) delivery.wake(channelId);
      else void outboxSignal.send(String(channelId)).catch((error: unknown) => logger.warn({ err: error }, 'waking the workers failed'));
    };
    const retryDelivery: Delivery['retry'] = async (outboxId) => {
      const result = await delivery.retry(outboxId);
      if (!works && result.status === 'requeued') wakeDelivery(result.row.channel_id);
      return result;
    };

    const running: SwitchboardApp[] = apps.map((definition) => {
      const app = definition.create({
        db: database.db,
        logger: logger.child({ app: definition.name }),
        secretBox,
        hub,
        publicUrl: config.PUBLIC_URL,
        delivery: { ...delivery, wake: wakeDelivery, retry: retryDelivery },
        sender: inbox.sender,
        visibility: inbox.visibility,
        channels: { get: channels.get, defaultChannel: () => late.registry!.defaultChannel(telegramBot.kind) },
      });
      return app;
    });
    const flows = (late.flows = createFlows({
      db: database.db,
      logger: logger.child({ module: 'flows' }),
      adapterFor: (kind) => registry.adapterFor(kind),
      channels,
      now: options.clock,
      apps: apps.flatMap((definition, index) => (running[index]!.flows ? [{ name: definition.name, flows: running[index]!.flows }] : [])),
    }));

    const jobs = await startJobs({
      database,
      logger,
      work: works,
      queues: [
        ...media.queues,
        ...running.flatMap((app) => app.queues ?? []),
        ...flows.queues,
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
    });
    cleanups.push(() => jobs.stop());
    await media.useJobs(jobs);
    const auth = createAuth({ db: database.db, logger, listen: (channel, onPayload) => database.listen(channel, onPayload) });
    await auth.start();
    cleanups.push(() => auth.stop());
    auth.onAccessChange(() => void hub.recheckSubscribers());

    const app = await createHttpApp({
      logger,
      version,
      publicUrl: config.PUBLIC_URL,
      corsAllowedOrigins: config.CORS_ALLOWED_ORIGINS,
      frameAncestors: config.FRAME_ANCESTORS,
      trustProxy: config.TRUST_PROXY,
    });
    cleanups.push(() => app.close());
    registerAccessControl(app, auth);
    // A worker answers only /api/health and /metrics (for its orchestrator and Prometheus).
    if (serves) registerAuthRoutes(app, auth, { secureCookies: config.PUBLIC_URL?.startsWith('https:') ?? false });
    if (serves) registerBusinessRoutes(app, { db: database.db });
    const metrics = createMetricsRegistry();
    registerBacklogMetrics(metrics, { db: database.db, jobs });
    const intakeReport = createIntakeReport({ db: database.db, listChannels: () => registry.list() });
    registerHealthRoutes(app, {
      db: database.db,
      engine: database.engine,
      jobs,
      heartbeats,
      version,
      startedAt,
      metrics,
      role,
      intake: intakeReport,
    });
    if (serves) {
      registerIntakeRoutes(app, { intake });
      registerChannelRoutes(app, {
        db: database.db,
        registry,
        modules,
        moduleRoutes: {
          channels: {
            get: channels.get,
            defaultOf: (kind) => registry.defaultChannel(kind),
            byCredentials: (token) => registry.byToken(token),
          },
          sink: intakeSink,
          // Webhooks are acknowledged ahead of queued processing on the embedded engine's single connection.
          urgent: withUrgentConnection,
        },
      });
      inbox.registerRoutes(app, {
        auth,
        roles: [...coreRoles, ...apps.flatMap((definition) => definition.roles ?? [])],
        messengers: messengerTypes(modules),
      });
      flows.registerRoutes(app, inbox.visibility);
      registerEnabledAppsRoute(
        app,
        apps.map((definition) => definition.name),
      );
      for (const workflow of running) workflow.registerRoutes?.(app);
      registerWebApp(app, { distDir: path.join(serverRoot, '../../web/dist') });
    }

    if (works) {
      intake.start();
      cleanups.push(() => intake.stop());
      cleanups.push(await listenForJournaledChats(intakeSignal, intake.wake));
      await delivery.start();
      cleanups.push(() => late.delivery!.stop());
      cleanups.push(await outboxSignal.listen((channelId) => delivery.wake(Number(channelId))));
    }
    for (const app of running) {
      await app.start?.();
      cleanups.push(() => app.stop?.());
    }
    // Setting up the bot from TELEGRAM_BOT_TOKEN reads then writes: one instance at a time.
    if (works) logger.info('Starting the connected messenger accounts');
    if (works) await withClusterLock(database, 'channels-start', () => registry.startAll());
    cleanups.push(() => late.registry!.stopAll());

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
      flows,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export type Switchboard = Awaited<ReturnType<typeof startSwitchboard>>;

async function runFromCommandLine(): Promise<void> {
  try {
    process.loadEnvFile('.env');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let switchboard: Switchboard;
  try {
    switchboard = await startSwitchboard(loadConfig());
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof DataDirLockedError ||
      error instanceof WrongAppSecretError ||
      error instanceof PortUnavailableError
    ) {
      process.stderr.write(`switchboard: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    switchboard.logger.info(`${signal}: stopping`);
    switchboard.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        switchboard.logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (import.meta.main) await runFromCommandLine();
