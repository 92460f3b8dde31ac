// Processing can never block a bot: an update that still fails after its retries is parked with its error,
// listed for admins with a retry, and its chat's queue moves on. Health says when a bot's intake is stuck.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';

const customer = { id: 7_400_000_001, is_bot: false, first_name: 'Parked' };
const update = (updateId: number, messageId: number, text: string) => ({
  update_id: updateId,
  message: {
    message_id: messageId,
    date: 1_750_000_000,
    chat: { id: customer.id, type: 'private', first_name: 'Parked' },
    from: customer,
    text,
  },
});

for (const engine of testEngines()) {
  describe(`parked updates and intake health, on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    const db = () => server.switchboard.database.db;
    const inbox = async (text: string) =>
      (await admin.get('/api/messages/?limit=200')).body.results.filter((message: any) => message.text === text);
    const stateOf = async (eventId: string) =>
      (await sql<{ state: string; attempts: number }>`SELECT state, attempts FROM intake_journal WHERE event_id = ${eventId}`.execute(db()))
        .rows[0];

    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'parked_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('an update failing every attempt is parked with its error, the chat moves on, and an admin retry records it', async () => {
      const { switchboard } = server;
      // A fault only this text meets: recording it fails inside the database, on every attempt.
      await sql`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.text = 'poison' THEN RAISE EXCEPTION 'poison refused by a test trigger'; END IF; RETURN NEW; END $$`.execute(db());
      await sql`CREATE TRIGGER refuse_poison BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_poison()`.execute(db());
      const channel = (await switchboard.registry.defaultChannel('telegram_bot'))!;
      const adapter = switchboard.registry.adapterFor('telegram_bot');
      await switchboard.intake.sink.journal(channel.id, [
        adapter.identifyUpdate(update(901, 1, 'poison'))!,
        adapter.identifyUpdate(update(902, 2, 'behind the poison'))!,
      ]);

      // Each sweep retries what waited long enough; the journal time is moved back instead of waiting.
      for (let round = 0; round < 10 && (await stateOf('901'))?.state !== 'parked'; round++) {
        await eventually(() => switchboard.intake.activeDrains() === 0, 15_000, 'the drain to finish');
        await sql`UPDATE intake_journal SET received_at = now() - interval '1 minute' WHERE state = 'pending'`.execute(db());
        await switchboard.intake.sweep();
      }
      assert.deepEqual(await stateOf('901'), { state: 'parked', attempts: 5 });
      await eventually(async () => (await inbox('behind the poison')).length === 1, 15_000, 'the next update of the chat');

      const parked = await admin.get('/api/system/parked-updates');
      assert.equal(parked.status, 200);
      const [entry] = parked.body.results;
      assert.equal(entry.event_id, '901');
      assert.equal(entry.channel_id, channel.id);
      assert.match(entry.error, /poison refused by a test trigger/);
      const status = await admin.get('/api/system/status');
      assert.equal(status.body.parked_updates[0].id, entry.id);
      assert.equal(status.body.channels.find((item: any) => item.channel_id === channel.id).parked, 1);
      assert.equal((await createApiClient(server.url).get('/api/system/parked-updates')).status, 401);

      await sql`DROP TRIGGER refuse_poison ON messages`.execute(db());
      const retried = await admin.post(`/api/system/parked-updates/${entry.id}/retry`);
      assert.deepEqual([retried.status, retried.body], [200, { id: entry.id, state: 'pending' }]);
      await eventually(async () => (await inbox('poison')).length === 1, 15_000, 'the retried update in the inbox');
      assert.deepEqual((await admin.get('/api/system/parked-updates')).body.results, []);
      const again = await admin.post(`/api/system/parked-updates/${entry.id}/retry`);
      assert.equal(again.status, 404);
      assert.match(again.body.error.message, /GET \/api\/system\/parked-updates/);
    });

    test('health: a bot is degraded while its updates wait and intake does not advance, and healthy after', async () => {
      const channel = (await server.switchboard.registry.defaultChannel('telegram_bot'))!;
      // Another live instance holds the chat, so nothing here may process it: the update just waits.
      await sql`INSERT INTO instances (id, last_seen_at) VALUES ('elsewhere', now())`.execute(db());
      await sql`INSERT INTO intake_journal (channel_id, event_id, chat_key, body, state, claimed_by, claimed_at, received_at)
        VALUES (${channel.id}, '950', 'chat:1', '{"update_id":950}', 'processing', 'elsewhere', now(), now() - interval '5 minutes')`.execute(
        db(),
      );
      const health = await createApiClient(server.url).get('/api/health');
      assert.equal(health.status, 200);
      assert.equal(health.body.status, 'degraded');
      const bot = health.body.channels.find((item: any) => item.channel_id === channel.id);
      assert.equal(bot.status, 'degraded');
      assert.equal(bot.name, undefined, 'the public health names no bot');
      assert.match(bot.reason, /intake has not advanced for 3\d\d s while 1 update\(s\) wait/);
      await sql`DELETE FROM intake_journal WHERE event_id = '950'`.execute(db());
      assert.equal((await createApiClient(server.url).get('/api/health')).body.status, 'healthy');
    });

    test('health: a bot whose polling keeps failing is degraded with the reason until a poll succeeds', async () => {
      const anonymous = createApiClient(server.url);
      const reasonNow = async () => (await anonymous.get('/api/health')).body.channels[0]?.reason as string | null;
      sim.failNext(token, 3, '502', { methods: ['getUpdates'] });
      // A message ends the long poll in progress; the next three polls fail.
      const user = sim.createUser({ first_name: 'Wake' });
      sim.sendText(token, { from: user.id, text: 'wake the poll' });
      const reason = await eventually(reasonNow, 20_000, 'the degraded reason');
      assert.match(reason, /^intake failing: getUpdates failed (once|\d times in a row): /);
      await eventually(async () => (await anonymous.get('/api/health')).body.status === 'healthy', 30_000, 'polling to recover');
      await eventually(async () => (await inbox('wake the poll')).length === 1);
    });
  });
}
