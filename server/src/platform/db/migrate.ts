import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from './database.ts';

/** One folder of `NNNN_name.sql` files; its migrations are recorded as `<module>/<file>`. */
export interface MigrationSource {
  module: string;
  directory: string;
}

const migrationLockKey = 7_263_011;

/**
 * Applies, in order, every migration not yet recorded. Each file runs in its
 * own transaction. On PostgreSQL an advisory lock lets several instances start
 * at once.
 */
export async function applyMigrations<Tables>(database: Database<Tables>, sources: MigrationSource[]): Promise<string[]> {
  if (database.engine !== 'postgres') return applyPending(database, sources);
  return database.db.connection().execute(async (session) => {
    await sql`SELECT pg_advisory_lock(${migrationLockKey})`.execute(session);
    try {
      // Inside the lock: two IF NOT EXISTS racing on an empty database both try to create the table.
      return await applyPending(database, sources);
    } finally {
      await sql`SELECT pg_advisory_unlock(${migrationLockKey})`.execute(session);
    }
  });
}

async function applyPending<Tables>(database: Database<Tables>, sources: MigrationSource[]): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(
    database.db,
  );
  const applied = new Set((await sql<{ id: string }>`SELECT id FROM schema_migrations`.execute(database.db)).rows.map((row) => row.id));
  const done: string[] = [];
  for (const source of sources) {
    const files = fs
      .readdirSync(source.directory)
      .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
      .sort();
    for (const file of files) {
      const id = `${source.module}/${file.replace(/\.sql$/, '')}`;
      if (applied.has(id)) continue;
      const script = fs.readFileSync(path.join(source.directory, file), 'utf8');
      await database.runScript(script, { text: 'INSERT INTO schema_migrations (id) VALUES ($1)', values: [id] });
      done.push(id);
    }
  }
  return done;
}
