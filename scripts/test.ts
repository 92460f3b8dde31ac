// The whole test suite: starts one PostgreSQL cluster, migrates a template per
// engine, then runs every *.test.ts with Node's test runner. Extra arguments
// select files: `npm test -- server/src/platform`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareTemplates } from '../server/src/testing/harness.ts';
import { startPostgresCluster } from '../server/src/testing/postgres-cluster.ts';

const selected = process.argv.slice(2);
const patterns =
  selected.length > 0
    ? selected.map((item) => (item.endsWith('.ts') ? item : `${item.replace(/\/$/, '')}/**/*.test.ts`))
    : ['server/src/**/*.test.ts', 'tools/**/*.test.ts', 'web/src/**/*.test.ts', 'e2e/**/*.test.ts'];

const started = Date.now();
const cluster = await startPostgresCluster();
const pgliteFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-template-'));
let exitCode: number;
try {
  await prepareTemplates({ clusterUrl: cluster.url, pgliteFolder });
  process.stdout.write(`test databases ready in ${Date.now() - started} ms\n`);
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--test', `--test-concurrency=${Math.max(2, Math.min(3, os.cpus().length))}`, '--test-timeout=300000', ...patterns],
      { stdio: 'inherit', env: { ...process.env, SWITCHBOARD_TEST_PG_URL: cluster.url, SWITCHBOARD_TEST_PGLITE_TEMPLATE: pgliteFolder } },
    );
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
} finally {
  await cluster.stop();
  fs.rmSync(pgliteFolder, { recursive: true, force: true });
}
process.exit(exitCode);
