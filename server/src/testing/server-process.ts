// Real server processes (`node server/src/main.ts`) for tests of several
// instances on one database: start-up races, roles, kill -9 failover.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { findFreePort } from './postgres-cluster.ts';

const mainPath = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code; SIGKILL when it has not stopped within the grace. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Starts one instance on its own free port and DATA_DIR (removed when it exits). */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await findFreePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-instance-'));
  let output = '';
  const child = spawn(process.execPath, [mainPath], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve(code);
    }),
  );
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Resolves with the health body once the instance answers 200; fails when it exits or the time is up. */
export async function waitForHealthy(instance: ServerProcess, timeoutMs = 90_000): Promise<{ status: string; role: string }> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void instance.exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the instance on ${instance.url} exited with ${exitCode}:\n${instance.output()}`);
    try {
      const response = await fetch(`${instance.url}/api/health`);
      if (response.status === 200) return (await response.json()) as { status: string; role: string };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no healthy answer from ${instance.url} within ${timeoutMs} ms:\n${instance.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** An empty database (no migrations: the instances race to make it) on the test run's cluster. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const clusterUrl = process.env.SWITCHBOARD_TEST_PG_URL;
  if (!clusterUrl) throw new Error('SWITCHBOARD_TEST_PG_URL is not set: run the tests with `npm test`, which starts PostgreSQL.');
  const name = `cluster_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client(`${clusterUrl}/postgres`);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `${clusterUrl}/${name}`,
    async drop() {
      const client = new pg.Client(`${clusterUrl}/postgres`);
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
