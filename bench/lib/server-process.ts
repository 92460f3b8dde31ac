// Switchboard in a child process of its own, as in production: the load comes
// from this process, the server's CPU and memory are its own (/proc/<pid>).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findFreePort } from '../../server/src/testing/postgres-cluster.ts';
import { benchAppSecret, type BenchDatabase } from './databases.ts';
import { benchRoot } from './report.ts';

const entries = {
  /** The real entry point, as `npm start` runs it. */
  main: path.join(benchRoot, '../server/src/main.ts'),
  /** startSwitchboard plus an IPC channel to reach the delivery engine. */
  child: path.join(benchRoot, 'server-child.ts'),
  /** The hand-written grammY + Fastify bot the inbound benchmark compares with. */
  floor: path.join(benchRoot, 'floor-bot.ts'),
};

/** Node flags `npm start` passes before the entry (`bin/node24 --flag … server/src/main.ts`), so `main` runs as in production. */
function startScriptFlags(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(benchRoot, '../package.json'), 'utf8')) as { scripts?: { start?: string } };
  const words = (manifest.scripts?.start ?? '').split(/\s+/);
  const entry = words.findIndex((word) => word.endsWith('main.ts'));
  return words.slice(0, Math.max(0, entry)).filter((word) => word.startsWith('--'));
}

export const benchAdmin = { email: 'bench@example.com', password: 'bench-password-1' };

export interface ServerProcess {
  pid: number;
  port: number;
  url: string;
  /** Milliseconds from spawn to the first healthy answer. */
  startupMs: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Resident set size now, in MB (VmRSS of /proc/<pid>/status). */
  rssMb(): number;
  /** A request to the bench child over IPC (entry 'child' only). */
  call<T = any>(command: string, args?: unknown): Promise<T>;
  /** SIGTERM and wait; SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
  kill9(): Promise<void>;
  output(): string;
}

export interface StartServerOptions {
  database: BenchDatabase;
  entry?: keyof typeof entries;
  env?: Record<string, string>;
  port?: number;
  withAdmin?: boolean;
  /** Folder for a V8 CPU profile of the server (--cpu-prof). */
  cpuProfileDir?: string;
  healthTimeoutMs?: number;
}

/** CPU time the process has used so far (user + system, /proc/<pid>/stat), in ms. */
export function readCpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

export function readRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 102.4) / 10 : NaN;
}

export async function startServer(options: StartServerOptions): Promise<ServerProcess> {
  const port = options.port ?? (await findFreePort());
  const url = `http://127.0.0.1:${port}`;
  const entry = options.entry ?? 'main';
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_SECRET: benchAppSecret,
    LOG_LEVEL: 'warn',
    DB_QUERY_TIMEOUT_MS: '30000',
    ...(options.withAdmin === false ? {} : { ADMIN_EMAIL: benchAdmin.email, ADMIN_PASSWORD: benchAdmin.password }),
    ...options.database.env,
    ...options.env,
  };
  const profileDir = options.cpuProfileDir ?? process.env.BENCH_CPU_PROFILE;
  const flags = [...(entry === 'main' ? startScriptFlags() : []), ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const startedAt = Date.now();
  const child = spawn(process.execPath, [...flags, entries[entry]], {
    cwd: options.database.dataDir,
    env,
    stdio: entry === 'child' ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((exitCode = code))));

  const pending = new Map<number, { resolve(value: any): void; reject(error: Error): void }>();
  let nextId = 1;
  child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error));
    else waiter.resolve(message.result);
  });
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`server exited:\n${output.slice(-3000)}`));
    pending.clear();
  });

  const deadline = startedAt + (options.healthTimeoutMs ?? 90_000);
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the server exited (${exitCode}) before it was healthy:\n${output.slice(-4000)}`);
    const status = await fetch(`${url}/api/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server was not healthy within ${options.healthTimeoutMs ?? 90_000} ms:\n${output.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const startupMs = Date.now() - startedAt;

  return {
    pid: child.pid!,
    port,
    url,
    startupMs,
    child,
    exited,
    rssMb: () => readRssMb(child.pid!),
    call(command, args) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, command, args });
      });
    },
    async stop(timeoutMs = 20_000) {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
    async kill9() {
      if (exitCode !== undefined) return;
      child.kill('SIGKILL');
      await exited;
    },
    output: () => output,
  };
}
