// `npm run cli -- rotate-app-secret`: re-encrypts every stored secret under a new APP_SECRET.
import fs from 'node:fs';
import path from 'node:path';
import { createSecretBox, loadConfig, openDatabase, type Config, type PlatformTables } from './platform/index.ts';
import { reencryptSecrets } from './platform/secret-rotation.ts';

const usage = `usage: NEW_APP_SECRET=… npm run cli -- rotate-app-secret
       npm run cli -- rotate-app-secret --new-secret-file <path>

Re-encrypts every stored secret under the new key, in one transaction, and records its fingerprint.
The current key is APP_SECRET (or the one generated into DATA_DIR). The new key is read from the
NEW_APP_SECRET variable or from a file, never from the command line (where \`ps\` would show it).
Stop every Switchboard instance first; then start them with the new APP_SECRET.
`;

export interface RotateHelpers {
  lockHolder(config: Config): number | undefined;
  readEmbeddedSecret(config: Config): string | undefined;
}

function readNewSecret(args: string[]): string | undefined {
  if (args[0] === '--new-secret-file') return fs.readFileSync(args[1]!, 'utf8').trim();
  return process.env.NEW_APP_SECRET?.trim() || undefined;
}

export async function rotateAppSecret(args: string[], helpers: RotateHelpers): Promise<number> {
  if (!(args.length === 0 || (args.length === 2 && args[0] === '--new-secret-file'))) {
    process.stderr.write(usage);
    return 2;
  }
  const config = loadConfig();
  const next = readNewSecret(args);
  if (!next) return fail(`Give the new key in NEW_APP_SECRET or with --new-secret-file.\n\n${usage}`);
  if (next.length < 32) return fail('The new key must be at least 32 characters (generate one with: openssl rand -base64 48).');
  const embedded = config.APP_SECRET ? undefined : helpers.readEmbeddedSecret(config);
  const current = config.APP_SECRET ?? embedded;
  if (!current) return fail('No current key: set APP_SECRET (or DATA_DIR to the folder holding the generated app-secret).');
  if (current === next) return fail('The new key is the current one: generate another (openssl rand -base64 48).');
  const holder = config.DATABASE_URL ? undefined : helpers.lockHolder(config);
  if (holder) return fail(`A server (pid ${holder}) holds ${config.dataDir}: stop it first.`);

  // The generated key file is prepared before the commit and swapped in after it, so a crash leaves the new key on disk.
  const secretFile = path.join(config.dataDir, 'app-secret');
  const pendingFile = `${secretFile}.new`;
  if (embedded) fs.writeFileSync(pendingFile, `${next}\n`, { mode: 0o600 });
  const database = await openDatabase<PlatformTables>({
    dataDir: config.dataDir,
    databaseUrl: config.DATABASE_URL,
    queryTimeoutMs: 60_000,
  });
  try {
    const moved = await reencryptSecrets(database.db, createSecretBox(current), createSecretBox(next));
    if (embedded) fs.renameSync(pendingFile, secretFile);
    const total = Object.values(moved).reduce((sum, count) => sum + count, 0);
    process.stdout.write(
      `Re-encrypted ${total} secret(s) (${
        Object.entries(moved)
          .map(([where, count]) => `${where}: ${count}`)
          .join(', ') || 'none stored'
      }).\n`,
    );
    process.stdout.write(
      embedded ? `The new key is in ${secretFile}.\n` : 'Start every instance with the new APP_SECRET now: the old one is refused.\n',
    );
    return 0;
  } catch (error) {
    if (embedded) fs.rmSync(pendingFile, { force: true });
    return fail(`Nothing was changed: ${(error as Error).message}`);
  } finally {
    await database.close();
  }
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}
