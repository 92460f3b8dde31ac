import fs from 'node:fs';
import type { Composer, Context } from 'grammy';
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
  registerHealthRoutes,
  createRealtimeHub,
  registerInstance,
  startJobs,
  WrongAppSecretError,
  withUrgentConnection,
  type Config,
  type MigrationSource,
  type PlatformTables,
} from './platform/index.ts';
import { onlyOnBotsThatEnable, type AppDefinition, type SwitchboardApp } from './apps/app.ts';
import { registerEnabledAppsRoute } from './apps/enabled-apps.routes.ts';
import { linkingApp } from './apps/linking/index.ts';
import { ticketsApp } from './apps/tickets/index.ts';
import { ChannelError, type ChannelRecord } from './channels/channel.ts';
import { registerChannelRoutes } from './channels/channels.routes.ts';
import { createChannelRegistry, type ChannelRegistry } from './channels/registry.service.ts';
import { createTelegramBotAdapter, registerTelegramIntakeRoutes } from './channels/telegram-bot/index.ts';
import { createDelivery, type Delivery } from './delivery/index.ts';
import { registerWebApp } from './platform/http/web-app.ts';
import { createInbox, createIntake, createMedia, deleteProcessedOlderThan, loadEvents } from './inbox/index.ts';

const serverRoot = path.dirname(fileURLToPath(import.meta.url));
const version = (JSON.parse(fs.readFileSync(path.join(serverRoot, '../../package.json'), 'utf8')) as { version: string }).version;

/** Business workflows, mounted in this order before the inbox's fallback (DESIGN "Apps"). */
export const appDefinitions: AppDefinition[] = [linkingApp, ticketsApp];

/** Every module's migrations, in dependency order; apps' schemas exist even when an app is switched off. */
export const migrationSources: MigrationSource[] = [
  ...['platform/db', 'channels', 'inbox', 'delivery'].map((folder) => ({ module: folder.split('/')[0]!, directory: path.join(serverRoot, folder, 'migrations') })),
  ...appDefinitions.flatMap((app) => (app.migrationsDirectory ? [{ module: `apps/${app.name}`, directory: app.migrationsDirectory }] : [])),
];

function enabledApps(config: Config): AppDefinition[] {
  if (!config.APPS) return appDefinitions;
  const unknown = config.APPS.filter((name) => !appDefinitions.some((app) => app.name === name));
  if (unknown.length > 0) throw new ConfigError(`Invalid configuration:\n  APPS: unknown app ${unknown.join(', ')}; known: ${appDefinitions.map((app) => app.name).join(', ') || 'none'}`);
  return appDefinitions.filter((app) => config.APPS!.includes(app.name));
}

type Tables = PlatformTables;

export interface StartOptions {
  /** Where logs go (default stdout). */
  logDestination?: NodeJS.WritableStream;
}

/** Builds and starts every piece: the composition root. */
export async function startSwitchboard(config: Config, options: StartOptions = {}) {
  const startedAt = new Date();
  const logger = createLogger({ level: config.LOG_LEVEL, destination: options.logDestination });
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
    for (const secret of [appSecret, config.TELEGRAM_WEBHOOK_SECRET]) registerSecret(secret);
    const secretBox = createSecretBox(appSecret);
    const database = await openDatabase<Tables>({
      dataDir: config.dataDir,
      databaseUrl: config.DATABASE_URL,
      queryTimeoutMs: config.DB_QUERY_TIMEOUT_MS,
    });
    cleanups.push(() => database.close());
    await applyMigrations(database, migrationSources);
    await checkAppSecretFingerprint(database.db, secretBox);

    const heartbeats = createHeartbeats();
    const instance = await registerInstance({ db: database.db, logger, heartbeats, exclusive: database.engine === 'pglite' });
    cleanups.push(() => instance.stop());
    const hub = createRealtimeHub({ database, instanceId: instance.id, logger, loadEvents: (seqs) => loadEvents(database.db, seqs) });
    await hub.start();
    cleanups.push(() => hub.stop());
    const apps = enabledApps(config);
    const botComposers: Composer<Context>[] = [];
    // The registry, the adapters, delivery and the inbox refer to each other; closures bind them once all exist.
    const late: { registry?: ChannelRegistry; delivery?: Delivery } = {};
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
        if (!adapter.downloadFile) throw new ChannelError('PERMANENT', `${channel.kind} channels cannot download files.`);
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
          if (channel) await late.registry!.adapterFor(channel.kind).sendTyping(channel, externalChatId);
        },
      },
      delivery: {
        enqueue: (trx, input) => late.delivery!.enqueue(trx, input),
        wake: (channelId) => late.delivery!.wake(channelId),
        retry: (outboxId) => late.delivery!.retry(outboxId),
        findByMessage: (messageId) => late.delivery!.findByMessage(messageId),
      },
    });
    const intake = createIntake({
      db: database.db,
      instanceId: instance.id,
      logger,
      heartbeats,
      hub,
      channels,
      adapterFor: (kind) => late.registry!.adapterFor(kind),
      concurrency: database.engine === 'pglite' ? 4 : 8,
      // On the single embedded connection a run holds everything else up: keep its transactions short.
      batchSize: database.engine === 'pglite' ? 16 : 50,
      recordHooks: inbox.recordHooks,
    });
    const telegram = createTelegramBotAdapter({
      apiRoot: config.TELEGRAM_API_ROOT,
      publicUrl: config.PUBLIC_URL,
      sink: intake.sink,
      logger,
      composers: botComposers,
      hooks: {
        throttle: (channelId, chatId) => late.delivery!.throttle(channelId, chatId, 'interactive'),
        recordSent: (channel: ChannelRecord, _chatId: string, sent: unknown) =>
          inbox.recordBotMessages(channel, (Array.isArray(sent) ? sent : [sent]).flatMap((message) => telegram.normalize({ update_id: 0, message }))),
      },
      onStatus: (channelId, status, detail) => void late.registry!.setStatus(channelId, status, detail).catch(() => undefined),
    });
    const registry = (late.registry = createChannelRegistry({
      db: database.db,
      secretBox,
      adapters: { telegram_bot: telegram },
      logger,
      instanceId: instance.id,
      telegram: { envToken: config.TELEGRAM_BOT_TOKEN, envWebhookSecret: config.TELEGRAM_WEBHOOK_SECRET, mode: config.TELEGRAM_MODE, publicUrl: config.PUBLIC_URL },
    }));

    const delivery = (late.delivery = createDelivery({
      db: database.db,
      instanceId: instance.id,
      logger,
      heartbeats,
      channels,
      send: (channel, message) => registry.adapterFor(channel.kind).send(channel, message),
      onOutcome: inbox.applyDeliveryOutcome,
    }));

    const running: SwitchboardApp[] = apps.map((definition) => {
      const app = definition.create({
        db: database.db,
        logger: logger.child({ app: definition.name }),
        secretBox,
        hub,
        publicUrl: config.PUBLIC_URL,
        delivery: delivery!,
        sender: inbox.sender,
        visibility: inbox.visibility,
        channels: { get: channels.get, defaultChannel: () => late.registry!.defaultChannel('telegram_bot') },
      });
      if (app.composer) botComposers.push(onlyOnBotsThatEnable(definition.name, app.composer) as unknown as Composer<Context>);
      return app;
    });

    const jobs = await startJobs({
      database,
      logger,
      queues: [
        ...media.queues,
        ...running.flatMap((app) => app.queues ?? []),
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

    const app = await createHttpApp({ logger, version, trustProxy: config.TRUST_PROXY });
    cleanups.push(() => app.close());
    registerAccessControl(app, auth);
    registerAuthRoutes(app, auth, { secureCookies: config.PUBLIC_URL?.startsWith('https:') ?? false });
    registerHealthRoutes(app, { db: database.db, engine: database.engine, jobs, heartbeats, version, startedAt, metrics: createMetricsRegistry() });
    registerChannelRoutes(app, { db: database.db, registry });
    // The default bot's id is remembered: each webhook then costs the registry's cached get, not a SELECT.
    let defaultBotId: number | undefined;
    const defaultBot = async () => {
      const remembered = defaultBotId === undefined ? null : await registry.get(defaultBotId);
      if (remembered?.isDefault && remembered.kind === 'telegram_bot') return remembered;
      const found = await registry.defaultChannel('telegram_bot');
      defaultBotId = found?.id;
      return found;
    };
    // Webhooks are acknowledged ahead of queued processing on the embedded engine's single connection.
    registerTelegramIntakeRoutes(app, {
      lookup: {
        byId: (channelId) => withUrgentConnection(() => channels.get(channelId)),
        defaultBot: () => withUrgentConnection(defaultBot),
        byToken: (token) => withUrgentConnection(() => late.registry!.byToken(token)),
      },
      sink: intake.sink,
    });
    inbox.registerRoutes(app, { auth, roles: [...coreRoles, ...apps.flatMap((definition) => definition.roles ?? [])] });
    registerEnabledAppsRoute(app, apps.map((definition) => definition.name));
    for (const workflow of running) workflow.registerRoutes?.(app);
    registerWebApp(app, { distDir: path.join(serverRoot, '../../web/dist') });

    intake.start();
    cleanups.push(() => intake.stop());
    await delivery.start();
    cleanups.push(() => late.delivery!.stop());
    for (const app of running) {
      await app.start?.();
      cleanups.push(() => app.stop?.());
    }
    await registry.startAll();
    cleanups.push(() => late.registry!.stopAll());

    const { setupCode } = await auth.ensureFirstAdmin({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
    await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
    logger.info(
      { url, engine: database.engine, startup_ms: Date.now() - startedAt.getTime() },
      `Switchboard ${version} listening on ${url}`,
    );
    if (setupCode) logger.warn(`first run: no admin yet. Open ${url}/setup and enter the setup code ${setupCode}`);
    return { app, url, port, database, auth, jobs, logger, secretBox, registry, intake, inbox, media, hub, instance, delivery, stop };
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
    if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof WrongAppSecretError) {
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
