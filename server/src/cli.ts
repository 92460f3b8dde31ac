// Switchboard's command line: `npm run cli -- <command>`.
// When a server holds the data folder, commands talk to it over its API.
import fs from 'node:fs';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { sql } from 'kysely';
import { migrationSources } from './main.ts';
import { backupCommands } from './backup.cli.ts';
import { serverChecks } from './doctor.cli.ts';
import type { ChannelTables } from './channels/tables.ts';
import { rotateAppSecret } from './rotate-app-secret.cli.ts';
import { resetPassword } from './reset-password.cli.ts';
import { runTelegramCliCommand } from './channels/telegram-bot/index.ts';
import { createSecretBox, loadConfig, openDatabase, readSetting, type Config, type PlatformTables } from './platform/index.ts';

type Verdict = 'pass' | 'fail' | 'warn';
interface CheckResult {
  name: string;
  verdict: Verdict;
  detail: string;
}

const marks: Record<Verdict, string> = { pass: '✔', fail: '✖', warn: '!' };

function serverUrl(config: Config): string {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}

function lockHolder(config: Config): number | undefined {
  try {
    const { pid } = JSON.parse(fs.readFileSync(path.join(config.dataDir, 'switchboard.lock'), 'utf8')) as { pid: number };
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function checkDatabase(config: Config): Promise<CheckResult[]> {
  const holder = config.DATABASE_URL ? undefined : lockHolder(config);
  if (holder)
    return [
      {
        name: 'database',
        verdict: 'pass',
        detail: `embedded database in use by the running server (pid ${holder}); checked through its API below`,
      },
    ];
  const database = await openDatabase<PlatformTables>({
    dataDir: config.dataDir,
    databaseUrl: config.DATABASE_URL,
    queryTimeoutMs: 10_000,
  });
  try {
    await sql`SELECT 1`.execute(database.db);
    const results: CheckResult[] = [{ name: 'database', verdict: 'pass', detail: `${database.engine} answers` }];
    const table = await sql<{ name: string | null }>`SELECT to_regclass('schema_migrations')::text AS name`.execute(database.db);
    const applied = table.rows[0]?.name
      ? new Set((await sql<{ id: string }>`SELECT id FROM schema_migrations`.execute(database.db)).rows.map((row) => row.id))
      : new Set<string>();
    const known = migrationSources.flatMap((source) =>
      fs
        .readdirSync(source.directory)
        .filter((file) => file.endsWith('.sql'))
        .map((file) => `${source.module}/${file.replace(/\.sql$/, '')}`),
    );
    const pending = known.filter((id) => !applied.has(id));
    results.push({
      name: 'migrations',
      verdict: pending.length ? 'warn' : 'pass',
      detail: pending.length ? `${pending.length} pending; they apply at the next start` : `all ${known.length} applied`,
    });
    if (applied.size > 0) {
      const secret = config.APP_SECRET ?? readEmbeddedSecret(config);
      const stored = await readSetting<string>(database.db, 'app_secret_fingerprint');
      const matches = secret !== undefined && stored === createSecretBox(secret).fingerprint;
      results.push({
        name: 'APP_SECRET',
        verdict: matches || stored === undefined ? 'pass' : 'fail',
        detail: matches || stored === undefined ? 'matches the database' : 'does not match the key this database was set up with',
      });
    }
    return results;
  } finally {
    await database.close();
  }
}

function readEmbeddedSecret(config: Config): string | undefined {
  try {
    return fs.readFileSync(path.join(config.dataDir, 'app-secret'), 'utf8').trim();
  } catch {
    return undefined;
  }
}

async function checkServer(config: Config): Promise<CheckResult[]> {
  const url = serverUrl(config);
  let response: Response;
  try {
    response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
  } catch {
    return [{ name: 'server', verdict: 'warn', detail: `nothing answers at ${url}; start it with npm start` }];
  }
  const body = (await response.json().catch(() => ({}))) as { status?: string; problems?: string[] };
  if (response.status !== 200)
    return [
      { name: 'server health', verdict: 'fail', detail: `${url}/api/health: ${response.status} ${(body.problems ?? []).join('; ')}` },
    ];
  const results: CheckResult[] = [{ name: 'server health', verdict: 'pass', detail: `${url}/api/health is healthy` }];
  // An admin's API token (SWITCHBOARD_API_TOKEN), or one signed in with ADMIN_EMAIL/ADMIN_PASSWORD.
  let token = process.env.SWITCHBOARD_API_TOKEN;
  if (!token && config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    const tokenResponse = await fetch(`${url}/api/api-token-auth/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }),
    });
    if (tokenResponse.status !== 200) {
      results.push({
        name: 'admin sign-in',
        verdict: 'fail',
        detail: `ADMIN_EMAIL/ADMIN_PASSWORD refused (${tokenResponse.status}); forgot it? npm run cli -- reset-password <email>`,
      });
      return results;
    }
    token = ((await tokenResponse.json()) as { token: string }).token;
  }
  if (token) {
    const status = await fetch(`${url}/api/system/status`, { headers: { authorization: `Token ${token}` } });
    results.push({
      name: 'system status',
      verdict: status.status === 200 ? 'pass' : 'fail',
      detail: status.status === 200 ? 'the admin API answers' : `${status.status}: the token is not an admin's`,
    });
    if (status.status === 200) results.push(...(await serverChecks(url, token)));
  } else {
    results.push({
      name: 'admin checks',
      verdict: 'warn',
      detail:
        'set SWITCHBOARD_API_TOKEN (an admin API token) or ADMIN_EMAIL and ADMIN_PASSWORD to also check bots, WebSocket, uploads and jobs',
    });
  }
  return results;
}

async function doctor(): Promise<number> {
  const results: CheckResult[] = [];
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  results.push({ name: 'node', verdict: major > 22 || (major === 22 && minor >= 12) ? 'pass' : 'fail', detail: `Node ${process.version}` });
  let config: Config;
  try {
    config = loadConfig();
    results.push({
      name: 'configuration',
      verdict: 'pass',
      detail: config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded engine in ${config.dataDir}`,
    });
  } catch (error) {
    results.push({ name: 'configuration', verdict: 'fail', detail: (error as Error).message });
    return report(results);
  }
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.accessSync(config.dataDir, fs.constants.W_OK);
    results.push({ name: 'data folder', verdict: 'pass', detail: `${config.dataDir} is writable` });
  } catch (error) {
    results.push({ name: 'data folder', verdict: 'fail', detail: (error as Error).message });
  }
  for (const check of [checkDatabase, checkServer]) {
    try {
      results.push(...(await check(config)));
    } catch (error) {
      results.push({ name: check.name.replace(/^check/, '').toLowerCase(), verdict: 'fail', detail: (error as Error).message });
    }
  }
  return report(results);
}

function report(results: CheckResult[]): number {
  for (const result of results) process.stdout.write(`${marks[result.verdict]} ${result.name.padEnd(16)} ${result.detail}\n`);
  const count = (verdict: Verdict) => results.filter((result) => result.verdict === verdict).length;
  process.stdout.write(`\n${count('pass')} passed, ${count('fail')} failed, ${count('warn')} warnings\n`);
  return count('fail') > 0 ? 1 : 0;
}

/** A secret column of the default account of a kind, decrypted; null when none is connected or stored. */
async function storedSecret(
  config: Config,
  kind: string,
  column: 'credentials_encrypted' | 'webhook_secret_encrypted',
): Promise<string | null> {
  const database = await openDatabase<ChannelTables>({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, queryTimeoutMs: 10_000 });
  try {
    const row = await database.db
      .selectFrom('channels')
      .select(column)
      .where('kind', '=', kind)
      .where('is_default', '=', true)
      .executeTakeFirst();
    const stored = row?.[column];
    if (!stored) return null;
    return createSecretBox(config.APP_SECRET ?? readEmbeddedSecret(config) ?? '').decrypt(stored);
  } finally {
    await database.close();
  }
}

/** A Bot API call for the default bot, through the Telegram module (its own command line part). */
function telegram(args: string[]): Promise<number> {
  const config = loadConfig();
  return runTelegramCliCommand(args, {
    config,
    lockHolder: () => lockHolder(config),
    storedCredentials: (kind) => storedSecret(config, kind, 'credentials_encrypted'),
    storedWebhookSecret: (kind) => storedSecret(config, kind, 'webhook_secret_encrypted'),
    write: (text) => process.stdout.write(text),
    writeError: (text) => process.stderr.write(text),
  });
}

const commands: Record<string, { summary: string; run: (args: string[]) => Promise<number> }> = {
  doctor: { summary: 'check the whole installation and print a verdict per check', run: doctor },
  bot: { summary: "bot test: check the default bot's token with getMe", run: (args) => telegram(['bot', ...args]) },
  webhook: {
    summary: "webhook show | set [url] | delete: the default bot's Telegram webhook",
    run: (args) => telegram(['webhook', ...args]),
  },
  ...backupCommands,
  'rotate-app-secret': {
    summary: 're-encrypt every stored secret under a new key (NEW_APP_SECRET or --new-secret-file)',
    run: (args) => rotateAppSecret(args, { lockHolder, readEmbeddedSecret }),
  },
  'reset-password': {
    summary: 'reset-password <email> [--password-stdin]: a new password for a staff member; their sessions end',
    run: (args) => resetPassword(args, { lockHolder, readStdin: () => text(process.stdin) }),
  },
};

async function main(argv: string[]): Promise<number> {
  try {
    process.loadEnvFile('.env');
  } catch {
    // no .env: the environment alone configures
  }
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stdout.write(
      `usage: npm run cli -- <command>\n\n${Object.entries(commands)
        .map(([key, value]) => `  ${key.padEnd(20)} ${value.summary}`)
        .join('\n')}\n`,
    );
    return name ? 2 : 0;
  }
  return command.run(args);
}

process.exitCode = await main(process.argv.slice(2));
