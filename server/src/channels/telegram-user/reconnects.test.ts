// Reconnects with backoff: the stub network drops an account's connection and keeps it down; mtcute's client
// (its connection states, our reconnection strategy) tries again with growing waits, and the account's health
// (GET /api/accounts/:id/health and /api/system/status) shows the attempts, the wait and, once the network is
// back, one more reconnect, with what the customer wrote meanwhile caught up.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { createTestDatabase, testAdmin, testEngines, type TestDatabase } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { connectAccount, createStubNetwork, startWithTelegramStub, type StubbedServer } from '../../testing/telegram-user.fixture.ts';
import { backoffWait, maxReconnectWaitMs } from './reconnects.ts';

const phone = '+79993350001';

test('the backoff starts at once, then doubles from 1 s up to a minute', () => {
  const waits: number[] = [];
  let previous: number | null = null;
  for (let attempt = 0; attempt < 10; attempt++) waits.push((previous = backoffWait(previous)));
  assert.deepEqual(waits, [0, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  assert.equal(maxReconnectWaitMs, 60_000);
});

for (const engine of testEngines()) {
  describe(`personal Telegram account reconnects on ${engine}`, () => {
    const network = createStubNetwork();
    const customer = network.addUser('Timur');
    let database: TestDatabase;
    let started: StubbedServer;
    let admin: ApiClient;
    let accountId: number;
    const health = async () => (await admin.get(`/api/accounts/${accountId}/health`)).body.health;
    const inInbox = (text: string) =>
      eventually(
        async () => (await admin.get('/api/messages?limit=100')).body.results.some((each: any) => each.text === text),
        15_000,
        `“${text}” in the inbox`,
      );

    before(async () => {
      database = await createTestDatabase(engine);
      started = await startWithTelegramStub(engine, network, database);
      admin = await signInWithToken(started.server.url, testAdmin);
      accountId = await connectAccount(admin, network, phone, 'Zarina');
    });
    after(async () => {
      await started?.server.stop();
    });

    test('a dropped connection counts its attempts and waits in the health, and one reconnect once it is back', async () => {
      network.incoming(phone, customer, 'Before the drop');
      await inInbox('Before the drop');
      const before = await health();
      assert.equal(before.state, 'connected');
      assert.equal(before.reconnects, 0);
      assert.equal(before.backoff, null);

      network.cutConnections(phone);
      // The first attempt goes at once and fails; the second waits 1 s, the third 2 s.
      const down = await eventually(
        async () => {
          const now = await health();
          return now.backoff?.attempt >= 3 ? now : null;
        },
        30_000,
        'the third reconnect attempt to be scheduled',
      );
      assert.ok(['offline', 'connecting'].includes(down.state), down.state);
      assert.ok(down.dropped_at, 'since when it is down');
      assert.equal(down.reconnects, 0, 'no reconnect yet: every attempt failed');
      assert.equal(down.backoff.wait_ms, backoffWait(backoffWait(backoffWait(null))));
      const system = (await admin.get('/api/system/status')).body.channels.find((each: any) => each.channel_id === accountId);
      assert.ok(system.connection.backoff, 'system status shows the backoff too');
      assert.equal(system.connection.address, undefined, 'system status lists no phone numbers');

      // What the customer writes meanwhile does not reach the cut connection; it is caught up after the reconnect.
      network.incoming(phone, customer, 'While the connection is down');
      network.restoreConnections(phone);
      const back = await eventually(
        async () => {
          const now = await health();
          return now.state === 'connected' && now.reconnects === 1 ? now : null;
        },
        60_000,
        'the reconnect',
      );
      assert.equal(back.backoff, null);
      assert.equal(back.dropped_at, null);
      assert.ok(back.last_reconnect_at);
      await inInbox('While the connection is down');
      const after = (await admin.get('/api/system/status')).body.channels.find((each: any) => each.channel_id === accountId);
      assert.equal(after.connection.reconnects, 1);
      assert.equal(after.connection.state, 'connected');
      // /api/health answers anyone: it carries no connection details.
      const open = (await fetch(`${started.server.url}/api/health`).then((response) => response.json())) as any;
      assert.equal(open.channels.find((each: any) => each.channel_id === accountId)?.connection, undefined);
    });
  });
}
