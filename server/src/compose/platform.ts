// The platform's first steps at start: the data folder's lock (embedded database only), the app secret and what
// derives from it, the database opened and migrated, and the check that the secret is the one the data was sealed with.
import {
  applyMigrations,
  checkAppSecretFingerprint,
  createSecretBox,
  lockDataDir,
  openDatabase,
  readOrCreateAppSecret,
  registerSecret,
  useCursorSecret,
  type Config,
  type Lifecycle,
  type Logger,
  type MigrationSource,
  type SwitchboardTables,
} from '../platform/index.ts';

export async function openPlatform(input: { config: Config; lifecycle: Lifecycle; logger: Logger; migrationSources: MigrationSource[] }) {
  const { config, lifecycle, logger } = input;
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
  const migrated = await applyMigrations(database, input.migrationSources);
  if (migrated.length > 0) logger.info(`Database schema brought up to date (${migrated.length} migrations)`);
  await checkAppSecretFingerprint(database.db, secretBox);
  return { appSecret, secretBox, database };
}
