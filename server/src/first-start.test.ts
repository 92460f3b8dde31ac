// The first start as a person at a terminal meets it (issue 25): readable lines, the steps, a box with
// the address and the setup code; a busy port is one line and a non-zero exit. Real processes.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { createApiClient } from './testing/api-client.ts';
import { startServerProcess, type ServerProcess } from './testing/server-process.ts';
import { eventually } from './testing/ws-client.ts';

describe('first start at a console', () => {
  const started: ServerProcess[] = [];
  after(async () => {
    await Promise.all(started.map((instance) => instance.stop()));
  });

  test('a busy port: one line that names the port and the fix, exit code 1, JSON lines before it when piped', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const instance = await startServerProcess({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
      started.push(instance);
      assert.equal(await instance.exited, 1);
      const lines = instance.output().trimEnd().split('\n');
      assert.equal(
        lines.at(-1),
        `switchboard: port ${port} is already in use (another Switchboard, or another program). Stop it, or start on a free port: PORT=${port + 1} npm start (or set PORT in .env).`,
      );
      assert.doesNotMatch(instance.output(), /^\s+at /m, 'no stack trace');
      // Not a terminal: the log lines before it are JSON, one per line, and say what the start was doing.
      const logged = lines.slice(0, -1).map((line) => JSON.parse(line) as { msg: string });
      assert.ok(
        logged.some((line) => line.msg.startsWith('Opening the embedded database')),
        JSON.stringify(logged.map((line) => line.msg)),
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('LOG_FORMAT=pretty: readable lines, the steps of the first start, then a box with the address and a setup code that works', async () => {
    const instance = await startServerProcess({ LOG_FORMAT: 'pretty', LOG_LEVEL: 'info', HOST: '127.0.0.1' });
    started.push(instance);
    const output = await eventually(() => (instance.output().includes('╰') ? instance.output() : null), 120_000, 'the closing box');
    const lines = output.trimEnd().split('\n');
    assert.equal(lines.filter((line) => line.startsWith('{')).length, 0, `no JSON on a console:\n${output}`);
    assert.match(output, /^\[\d\d:\d\d:\d\d\] INFO: Opening the embedded database/m);
    assert.match(output, /Database schema brought up to date \(\d+ migrations\)/);
    assert.match(output, new RegExp(`Open http://127\\.0\\.0\\.1:${instance.port}\\s`));
    // The box comes last, after every line logged before it, and says what the JSON lines would.
    assert.ok(lines.at(-1)!.startsWith('╰'), output);
    assert.match(output, /INFO: Started in [\d.]+ s \(pglite, role all\)/);
    const box = lines.slice(lines.findIndex((line) => line.startsWith('╭')));
    assert.ok(
      box.every((line) => [...line].length === [...box[0]!].length),
      `the box is square:\n${box.join('\n')}`,
    );
    const code = /enter the setup code: +([A-Z0-9]+)/.exec(output)?.[1];
    assert.ok(code, output);
    const setup = await createApiClient(instance.url).post('/api/setup', {
      setup_code: code,
      email: 'owner@example.com',
      password: 'owner-password-1',
      name: 'Owner',
    });
    assert.equal(setup.status, 200, JSON.stringify(setup.body));
  });
});
