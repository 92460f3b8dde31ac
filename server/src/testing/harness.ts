import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { startSwitchboard, type StartOptions, type Switchboard } from '../main.ts';
import { loadConfig } from '../platform/index.ts';

export type Engine = 'pglite' | 'postgres';

/** The APP_SECRET the templates were made with (their fingerprint is stored in them). */
export const testAppSecret = 'test-secret-test-secret-test-secret-0123456789';
export const testAdmin = { email: 'admin@example.com', password: 'admin-password-1' };
const templateDatabase = 'switchboard_template';

/** Engines to run integration tests on: both unless SWITCHBOARD_TEST_ENGINES narrows them. */
export function testEngines(): Engine[] {
  const wanted = (process.env.SWITCHBOARD_TEST_ENGINES ?? 'pglite,postgres').split(',');
  return (['pglite', 'postgres'] as const).filter((engine) => wanted.includes(engine));
}

function clusterUrl(): string {
  const url = process.env.SWITCHBOARD_TEST_PG_URL;
  if (!url) throw new Error('SWITCHBOARD_TEST_PG_URL is not set: run the tests with `npm test`, which starts PostgreSQL.');
  return url;
}

function pgliteTemplate(): string {
  const folder = process.env.SWITCHBOARD_TEST_PGLITE_TEMPLATE;
  if (!folder) throw new Error('SWITCHBOARD_TEST_PGLITE_TEMPLATE is not set: run the tests with `npm test`.');
  return folder;
}

/** Migrates one template per engine, once per run, so each test file copies instead of migrating. */
export async function prepareTemplates(options: { clusterUrl: string; pgliteFolder: string }): Promise<void> {
  const admin = new pg.Client(`${options.clusterUrl}/postgres`);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase}`);
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  await admin.end();
  const quiet = { logDestination: new Writable({ write: (_chunk, _encoding, done) => done() }) };
  const base = { PORT: '0', APP_SECRET: testAppSecret, LOG_LEVEL: 'warn' };
  const onPostgres = await startSwitchboard(
    loadConfig({ ...base, DATA_DIR: options.pgliteFolder, DATABASE_URL: `${options.clusterUrl}/${templateDatabase}` }),
    quiet,
  );
  await onPostgres.stop();
  const onPglite = await startSwitchboard(loadConfig({ ...base, DATA_DIR: options.pgliteFolder }), quiet);
  await onPglite.stop();
}

export interface TestServer {
  engine: Engine;
  url: string;
  switchboard: Switchboard;
  dataDir: string;
  databaseUrl?: string;
  /** Log lines written so far (JSON strings). */
  logs(): string[];
  /** Stops the server; `keepData` leaves the database for a restart. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export interface TestDatabase {
  env: Record<string, string>;
  dataDir: string;
  databaseUrl?: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file: a copy of the migrated template. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-test-'));
  if (engine === 'pglite') {
    fs.cpSync(pgliteTemplate(), dataDir, { recursive: true });
    fs.rmSync(path.join(dataDir, 'switchboard.lock'), { force: true });
    return { env: { DATA_DIR: dataDir }, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client(`${clusterUrl()}/postgres`);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase}`);
  await admin.end();
  const databaseUrl = `${clusterUrl()}/${name}`;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    dataDir,
    databaseUrl,
    async drop() {
      const client = new pg.Client(`${clusterUrl()}/postgres`);
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts Switchboard in-process on a random port against a fresh database of the engine. */
export async function startTestServer(
  engine: Engine,
  env: Record<string, string> = {},
  database?: TestDatabase,
  startOptions: Omit<StartOptions, 'logDestination'> = {},
): Promise<TestServer> {
  const db = database ?? (await createTestDatabase(engine));
  const lines: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      if (process.env.TEST_LOGS) process.stderr.write(chunk);
      done();
    },
  });
  const config = loadConfig({
    PORT: '0',
    APP_SECRET: testAppSecret,
    ADMIN_EMAIL: testAdmin.email,
    ADMIN_PASSWORD: testAdmin.password,
    LOG_LEVEL: 'info',
    // The production default. At 10 s, on a loaded CI machine (browser tests beside these) an embedded-engine query
    // can wait past it for the one connection; a bot handler failing on that loses its reply (the likely cause of
    // a clinic waitlist test that waited 60 s for a reply in CI).
    DB_QUERY_TIMEOUT_MS: '30000',
    ...db.env,
    ...env,
  });
  const switchboard = await startSwitchboard(config, { ...startOptions, logDestination });
  return {
    engine,
    url: switchboard.url,
    switchboard,
    dataDir: db.dataDir,
    databaseUrl: db.databaseUrl,
    logs: () => lines,
    async stop(options = {}) {
      await switchboard.stop();
      if (!options.keepData) await db.drop();
    },
  };
}
