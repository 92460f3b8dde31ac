import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyMigrations,
  checkAppSecretFingerprint,
  ConfigError,
  createAuth,
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
  registerAuthRoutes,
  registerHealthRoutes,
  startJobs,
  WrongAppSecretError,
  type Config,
  type MigrationSource,
  type PlatformTables,
} from './platform/index.ts';

const serverRoot = path.dirname(fileURLToPath(import.meta.url));
const version = (JSON.parse(fs.readFileSync(path.join(serverRoot, '../../package.json'), 'utf8')) as { version: string }).version;

/** Every module's migrations, in dependency order. */
export const migrationSources: MigrationSource[] = [{ module: 'platform', directory: path.join(serverRoot, 'platform/db/migrations') }];

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
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const appSecret = config.APP_SECRET ?? readOrCreateAppSecret(config.dataDir).secret;
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
    const jobs = await startJobs({ database, logger, queues: [] });
    cleanups.push(() => jobs.stop());
    const auth = createAuth({ db: database.db, logger });

    const app = await createHttpApp({ logger, version });
    cleanups.push(() => app.close());
    registerAccessControl(app, auth);
    registerAuthRoutes(app, auth, { secureCookies: config.PUBLIC_URL?.startsWith('https:') ?? false });
    registerHealthRoutes(app, {
      db: database.db,
      engine: database.engine,
      jobs,
      heartbeats,
      version,
      startedAt,
      metrics: createMetricsRegistry(),
    });

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
    return { app, url, port, database, auth, jobs, logger, secretBox, stop };
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
