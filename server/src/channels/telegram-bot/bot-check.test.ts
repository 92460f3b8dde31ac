// The anonymous GET /webhooks/telegram/test costs at most one getMe a minute; admins get a live check.
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, type TestServer } from '../../testing/harness.ts';

describe('GET /webhooks/telegram/test', () => {
  let sim: Simulator;
  let server: TestServer;
  let admin: ApiClient;
  let botToken: string;
  before(async () => {
    sim = await startTelegramSimulator();
    botToken = sim.createBot({ username: 'checked_bot' }).token;
    server = await startTestServer('pglite', { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: botToken, TELEGRAM_MODE: 'polling' });
    admin = await signInWithToken(server.url, testAdmin);
  });
  after(async () => {
    mock.timers.reset();
    await server.stop();
    await sim.stop();
  });

  const getMeCalls = () => sim.stats(botToken).byMethod.getMe ?? 0;

  test('strangers share one getMe a minute; admins check live', async () => {
    const anonymous = createApiClient(server.url);
    // Only Date is controlled: the server's timers and I/O run as usual.
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const first = await anonymous.get('/webhooks/telegram/test');
    assert.equal(first.status, 200);
    assert.equal(first.body.bot.username, 'checked_bot');
    const afterFirst = getMeCalls();
    for (let request = 0; request < 20; request++) assert.equal((await anonymous.get('/webhooks/telegram/test')).status, 200);
    mock.timers.tick(59_000);
    assert.deepEqual((await anonymous.get('/webhooks/telegram/test')).body, first.body);
    assert.equal(getMeCalls(), afterFirst, 'no getMe within the minute');

    mock.timers.tick(1_000);
    assert.equal((await anonymous.get('/webhooks/telegram/test')).status, 200);
    assert.equal(getMeCalls(), afterFirst + 1, 'one getMe once the minute is over');

    assert.equal((await admin.get('/webhooks/telegram/test')).status, 200);
    assert.equal((await admin.get('/webhooks/telegram/test')).status, 200);
    assert.equal(getMeCalls(), afterFirst + 3, 'each admin request checks live');
    mock.timers.reset();
  });
});
