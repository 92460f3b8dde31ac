// SWITCHBOARD_ROLE on one PostgreSQL database: a web instance journals what
// Telegram posts and queues what operators send; a worker instance records the
// updates and delivers the replies, woken by NOTIFY.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, type ApiClient } from './testing/api-client.ts';
import { createTestDatabase, startTestServer, testAdmin, testEngines, type TestDatabase, type TestServer } from './testing/harness.ts';
import { findFreePort } from './testing/postgres-cluster.ts';
import { connectSocket, eventually } from './testing/ws-client.ts';

describe('a web and a worker instance on one PostgreSQL', { skip: !testEngines().includes('postgres') && 'needs PostgreSQL' }, () => {
  let sim: Simulator;
  let database: TestDatabase;
  let web: TestServer;
  let worker: TestServer;
  let admin: ApiClient;
  let adminToken: string;
  let token: string;
  let listener: pg.Client;
  const signals: Array<{ channel: string; payload: string }> = [];
  before(async () => {
    sim = await startTelegramSimulator();
    token = sim.createBot({ username: 'roles_bot' }).token;
    database = await createTestDatabase('postgres');
    listener = new pg.Client(database.databaseUrl);
    await listener.connect();
    listener.on('notification', (message) => signals.push({ channel: message.channel, payload: message.payload ?? '' }));
    await listener.query('LISTEN switchboard_intake');
    await listener.query('LISTEN switchboard_outbox');
    const port = await findFreePort();
    const shared = {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TELEGRAM_API_ROOT: sim.apiRoot,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_WEBHOOK_SECRET: 'roles-secret',
    };
    web = await startTestServer('postgres', { ...shared, PORT: String(port), SWITCHBOARD_ROLE: 'web' }, database);
    // The worker sets the bot up from TELEGRAM_BOT_TOKEN and points its webhook at the web instance.
    worker = await startTestServer('postgres', { ...shared, SWITCHBOARD_ROLE: 'worker' }, database);
    adminToken = (await createApiClient(web.url).post('/api/api-token-auth/', testAdmin)).body.token;
    admin = createApiClient(web.url, { token: adminToken });
  });
  after(async () => {
    await worker?.stop({ keepData: true });
    await web?.stop({ keepData: true });
    await listener?.end();
    await database?.drop();
    await sim?.stop();
  });

  test('each answers health and metrics with its role; a worker serves nothing else', async () => {
    for (const [instance, role] of [
      [web, 'web'],
      [worker, 'worker'],
    ] as const) {
      const health = await createApiClient(instance.url).get('/api/health');
      assert.equal(health.status, 200);
      assert.equal(health.body.role, role);
      const metrics = await fetch(`${instance.url}/metrics`, { headers: { authorization: `Token ${adminToken}` } });
      assert.equal(metrics.status, 200);
      const text = await metrics.text();
      assert.match(text, new RegExp(`switchboard_instance_info\\{role="${role}",[^}]*engine="postgres"\\} 1`));
      assert.match(text, /^switchboard_instances_live 2$/m, 'the backlog gauges describe the cluster');
      assert.match(text, /^switchboard_intake_open_updates\{state="pending"\} \d+$/m);
      assert.match(text, /^switchboard_job_queue_jobs\{queue="intake-sweep",state="queued"\} \d+$/m);
    }
    const onWorker = createApiClient(worker.url, { token: adminToken });
    assert.equal((await onWorker.get('/api/chats')).status, 404);
    // Without credentials too: an unknown path is 404, not 401, as on a web instance.
    const anonymous = await createApiClient(worker.url).get('/api/chats');
    assert.equal(anonymous.status, 404);
    assert.equal(anonymous.body.error.code, 'not_found');
    assert.equal((await createApiClient(web.url).get('/api/no-such-route')).status, 404);
    assert.equal((await createApiClient(web.url).get('/api/chats')).status, 401, 'a known route still asks who calls');
    assert.equal((await onWorker.get('/api/system/status')).status, 404);
    assert.equal((await admin.get('/api/system/status')).body.role, 'web');
    assert.equal((await onWorker.get('/webhooks/telegram/test')).status, 404);
    assert.equal((await onWorker.get('/')).status, 404, 'no web app either');
    assert.equal((await admin.get('/api/chats')).status, 200);
  });

  test('an update posted to the web instance is recorded by the worker; a reply sent through the web is delivered by the worker', async () => {
    assert.equal(
      sim.webhookInfo(token).url,
      `${web.url}/webhooks/telegram/${(await web.switchboard.registry.defaultChannel('telegram_bot'))!.id}`,
    );
    const socket = await connectSocket(web.url, { token: adminToken });
    await socket.waitFor((frame) => frame.type === 'ready');
    const user = sim.createUser({ first_name: 'Roles' });
    sim.sendText(token, { from: user.id, text: 'hello from the web instance' });
    // Recorded by the worker, pushed to the web instance's WebSocket clients through LISTEN/NOTIFY.
    await socket.waitFor((frame) => frame.type === 'new_message' && frame.message.text === 'hello from the web instance');
    await socket.close();
    const chat = await eventually(async () =>
      (await admin.get('/api/chats')).body.results.find((item: any) => item.last_message?.text === 'hello from the web instance'),
    );
    // The web instance's intake has no sweep and its sink only journals: the worker recorded it, and marks the
    // entry done once the bot's handlers ran (a moment after the message reached the WebSocket).
    const journalStates = async () =>
      (await worker.switchboard.database.db.selectFrom('intake_journal').select('state').execute()).map((row) => row.state);
    await eventually(async () => (await journalStates()).join() === 'done');
    assert.deepEqual(await journalStates(), ['done']);
    // Seen by this test's own LISTEN connection, which may hear it a moment after the worker acted.
    await eventually(
      () => signals.some((signal) => signal.channel === 'switchboard_intake'),
      5_000,
      'the web instance to wake the workers',
    );

    const sent = await admin.post(`/api/chats/${chat.id}/messages`, { text: 'answered through the web instance' });
    assert.equal(sent.status, 201);
    const delivered = await sim.waitForSent(token, user.id, (message) => message.text === 'answered through the web instance', 15_000);
    assert.ok(delivered);
    // Seen by this test's own LISTEN connection, which may hear it a moment after the worker acted.
    await eventually(
      () => signals.some((signal) => signal.channel === 'switchboard_outbox'),
      5_000,
      'the web instance to wake the workers',
    );
    await eventually(async () => {
      const history = await admin.get(`/api/messages/by_chat?chat_id=${chat.id}`);
      return history.body.results.find((message: any) => message.text === 'answered through the web instance' && message.status === 'sent');
    });
  });
  test('a polling bot added through the web instance is polled by the worker', async () => {
    const second = sim.createBot({ username: 'roles_polling_bot' });
    const created = await admin.post('/api/accounts/', { name: 'Polling', bot_token: second.token, intake_mode: 'polling' });
    assert.equal(created.status, 201);
    const user = sim.createUser({ first_name: 'Poller' });
    sim.sendText(second.token, { from: user.id, text: 'polled by the worker' });
    // The web instance leaves the bot unleased; the worker's lease check (every 10 s) takes it up.
    await eventually(
      async () => (await admin.get(`/api/chats?channel_id=${created.body.id}`)).body.results.length > 0,
      30_000,
      'the worker to poll the new bot',
    );
    const lease = await worker.switchboard.database.db
      .selectFrom('channel_leases')
      .select('instance_id')
      .where('channel_id', '=', created.body.id)
      .executeTakeFirst();
    assert.equal(lease?.instance_id, worker.switchboard.instance.id);
  });
});
