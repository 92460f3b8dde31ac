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
  // Browser tests run one file at a time in their own runner (one Chromium at a time keeps them fast and
  // steady on two cores), alongside the rest, so no browser file waits on a lock past its timeout.
  const browserPatterns = patterns.filter((pattern) => pattern.startsWith('e2e'));
  const otherPatterns = patterns.filter((pattern) => !pattern.startsWith('e2e'));
  const runs = [
    otherPatterns.length > 0
      ? runTests(otherPatterns, Math.max(2, Math.min(3, os.cpus().length)) - (browserPatterns.length > 0 ? 1 : 0))
      : 0,
    browserPatterns.length > 0 ? runTests(browserPatterns, 1) : 0,
  ];
  const codes = await Promise.all(runs);
  exitCode = codes.find((code) => code !== 0) ?? 0;
} finally {
  await cluster.stop();
  fs.rmSync(pgliteFolder, { recursive: true, force: true });
}
process.exit(exitCode);

function runTests(files: string[], concurrency: number): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--test', `--test-concurrency=${Math.max(1, concurrency)}`, '--test-timeout=300000', ...files], {
      stdio: 'inherit',
      env: { ...process.env, SWITCHBOARD_TEST_PG_URL: cluster.url, SWITCHBOARD_TEST_PGLITE_TEMPLATE: pgliteFolder },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
