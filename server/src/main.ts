import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyMigrations,
  checkAppSecretFingerprint,
  createAppFiles,
  createLifecycle,
  ConfigError,
  createAuth,
  createHeartbeats,
  useCursorSecret,
  createLogger,
  createSecretBox,
  DataDirLockedError,
  loadConfig,
  lockDataDir,
  openDatabase,
  readOrCreateAppSecret,
  registerSecret,
  createRealtimeHub,
  createWakeupSignal,
  doesWork,
  registerInstance,
  withClusterLock,
  readBusinessDetails,
  startJobs,
  WrongAppSecretError,
  type Config,
  type Logger,
  type MigrationSource,
  type SecretPattern,
  type SwitchboardTables,
  type Db,
  type SecretBox,
} from './platform/index.ts';
import type { AnyAppDefinition, AppChannel } from './apps/app.ts';
import { createApps } from './apps/running-apps.ts';
import { clinicApp } from './apps/clinic/index.ts';
import { broadcastsApp } from './apps/broadcasts/index.ts';
import { linkingApp } from './apps/linking/index.ts';
import { ticketsApp } from './apps/tickets/index.ts';
import { dispatchApp } from './apps/dispatch/index.ts';
import type { ChannelRecord } from './channels/channel.ts';
import {
  createChannelModules,
  type AnyChannelModule,
  type ChannelAccounts,
  type ChannelCapabilities,
  type ChannelModules,
} from './channels/module.ts';
import { createChannelRegistry } from './channels/registry.service.ts';
import { createTelegramBotModule, telegramBotSecrets } from './channels/telegram-bot/index.ts';
import { createTelegramUserModule, telegramUserSecrets } from './channels/telegram-user/index.ts';
import { createWhatsAppModule } from './channels/whatsapp/index.ts';
import { createInstagramModule } from './channels/instagram/index.ts';
import { createDeliveryPort } from './delivery/app-port.ts';
import type { DeliveryLimits } from './delivery/index.ts';
import { createFlowStateReader } from './flows/app-port.ts';
import { createFlows, flowLanguageOf } from './flows/index.ts';
import { createContactsPort, createConversationsPort, createDomainEvents, createStaffPort } from './inbox/app-ports.ts';
import { startHttp } from './http-surface.ts';
import { createMessaging } from './messaging.ts';
import { announceStart, explainListenError, PortUnavailableError, resolveLogFormat } from './platform/startup-console.ts';
import { deleteProcessedOlderThan, listenForJournaledChats, loadEvents, type Intake } from './inbox/index.ts';

const serverRoot = path.dirname(fileURLToPath(import.meta.url));
const version = (JSON.parse(fs.readFileSync(path.join(serverRoot, '../../package.json'), 'utf8')) as { version: string }).version;

/** Business workflows, mounted in this order before the inbox's fallback (DESIGN "Apps"). */
export const appDefinitions: AnyAppDefinition[] = [linkingApp, ticketsApp, dispatchApp, clinicApp, broadcastsApp];

/** Every module's migrations, in dependency order; apps' schemas exist even when an app is switched off. */
export const migrationSources: MigrationSource[] = [
  ...['platform/db', 'channels', 'inbox', 'delivery', 'flows'].map((folder) => ({
    module: folder.split('/')[0]!,
    directory: path.join(serverRoot, folder, 'migrations'),
  })),
  { module: 'channels/telegram-bot', directory: path.join(serverRoot, 'channels/telegram-bot/migrations') },
  { module: 'channels/telegram-user', directory: path.join(serverRoot, 'channels/telegram-user/migrations') },
  { module: 'channels/meta', directory: path.join(serverRoot, 'channels/meta/migrations') },
  { module: 'channels/whatsapp', directory: path.join(serverRoot, 'channels/whatsapp/migrations') },
  { module: 'channels/instagram', directory: path.join(serverRoot, 'channels/instagram/migrations') },
  ...appDefinitions.flatMap((app) => (app.migrationsDirectory ? [{ module: `apps/${app.name}`, directory: app.migrationsDirectory }] : [])),
];

/** The variables apps read (AMOCRM_*, seed 003's WEBHOOK_SECRET); never APP_SECRET or the database's. */
function appEnvironment(config: Config): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(config).filter(
      (entry): entry is [string, string] =>
        (entry[0].startsWith('AMOCRM_') || entry[0] === 'WEBHOOK_SECRET' || entry[0] === 'TELEGRAM_BOT_API_SECRET') &&
        typeof entry[1] === 'string',
    ),
  );
}

function enabledApps(config: Config): AnyAppDefinition[] {
  if (!config.APPS) return appDefinitions;
  const unknown = config.APPS.filter((name) => !appDefinitions.some((app) => app.name === name));
  if (unknown.length > 0)
    throw new ConfigError(
      `Invalid configuration:\n  APPS: unknown app ${unknown.join(', ')}; known: ${appDefinitions.map((app) => app.name).join(', ') || 'none'}`,
    );
  return appDefinitions.filter((app) => config.APPS!.includes(app.name));
}

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

/** What a channel module gets from the composition root when it is built. */
export interface ChannelModuleContext {
  sink: Intake['sink'];
  logger: Logger;
  /** Reports intake trouble (a failing poll, a refused webhook) on the channel's status. */
  onStatus(channelId: number, status: 'active' | 'error', detail: string | null): void;
  /** For modules with their own tables (migrations in their folder) and secrets at rest. */
  db: Db;
  secretBox: SecretBox;
  /** The registry's account changes, for modules that log in step by step. */
  accounts: ChannelAccounts;
  /** This instance's id (channel_leases.instance_id): modules that keep a connection tell whether another instance holds it. */
  instanceId?: string;
}

/**
 * Builds and starts every piece, in dependency order, each registering how it
 * stops; `stop` runs those in reverse. Callbacks that point forward (a channel
 * module handing events to the flows built after it) are closures over
 * constants: they run only once everything has started, since channels start last.
 */
export async function startSwitchboard(config: Config, options: StartOptions = {}) {
  const startedAt = new Date();
  // The channel modules' secret shapes are masked in every log line; modules built later add theirs to this same list.
  const secretPatterns: SecretPattern[] = [telegramBotSecrets, telegramUserSecrets];
  const logFormat = resolveLogFormat(config.LOG_FORMAT, options.logDestination ?? process.stdout);
  const logger = createLogger({ level: config.LOG_LEVEL, destination: options.logDestination, secrets: secretPatterns, format: logFormat });
  const lifecycle = createLifecycle();
  try {
    if (!config.DATABASE_URL)
      await lifecycle.add(
        'data dir lock',
        () => lockDataDir(config.dataDir),
        (lock) => lock.release(),
      );
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
    const database = await lifecycle.add(
      'database',
      () =>
        openDatabase<SwitchboardTables>({
          dataDir: config.dataDir,
          databaseUrl: config.DATABASE_URL,
          queryTimeoutMs: config.DB_QUERY_TIMEOUT_MS,
        }),
      (opened) => opened.close(),
    );
    const migrated = await applyMigrations(database, migrationSources);
    if (migrated.length > 0) logger.info(`Database schema brought up to date (${migrated.length} migrations)`);
    await checkAppSecretFingerprint(database.db, secretBox);
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
    const moduleContext: ChannelModuleContext = {
      sink: { journal: (channelId, updates) => intakeSink.journal(channelId, updates) },
      logger,
      onStatus: (channelId, status, detail) => void registry.setStatus(channelId, status, detail).catch(() => undefined),
      db: database.db,
      secretBox,
      instanceId: instance.id,
      accounts: {
        setStatus: (channelId, status, detail) => registry.setStatus(channelId, status, detail),
        setIdentity: (channelId, identity) => registry.setIdentity(channelId, identity),
        start: (channelId) => registry.start(channelId),
        // To all staff, the account's id only: each open conversation of it re-reads its reply status (which checks access).
        replyStatusChanged: (channelId) => staff.announce('reply_status_changed', { account_id: channelId }),
        alertAdmins: async (channelId, alert) => {
          const account = await registry.get(channelId);
          await staff.announce(
            'account_alert',
            { account_id: channelId, account_name: account?.name ?? null, ...alert },
            { roles: ['admin'] },
          );
        },
      },
    };
    const telegramBot = createTelegramBotModule({
      ...moduleContext,
      db: database.db,
      apiRoot: config.TELEGRAM_API_ROOT,
      publicUrl: config.PUBLIC_URL,
      mode: config.TELEGRAM_MODE,
      environmentToken: config.TELEGRAM_BOT_TOKEN,
      environmentWebhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
      flows: { handle: (origin, event) => flows.sink.handle(origin, event), checkout: (query) => flows.runtime.checkout(query) },
      hooks: {
        throttle: (channelId, chatId) => delivery.throttle(channelId, chatId, 'interactive'),
        recordSent: (channel: ChannelRecord, events) => inbox.recordBotMessages(channel, events),
      },
    });
    const telegramUser = createTelegramUserModule(moduleContext);
    const whatsapp = createWhatsAppModule({
      ...moduleContext,
      graphUrl: config.META_GRAPH_URL,
      graphVersion: config.META_GRAPH_VERSION,
      now: options.clock,
      channels: { get: (channelId) => registry.get(channelId) },
      flows: { handle: (origin, event) => flows.sink.handle(origin, event) },
      hooks: {
        throttle: (channelId, chatId) => delivery.throttle(channelId, chatId, 'interactive'),
        recordSent: (channel: ChannelRecord, events) => inbox.recordBotMessages(channel, events),
      },
    });
    const instagram = createInstagramModule({
      ...moduleContext,
      graphUrl: config.INSTAGRAM_GRAPH_URL,
      graphVersion: config.META_GRAPH_VERSION,
      now: options.clock,
      flows: { handle: (origin, event) => flows.sink.handle(origin, event) },
      hooks: {
        throttle: (channelId, chatId) => delivery.throttle(channelId, chatId, 'interactive'),
        recordSent: (channel: ChannelRecord, events) => inbox.recordBotMessages(channel, events),
      },
    });
    // A test's module of a built-in kind (the personal account on the network stub) replaces the built-in one.
    const extraModules = options.extraChannelModules?.(moduleContext) ?? [];
    const builtIn = [telegramBot, telegramUser, whatsapp, instagram].filter(
      (module) => !extraModules.some((extra) => extra.kind === module.kind),
    );
    const modules = createChannelModules([...builtIn, ...extraModules]);
    for (const module of modules.list())
      if (module.secrets && !secretPatterns.includes(module.secrets)) secretPatterns.push(module.secrets);
    const registry = createChannelRegistry({ db: database.db, secretBox, modules, logger, instanceId: instance.id, polls: works });
    const channels = { get: (channelId: number) => registry.get(channelId) };

    const { media, inbox, delivery, cascades, wakeDelivery, retryDelivery, intake, intakeSink, adapterFor } = createMessaging({
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
    });
    lifecycle.onStop('inbox policy cache', () => inbox.visibility.stop());
    // Operators' reactions go through the channel's optional setReactions op, where its capabilities allow it.
    inbox.reactions.useOps(async (channelId) => {
      const channel = await channels.get(channelId);
      const module = channel ? modules.get(channel.kind) : undefined;
      if (!channel || !module) return null;
      const { adapter, capabilities } = module;
      return {
        accountName: module.vocabulary.en.accountName,
        set:
          capabilities.reactions && adapter.setReactions
            ? (chatId, id, emojis) => adapter.setReactions!(channel, chatId, id, emojis)
            : undefined,
      };
    });

    const appFiles = createAppFiles({ dir: config.mediaDir, appSecret });
    const apps = createApps({
      definitions: options.apps ?? enabledApps(config),
      database: database.db,
      logger,
      ports: {
        secretBox,
        hub,
        publicUrl: config.PUBLIC_URL,
        environment: appEnvironment(config),
        contacts: createContactsPort({ db: database.db, visibility: inbox.visibility, events: domainEvents }),
        staff,
        conversations: createConversationsPort({
          db: database.db,
          hub,
          sender: inbox.sender,
          visibility: inbox.visibility,
          flowState: createFlowStateReader(database.db),
        }),
        delivery: createDeliveryPort({ db: database.db, delivery, cascades, wake: wakeDelivery, retry: retryDelivery }),
        events: domainEvents,
        // Flows are built after the apps; apps send prompts only once everything runs.
        prompts: {
          async send(chat, language, replies) {
            const channel = await channels.get(chat.channelId);
            if (!channel) throw new Error(`There is no channel ${chat.channelId} to send a prompt through.`);
            await flows.runtime.sender.send({ channel, chatId: chat.chatId, topicId: '', language }, replies);
          },
        },
        files: appFiles,
        business: { read: () => readBusinessDetails(database.db) },
        jobs: { send: (queue, data, sendOptions) => jobs.send(queue, data, sendOptions) },
        channels: {
          get: async (channelId) => appChannel(await channels.get(channelId), modules),
          list: async () =>
            (await Promise.all((await registry.list()).map(async (row) => appChannel(await channels.get(row.id), modules)))).filter(
              (channel): channel is AppChannel => channel !== null,
            ),
          defaultChannel: async () => appChannel(await registry.defaultChannel(telegramBot.kind), modules),
          downloadFile: async (channelId, fileId) => {
            const channel = await channels.get(channelId);
            const adapter = channel ? adapterFor(channel.kind) : undefined;
            if (!channel || !adapter?.downloadFile) throw new Error(`Channel ${channelId} cannot download files.`);
            const file = await adapter.downloadFile(channel, fileId);
            return 'tooBig' in file ? file : { data: file.bytes };
          },
        },
      },
    });
    const flows = createFlows({
      db: database.db,
      logger: logger.child({ module: 'flows' }),
      adapterFor,
      channels,
      now: options.clock,
      // The inbox's own handler first, on every channel: a CSAT answer is never an app's.
      apps: [{ name: 'inbox', always: true, flows: { handle: (context) => inbox.csat.handle(context) } }, ...apps.flows],
    });
    // CSAT (issue 26): after a resolution the inbox asks through the flow sender, in the contact's language.
    inbox.csat.useSender({
      async send(chat, language, replies) {
        const channel = await channels.get(chat.channelId);
        if (!channel) throw new Error(`There is no channel ${chat.channelId} to ask for a rating through.`);
        await flows.runtime.sender.send({ channel, chatId: chat.chatId, topicId: chat.topicId, language }, replies);
      },
      languageOf: flowLanguageOf,
    });
    domainEvents.on('conversation.resolved', (event) => inbox.csat.ask(event.conversationId));

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
            ...[instagram, whatsapp].flatMap((module) => module.queues),
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

const appChannelMedia = (capabilities: ChannelCapabilities | undefined): AppChannel['media'] =>
  capabilities
    ? {
        kinds: capabilities.media.kinds,
        uploadMaxBytes: capabilities.media.uploadMaxBytes,
        captionMaxLength: capabilities.text.captionMaxLength,
      }
    : { kinds: [], uploadMaxBytes: 0, captionMaxLength: null };

/** A channel as apps see it. */
function appChannel(record: ChannelRecord | null, modules: ChannelModules): AppChannel | null {
  return record
    ? {
        id: record.id,
        kind: record.kind,
        name: record.name,
        username: record.username,
        isEnabled: record.isEnabled,
        apps: record.settings.apps ?? null,
        broadcasts: modules.get(record.kind)?.capabilities.broadcasts ?? 'never',
        businessInitiated: modules.get(record.kind)?.capabilities.businessInitiated ?? 'never',
        media: appChannelMedia(modules.get(record.kind)?.capabilities),
      }
    : null;
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
