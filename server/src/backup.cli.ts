// `npm run cli -- backup <file>` and `restore <file>`: the embedded engine's data
// as one file. The database is dumped by PGlite itself (a consistent tarball of
// its folder), with the generated APP_SECRET beside it so the restored secrets
// can be decrypted. Both refuse while a server holds the data folder (PGlite
// has one process) and on PostgreSQL, whose own tools do it (docs/OPERATIONS.md).
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { DataDirLockedError, loadConfig, lockDataDir, openDatabase, type Config } from './platform/index.ts';

const magic = 'SWITCHBOARD-BACKUP 1\n';

interface BackupHeader {
  created_at: string;
  /** The generated key from DATA_DIR/app-secret; absent when APP_SECRET comes from the environment. */
  app_secret?: string;
  database_bytes: number;
}

/** Writes the backup file; returns what it holds. The caller must hold the data-dir lock. */
export async function backupEmbedded(dataDir: string, file: string): Promise<BackupHeader> {
  if (!fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))) throw new Error(`${dataDir} holds no database to back up.`);
  const database = await openDatabase({ dataDir, queryTimeoutMs: 60_000 });
  let dump: Uint8Array;
  try {
    dump = new Uint8Array(await (await database.pglite!.dumpDataDir('gzip')).arrayBuffer());
  } finally {
    await database.close();
  }
  const secretPath = path.join(dataDir, 'app-secret');
  const header: BackupHeader = {
    created_at: new Date().toISOString(),
    ...(fs.existsSync(secretPath) ? { app_secret: fs.readFileSync(secretPath, 'utf8').trim() } : {}),
    database_bytes: dump.byteLength,
  };
  // Written aside and renamed: an interrupted backup never leaves a file that looks whole.
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, Buffer.concat([Buffer.from(magic), Buffer.from(`${JSON.stringify(header)}\n`), dump]), { mode: 0o600 });
  fs.renameSync(partial, file);
  return header;
}

function readBackup(file: string): { header: BackupHeader; dump: Buffer } {
  const content = fs.readFileSync(file);
  const headerEnd = content.indexOf(0x0a, magic.length);
  if (!content.subarray(0, magic.length).equals(Buffer.from(magic)) || headerEnd < 0)
    throw new Error(`${file} is not a Switchboard backup.`);
  const header = JSON.parse(content.subarray(magic.length, headerEnd).toString('utf8')) as BackupHeader;
  const dump = content.subarray(headerEnd + 1);
  if (dump.byteLength !== header.database_bytes)
    throw new Error(`${file} is truncated: ${dump.byteLength} of ${header.database_bytes} database bytes.`);
  return { header, dump };
}

/**
 * Replaces the data folder's database with the backup's; the database it had
 * is moved aside (named in the answer), never deleted. The caller must hold the lock.
 */
export async function restoreEmbedded(dataDir: string, file: string): Promise<{ header: BackupHeader; movedAside?: string }> {
  const { header, dump } = readBackup(file);
  const folder = path.join(dataDir, 'pg');
  const aside = `.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  let movedAside: string | undefined;
  if (fs.existsSync(folder) && fs.readdirSync(folder).length > 0) {
    movedAside = `${folder}${aside}`;
    fs.renameSync(folder, movedAside);
  }
  fs.mkdirSync(folder, { recursive: true });
  const [{ PGlite }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm')]);
  const pglite = await PGlite.create(folder, { extensions: { pg_trgm }, loadDataDir: new Blob([new Uint8Array(dump)]) });
  await pglite.close();
  // Opened again the way the server opens it: a restore that cannot be read fails here, not at the next start.
  const database = await openDatabase({ dataDir, queryTimeoutMs: 60_000 });
  try {
    await sql`SELECT count(*) FROM schema_migrations`.execute(database.db);
  } finally {
    await database.close();
  }
  const secretPath = path.join(dataDir, 'app-secret');
  if (header.app_secret && fs.existsSync(secretPath) && fs.readFileSync(secretPath, 'utf8').trim() !== header.app_secret) {
    fs.renameSync(secretPath, `${secretPath}${aside}`);
  }
  if (header.app_secret) fs.writeFileSync(secretPath, `${header.app_secret}\n`, { mode: 0o600 });
  return { header, ...(movedAside ? { movedAside } : {}) };
}

async function runWithDataDir(config: Config, command: string, work: () => Promise<string>): Promise<number> {
  if (config.DATABASE_URL) {
    process.stderr.write(
      `${command} is for the embedded engine. On PostgreSQL use pg_dump and pg_restore with a client of the server's version (docs/OPERATIONS.md).\n`,
    );
    return 1;
  }
  let lock: { release(): void };
  try {
    lock = lockDataDir(config.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    process.stderr.write(
      `${error.message.split('. Stop it first')[0]}: stop the server first (a consistent ${command} needs the embedded database to itself).\n`,
    );
    return 1;
  }
  try {
    process.stdout.write(`${await work()}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${command} failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    lock.release();
  }
}

export const backupCommands: Record<string, { summary: string; run: (args: string[]) => Promise<number> }> = {
  backup: {
    summary: 'backup <file>: the embedded database and its generated APP_SECRET in one file (server stopped)',
    async run([file]) {
      if (!file) return usage('backup <file>');
      const config = loadConfig();
      return runWithDataDir(config, 'backup', async () => {
        const header = await backupEmbedded(config.dataDir, path.resolve(file));
        return `Backed up ${config.dataDir} to ${file} (${header.database_bytes} bytes of database${header.app_secret ? ', with its APP_SECRET: keep the file secret' : ''}). Media files are not in it: copy ${config.mediaDir} as well.`;
      });
    },
  },
  restore: {
    summary: 'restore <file>: replace the embedded database with a backup (server stopped; the old one is kept aside)',
    async run([file]) {
      if (!file) return usage('restore <file>');
      const config = loadConfig();
      return runWithDataDir(config, 'restore', async () => {
        const { header, movedAside } = await restoreEmbedded(config.dataDir, path.resolve(file));
        return `Restored ${config.dataDir} from the backup of ${header.created_at}.${movedAside ? ` The database it had is in ${movedAside}.` : ''} Start the server as usual.`;
      });
    },
  },
};

function usage(text: string): number {
  process.stdout.write(`usage: npm run cli -- ${text}\n`);
  return 2;
}
