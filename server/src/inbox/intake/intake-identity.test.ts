// Any bytes Telegram can send reach the inbox (the journal keeps the raw body; derived text loses NUL and
// lone surrogates), and an update is a duplicate only when its id was seen in the last 24 hours.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient, signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { findFreePort } from '../../testing/postgres-cluster.ts';
import { eventually } from '../../testing/ws-client.ts';

const secret = 'identity-secret-123';
const hostile = 'nul\u0000here, lone \ud800 surrogate';
const cleaned = 'nulhere, lone \ufffd surrogate';
const customer = { id: 7_300_000_001, is_bot: false, first_name: 'Ann\u0000a' };
const update = (updateId: number, messageId: number, text: string) => ({
  update_id: updateId,
  message: {
    message_id: messageId,
    date: 1_750_000_000,
    chat: { id: customer.id, type: 'private', first_name: customer.first_name },
    from: customer,
    text,
  },
});

async function messagesWith(admin: ApiClient, text: string): Promise<any[]> {
  return (await admin.get('/api/messages/?limit=200')).body.results.filter((message: any) => message.text === text);
}

/** The journal's rows of one event id: a row older than the window keeps it with its own row id appended (`id@row`). */
async function journalRows(server: TestServer, eventId: string): Promise<Array<{ body: string; state: string }>> {
  const result = await sql<{
    body: string;
    state: string;
  }>`SELECT body, state FROM intake_journal WHERE event_id = ${eventId} OR event_id LIKE ${`${eventId}@%`} ORDER BY id`.execute(
    server.switchboard.database.db,
  );
  return result.rows;
}

for (const engine of testEngines()) {
  describe(`event identity and hostile text by webhook, on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    const post = (body: unknown) =>
      createApiClient(server.url).request('POST', '/webhooks/telegram', {
        raw: JSON.stringify(body),
        headers: { 'x-telegram-bot-api-secret-token': secret },
      });
    before(async () => {
      sim = await startTelegramSimulator();
      const token = sim.createBot({ username: 'identity_bot' }).token;
      const port = await findFreePort();
      server = await startTestServer(engine, {
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        TELEGRAM_API_ROOT: sim.apiRoot,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_WEBHOOK_SECRET: secret,
      });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('U+0000 and a lone surrogate: 200, the raw body kept exactly, the message in the inbox cleaned', async () => {
      const body = update(880_000_001, 501, hostile);
      const response = await post(body);
      assert.equal(response.status, 200);
      const [message] = await eventually(async () => (await messagesWith(admin, cleaned)).at(0) && messagesWith(admin, cleaned));
      assert.equal(message.sender_name, 'Anna');
      const [row] = await journalRows(server, '880000001');
      assert.equal(row!.body, JSON.stringify(body));
      assert.equal(row!.state, 'done');
    });

    test('the same id within 24 hours is a duplicate; after 24 hours, or lower, it is a new update', async () => {
      assert.equal((await post(update(880_000_100, 601, 'first of 100'))).status, 200);
      assert.equal((await post(update(880_000_100, 602, 'a copy of 100'))).status, 200);
      await eventually(() => messagesWith(admin, 'first of 100').then((found) => found.length === 1));
      assert.equal((await journalRows(server, '880000100')).length, 1);

      // Telegram restarted update_id: lower ids are new updates.
      assert.equal((await post(update(3, 603, 'after a restart of ids'))).status, 200);
      await eventually(() => messagesWith(admin, 'after a restart of ids').then((found) => found.length === 1));

      await sql`UPDATE intake_journal SET received_at = received_at - interval '25 hours' WHERE event_id = '880000100'`.execute(
        server.switchboard.database.db,
      );
      assert.equal((await post(update(880_000_100, 604, 'a new 100, a day later'))).status, 200);
      await eventually(() => messagesWith(admin, 'a new 100, a day later').then((found) => found.length === 1));
      assert.equal((await journalRows(server, '880000100')).length, 2);
      // The copy sent within the window was never recorded.
      assert.equal((await messagesWith(admin, 'a copy of 100')).length, 0);
    });

    test('deliveries arriving together are journaled together: every request 200, each id once, each message once', async () => {
      // 30 updates at once, and a second copy of every third one racing its original (a group commit takes them in one write).
      const burst = Array.from({ length: 30 }, (_, index) => update(880_000_300 + index, 801 + index, `burst ${index}`));
      const copies = burst
        .filter((_, index) => index % 3 === 0)
        .map((body) => ({ ...body, message: { ...body.message, text: 'a racing copy' } }));
      const responses = await Promise.all([...burst, ...copies].map((body) => post(body)));
      assert.deepEqual(
        responses.map((response) => response.status),
        responses.map(() => 200),
      );
      await eventually(
        async () =>
          (await admin.get('/api/messages/?limit=200')).body.results.filter((message: any) =>
            /^burst \d+$|^a racing copy$/.test(message.text),
          ).length === 30,
      );
      for (const body of burst) assert.equal((await journalRows(server, String(body.update_id))).length, 1);
    });

    test('a message redelivered under a new update id updates the one recorded, never doubles it', async () => {
      assert.equal((await post(update(880_000_200, 701, 'as first sent'))).status, 200);
      await eventually(() => messagesWith(admin, 'as first sent').then((found) => found.length === 1));
      assert.equal((await post(update(880_000_201, 701, 'as redelivered'))).status, 200);
      await eventually(() => messagesWith(admin, 'as redelivered').then((found) => found.length === 1));
      assert.equal((await messagesWith(admin, 'as first sent')).length, 0);
    });
  });

  describe(`event identity and hostile text by polling, on ${engine}`, () => {
    let sim: Simulator;
    let server: TestServer;
    let admin: ApiClient;
    let token: string;
    before(async () => {
      sim = await startTelegramSimulator();
      token = sim.createBot({ username: 'identity_poll_bot' }).token;
      server = await startTestServer(engine, { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' });
      admin = await signInWithToken(server.url, testAdmin);
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('U+0000 and a lone surrogate do not stop polling: the batch is confirmed and the next message arrives', async () => {
      const user = sim.createUser({ first_name: 'Poll\u0000er' });
      sim.sendText(token, { from: user.id, text: hostile });
      await eventually(() => messagesWith(admin, cleaned).then((found) => found.length === 1));
      sim.sendText(token, { from: user.id, text: 'and the next one' });
      await eventually(() => messagesWith(admin, 'and the next one').then((found) => found.length === 1));
      await eventually(() => sim.pendingUpdates(token).length === 0, 15_000, 'the simulator to see the batch confirmed');
    });

    test('after Telegram restarts update_id lower, polling fetches and accepts the new updates', async () => {
      const user = sim.createUser({ first_name: 'Restart' });
      sim.sendText(token, { from: user.id, text: 'before the restart of ids' });
      await eventually(() => messagesWith(admin, 'before the restart of ids').then((found) => found.length === 1));
      sim.restartUpdateIds(token, 1);
      const low = sim.sendText(token, { from: user.id, text: 'after the restart of ids' });
      assert.equal(low.update_id, 1);
      await eventually(() => messagesWith(admin, 'after the restart of ids').then((found) => found.length === 1));
    });
  });
}
