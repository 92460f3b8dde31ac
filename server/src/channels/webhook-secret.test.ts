// Every bot always has a webhook secret: a changed TELEGRAM_WEBHOOK_SECRET is registered at the next start and the
// old one stops working; `cli webhook set` without TELEGRAM_WEBHOOK_SECRET registers the bot's stored secret.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken } from '../testing/api-client.ts';
import { createTestDatabase, startTestServer, testAdmin, testAppSecret, type TestDatabase } from '../testing/harness.ts';
import { eventually } from '../testing/ws-client.ts';

const cliPath = fileURLToPath(new URL('../cli.ts', import.meta.url));

async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('webhook secrets', () => {
  let sim: Simulator;
  let database: TestDatabase;
  let botToken: string;
  before(async () => {
    sim = await startTelegramSimulator();
    botToken = sim.createBot({ username: 'secret_bot' }).token;
    database = await createTestDatabase('pglite');
  });
  after(async () => {
    await database.drop();
    await sim.stop();
  });

  test('a changed TELEGRAM_WEBHOOK_SECRET is registered at start and the old one is refused', async () => {
    const port = await freePort();
    const env = (secret: string) => ({
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_API_ROOT: sim.apiRoot,
      TELEGRAM_BOT_TOKEN: botToken,
      TELEGRAM_WEBHOOK_SECRET: secret,
    });
    const customer = sim.createUser({ first_name: 'Webhook Customer' });
    for (const [secret, text] of [
      ['old-secret-1', 'through the old secret'],
      ['new-secret-2', 'through the new secret'],
    ]) {
      const server = await startTestServer('pglite', env(secret!), database);
      try {
        const admin = await signInWithToken(server.url, testAdmin);
        sim.sendText(botToken, { from: customer.id, text: text! });
        await eventually(
          async () => (await admin.get('/api/messages/')).body.results.some((message: any) => message.text === text),
          10_000,
          `"${text}" delivered by webhook`,
        );
        if (secret === 'old-secret-1') {
          // The platform's view of the webhook, as the contract's WebhookInfo describes it (GET /api/accounts/:id/webhook).
          const [bot] = (await admin.get('/api/accounts')).body.results;
          const info = await admin.get(`/api/accounts/${bot.id}/webhook`);
          assert.equal(info.status, 200);
          assert.match(info.body.url, new RegExp(`^http://127\\.0\\.0\\.1:${port}/webhooks/`));
          assert.equal(typeof info.body.pending_update_count, 'number');
          const known = ['url', 'pending_update_count', 'has_custom_certificate', 'ip_address', 'last_error_date'];
          known.push('last_error_message', 'last_synchronization_error_date', 'max_connections', 'allowed_updates');
          assert.deepEqual(
            Object.keys(info.body).filter((key) => !known.includes(key)),
            [],
            'every field is one WebhookInfo names',
          );
        }
        if (secret === 'new-secret-2') {
          const stale = await createApiClient(server.url).request('POST', '/webhooks/telegram', {
            body: { update_id: 999 },
            headers: { 'x-telegram-bot-api-secret-token': 'old-secret-1' },
          });
          assert.equal(stale.status, 401, 'the old secret stopped working');
        }
      } finally {
        await server.stop({ keepData: true });
      }
    }
  });

  test('`cli webhook set` without TELEGRAM_WEBHOOK_SECRET registers the stored secret', async () => {
    const received: string[] = [];
    const receiver = http.createServer((request, response) => {
      received.push(String(request.headers['x-telegram-bot-api-secret-token'] ?? ''));
      request.resume();
      response.end('{}');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/webhooks/telegram`;
      const env = {
        PATH: process.env.PATH ?? '',
        DATA_DIR: database.dataDir,
        APP_SECRET: testAppSecret,
        TELEGRAM_API_ROOT: sim.apiRoot,
        TELEGRAM_BOT_TOKEN: botToken,
      };
      await promisify(execFile)(process.execPath, [cliPath, 'webhook', 'set', url], { env });
      sim.sendText(botToken, { from: sim.createUser({ first_name: 'Probe' }).id, text: 'probe' });
      await eventually(() => received.length > 0, 10_000, 'the webhook delivery');
      assert.equal(received[0], 'new-secret-2');
    } finally {
      receiver.close();
    }
  });
});
