import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';

/**
 * The view of a handle (the database or an open transaction) through the tables one part declares.
 *
 * Kysely<A & B> is not assignable to Kysely<A> (Kysely uses its table map both ways), and Kysely's
 * builders do not resolve table names on a generic `Kysely<DB extends A>`. Yet every query written
 * for A runs unchanged on a database holding A & B. So a part declares its tables once
 * (`const inboxTables = tablesOf<InboxPartTables>()`), its entry points accept any wider handle
 * (`<DB extends InboxPartTables>(db: Kysely<DB>)`), and narrow it here; `Wider extends Part` is the
 * compiler's proof that the tables exist. The overloads are the only place a handle changes type.
 */
export function tablesOf<Part>() {
  function view<Wider extends Part>(handle: Transaction<Wider>): Transaction<Part>;
  function view<Wider extends Part>(handle: Kysely<Wider>): Kysely<Part>;
  function view(handle: object): object {
    return handle;
  }
  return view;
}
import { createPgliteDialect } from './pglite-dialect.ts';

export type DatabaseEngine = 'pglite' | 'postgres';

/** Runs SQL text outside the query builder: migrations and pg-boss use it. */
export interface SqlExecutor {
  (text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface Database<Tables> {
  db: Kysely<Tables>;
  engine: DatabaseEngine;
  /** The embedded engine, when that is the one in use. */
  pglite?: PGlite;
  connectionString?: string;
  /** Runs a multi-statement script in one transaction. */
  runScript(script: string, afterScript?: { text: string; values: unknown[] }): Promise<void>;
  /** Subscribes to NOTIFY on a channel; on PostgreSQL this holds one dedicated connection. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const int8AsNumber = (value: string) => Number(value);

export interface OpenDatabaseOptions {
  dataDir: string;
  databaseUrl?: string;
  queryTimeoutMs: number;
}

/** Opens PGlite in `<dataDir>/pg` unless a PostgreSQL URL is given. */
export async function openDatabase<Tables>(options: OpenDatabaseOptions): Promise<Database<Tables>> {
  return options.databaseUrl ? openPostgres<Tables>(options.databaseUrl, options.queryTimeoutMs) : openPglite<Tables>(options);
}

async function openPglite<Tables>(options: OpenDatabaseOptions): Promise<Database<Tables>> {
  const folder = path.join(options.dataDir, 'pg');
  fs.mkdirSync(folder, { recursive: true });
  // Loaded only when used: with DATABASE_URL the embedded engine's code is never loaded.
  const [{ PGlite }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm')]);
  const pglite = await PGlite.create(folder, { extensions: { pg_trgm }, parsers: { 20: int8AsNumber } });
  const db = new Kysely<Tables>({ dialect: createPgliteDialect(pglite, options.queryTimeoutMs) });
  return {
    db,
    engine: 'pglite',
    pglite,
    async runScript(script, afterScript) {
      // Through the query builder's connection, so nothing else interleaves.
      await db.connection().execute(async () => {
        await pglite.transaction(async (transaction) => {
          await transaction.exec(script);
          if (afterScript) await transaction.query(afterScript.text, afterScript.values);
        });
      });
    },
    async listen(channel, onPayload) {
      const unsubscribe = await pglite.listen(channel, onPayload);
      return async () => unsubscribe();
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openPostgres<Tables>(connectionString: string, queryTimeoutMs: number): Promise<Database<Tables>> {
  const clientOptions = {
    connectionString,
    types: { getTypeParser: (oid: number, format?: string) => (oid === 20 ? int8AsNumber : pg.types.getTypeParser(oid, format as 'text')) },
    ...(queryTimeoutMs > 0 ? { statement_timeout: queryTimeoutMs, connectionTimeoutMillis: queryTimeoutMs } : {}),
  } satisfies pg.PoolConfig;
  // Room for webhook acknowledgements while the intake drains chats (at most 8 at once) and delivery records.
  const pool = new pg.Pool({ ...clientOptions, max: 20 });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const listeners: pg.Client[] = [];
  return {
    db,
    engine: 'postgres',
    connectionString,
    async runScript(script, afterScript) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(script);
        if (afterScript) await client.query(afterScript.text, afterScript.values);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      const client = new pg.Client(clientOptions);
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === channel) onPayload(message.payload ?? '');
      });
      await client.query(`LISTEN "${channel.replaceAll('"', '')}"`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => undefined);
      };
    },
    async close() {
      await Promise.all(listeners.splice(0).map((client) => client.end().catch(() => undefined)));
      await db.destroy();
    },
  };
}
