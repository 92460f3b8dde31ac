// `npm run cli -- reset-password <email>`: a forgotten admin password is reset from the command line,
// with the password from stdin (CI has no terminal) or generated; every session and token of theirs ends.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { createApiClient, signInWithToken } from './testing/api-client.ts';
import { createTestDatabase, startTestServer, testAdmin, testAppSecret, testEngines, type TestDatabase } from './testing/harness.ts';

const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));

function cli(args: string[], database: TestDatabase, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { PATH: process.env.PATH ?? '', APP_SECRET: testAppSecret, ...database.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

for (const engine of testEngines()) {
  describe(`cli reset-password on ${engine}`, () => {
    test('stdin or generated password; sessions and tokens end; bad input changes nothing', async () => {
      const database = await createTestDatabase(engine);
      let server = await startTestServer(engine, {}, database);
      try {
        const oldToken = (await createApiClient(server.url).post('/api/api-token-auth/', testAdmin)).body.token as string;
        assert.ok(oldToken);
        if (engine === 'pglite') {
          // The embedded database belongs to the running server: the command says to stop it first.
          const held = await cli(['reset-password', testAdmin.email, '--password-stdin'], database, 'fresh-password-1\n');
          assert.equal(held.code, 1);
          assert.match(held.stderr, /holds .*: stop it, reset the password, then start it again/);
          await server.stop({ keepData: true });
        }

        const unknown = await cli(['reset-password', 'nobody@example.com', '--password-stdin'], database, 'fresh-password-1\n');
        assert.equal(unknown.code, 1);
        assert.match(unknown.stderr, /No staff member has the e-mail nobody@example\.com/);
        const short = await cli(['reset-password', testAdmin.email, '--password-stdin'], database, 'short\n');
        assert.equal(short.code, 1);
        assert.match(short.stderr, /at least 8 characters/);
        assert.equal((await cli(['reset-password'], database)).code, 2, 'no e-mail: usage');

        const fromStdin = await cli(['reset-password', testAdmin.email.toUpperCase(), '--password-stdin'], database, 'fresh-password-1\n');
        assert.equal(fromStdin.code, 0, fromStdin.stderr);
        assert.match(
          fromStdin.stdout,
          /Password reset for admin@example\.com \(admin\)\. Ended \d+ session\(s\), revoked 1 API token\(s\)\./,
        );
        assert.doesNotMatch(fromStdin.stdout, /fresh-password-1/, 'a password given on stdin is not echoed');

        const generated = await cli(['reset-password', testAdmin.email], database);
        assert.equal(generated.code, 0, generated.stderr);
        const password = /New password \(shown once\): (\S+)/.exec(generated.stdout)?.[1];
        assert.ok(password && password.length >= 16, generated.stdout);

        if (engine === 'pglite') server = await startTestServer(engine, {}, database);
        const anonymous = createApiClient(server.url);
        assert.equal((await createApiClient(server.url, { token: oldToken }).get('/api/auth/me')).status, 401, 'the old token is revoked');
        assert.equal((await anonymous.post('/api/api-token-auth/', testAdmin)).status, 401, 'the old password is refused');
        assert.equal(
          (await anonymous.post('/api/api-token-auth/', { ...testAdmin, password: 'fresh-password-1' })).status,
          401,
          'so is the one before the last reset',
        );
        const admin = await signInWithToken(server.url, { email: testAdmin.email, password });
        assert.equal((await admin.get('/api/auth/me')).body.user.role, 'admin');
      } finally {
        await server.stop();
      }
    });
  });
}
