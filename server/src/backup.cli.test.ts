// The embedded engine's backup and restore: refused while a server holds the
// data folder; a backup restored into an empty folder serves the same data.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { backupEmbedded, restoreEmbedded } from './backup.cli.ts';
import { signInWithToken } from './testing/api-client.ts';
import { startTestServer, testAdmin, testEngines } from './testing/harness.ts';

const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

test(
  'backup and restore of the embedded data folder',
  { skip: !testEngines().includes('pglite') && 'needs the embedded engine' },
  async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-backup-'));
    const backupFile = path.join(scratch, 'switchboard.backup');
    const server = await startTestServer('pglite');
    const restoredDir = path.join(scratch, 'restored');
    try {
      const admin = await signInWithToken(server.url, testAdmin);
      const created = await admin.post('/api/operators', {
        email: 'kept@example.com',
        password: 'operator-pass-1',
        name: 'Kept',
        role: 'operator',
      });
      assert.equal(created.status, 201);
      fs.writeFileSync(path.join(server.dataDir, 'app-secret'), 'generated-secret-generated-secret-0123\n');

      const refused = await runCli(['backup', backupFile], { DATA_DIR: server.dataDir });
      assert.equal(refused.code, 1);
      assert.match(refused.output, /Another Switchboard process \(pid \d+.*stop the server first/);
      assert.equal(fs.existsSync(backupFile), false);
      const onPostgres = await runCli(['restore', backupFile], {
        DATA_DIR: server.dataDir,
        DATABASE_URL: 'postgres://db/x',
        APP_SECRET: 'x'.repeat(32),
      });
      assert.equal(onPostgres.code, 1);
      assert.match(onPostgres.output, /pg_dump/);

      await server.switchboard.stop();
      const header = await backupEmbedded(server.dataDir, backupFile);
      assert.equal(header.app_secret, 'generated-secret-generated-secret-0123');
      assert.ok(header.database_bytes > 0);

      const restored = await restoreEmbedded(restoredDir, backupFile);
      assert.equal(restored.movedAside, undefined, 'an empty folder has nothing to move aside');
      assert.equal(fs.readFileSync(path.join(restoredDir, 'app-secret'), 'utf8').trim(), 'generated-secret-generated-secret-0123');
      const again = await restoreEmbedded(restoredDir, backupFile);
      assert.ok(
        again.movedAside && fs.existsSync(path.join(again.movedAside, 'PG_VERSION')),
        'a restore over a database keeps the old one aside',
      );

      const fromBackup = await startTestServer(
        'pglite',
        { DATA_DIR: restoredDir },
        { env: { DATA_DIR: restoredDir }, dataDir: restoredDir, drop: async () => undefined },
      );
      try {
        const operators = await (await signInWithToken(fromBackup.url, testAdmin)).get('/api/operators');
        assert.ok(operators.body.results.some((operator: { email: string }) => operator.email === 'kept@example.com'));
      } finally {
        await fromBackup.stop();
      }

      fs.writeFileSync(backupFile, fs.readFileSync(backupFile).subarray(0, 200));
      await assert.rejects(restoreEmbedded(path.join(scratch, 'other'), backupFile), /truncated/);
    } finally {
      await server.stop().catch(() => undefined);
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  },
);
