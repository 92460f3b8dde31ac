// What every scenario needs: a migrated database, a server on it, tokens.
import { createRandomToken, hashToken } from '../../server/src/platform/crypto.ts';
import { createBenchDatabase, prepareTemplate, type BenchDatabase } from './databases.ts';
import type { Engine, Mode } from './report.ts';
import { benchAdmin, startServer } from './server-process.ts';

export interface BenchOptions {
  mode: Mode;
  quick: boolean;
  engines: Engine[];
}

/** A fresh, migrated database (the template is migrated once per run by starting the server on it). */
export async function freshDatabase(engine: Engine): Promise<BenchDatabase> {
  await prepareTemplate(engine, async (database) => {
    const server = await startServer({ database, withAdmin: false });
    await server.stop();
  });
  return createBenchDatabase(engine);
}

/** An API token of the bench admin (created from ADMIN_EMAIL / ADMIN_PASSWORD at start). */
export async function adminToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/api-token-auth/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(benchAdmin),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * Staff users with one API token each, written straight into the tables
 * (hashing 500 passwords would take longer than the benchmark). They cannot
 * sign in with a password; their tokens work like any other.
 */
export async function insertStaffWithTokens(
  database: BenchDatabase,
  role: string,
  count: number,
  prefix = role,
): Promise<Array<{ id: number; token: string }>> {
  const tokens = Array.from({ length: count }, () => createRandomToken());
  const staff: Array<{ id: number; token: string }> = [];
  await database.withClient(async (query) => {
    for (let start = 0; start < count; start += 200) {
      const slice = tokens.slice(start, start + 200);
      const users = await query<{ id: number }>(
        `INSERT INTO staff_users (email, name, password_hash, role)
         SELECT 'bench-' || $1 || '-' || n || '@example.com', 'Bench ' || $1 || ' ' || n, 'unusable', $2
         FROM generate_series($3::int, $4::int) AS n RETURNING id`,
        [prefix, role, start, start + slice.length - 1],
      );
      const values = users.map((user, index) => `('${hashToken(slice[index]!)}', ${user.id}, 'bench')`).join(',');
      await query(`INSERT INTO api_tokens (token_hash, user_id, name) VALUES ${values}`);
      users.forEach((user, index) => staff.push({ id: user.id, token: slice[index]! }));
    }
  });
  return staff;
}

/** Adds a bot of the simulator through the accounts API; returns its channel id. */
export async function addBot(baseUrl: string, token: string, botToken: string, name: string, intakeMode = 'forwarded'): Promise<number> {
  const response = await fetch(`${baseUrl}/api/accounts/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Token ${token}` },
    body: JSON.stringify({ name, account_type: 'bot', bot_token: botToken, intake_mode: intakeMode }),
  });
  if (response.status !== 201) throw new Error(`adding bot ${name} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: number }).id;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` returns something truthy, at most `timeoutMs`. */
export async function waitUntil<T>(probe: () => Promise<T> | T, what: string, timeoutMs: number, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Runs `measure` for each engine; a failure is noted (and counted as a missed
 * goal) instead of losing the other engine's figures.
 */
export async function forEachEngine<T>(
  report: {
    note(text: string): void;
    goal(entry: { engine?: Engine; name: string; target: string; value: number | null; met: boolean | null }): void;
  },
  engines: Engine[],
  measure: (engine: Engine) => Promise<T>,
  record: (engine: Engine, result: T) => void,
): Promise<void> {
  for (const engine of engines) {
    let result: T;
    try {
      result = await measure(engine);
    } catch (error) {
      report.note(`${engine}: failed: ${(error as Error).stack ?? String(error)}`);
      report.goal({ engine, name: 'scenario completed', target: 'yes', value: null, met: false });
      process.stderr.write(`${engine} failed: ${(error as Error).stack ?? String(error)}\n`);
      continue;
    }
    record(engine, result);
  }
}

/** The engines a scenario runs on: all in a full run; in --quick, `quickEngines` of them. */
export function enginesFor(options: BenchOptions, quickEngines: Engine[] = ['postgres', 'pglite']): Engine[] {
  return options.quick ? options.engines.filter((engine) => quickEngines.includes(engine)) : options.engines;
}
