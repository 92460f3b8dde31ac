// Telegram waits for answers the chat's queue must not delay: every callback query is answered at once and
// every pre-checkout query within 10 seconds, even while the chat's updates wait; a press shows in the chat.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import type { TelegramBotAdapter } from '../../channels/telegram-bot/index.ts';
import { answererFailedMessage, noPaymentsMessage } from '../../channels/telegram-bot/fast-path.ts';
import { signInWithToken, type ApiClient } from '../../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../../testing/harness.ts';
import { findFreePort } from '../../testing/postgres-cluster.ts';
import { eventually } from '../../testing/ws-client.ts';

const keyboard = {
  inline_keyboard: [
    [
      { text: 'Book for Saturday', callback_data: 'book:sat' },
      { text: 'Cancel', callback_data: 'cancel' },
    ],
  ],
};

async function botSendsKeyboard(sim: Simulator, token: string, chatId: number): Promise<number> {
  const response = await fetch(`${sim.apiRoot}/bot${token}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, text: 'When would you like to come?', reply_markup: keyboard }),
  });
  return ((await response.json()) as { result: { message_id: number } }).result.message_id;
}

for (const engine of testEngines()) {
  for (const mode of ['polling', 'webhook'] as const) {
    describe(`the fast path by ${mode}, on ${engine}`, () => {
      let sim: Simulator;
      let server: TestServer;
      let admin: ApiClient;
      let token: string;
      const db = () => server.switchboard.database.db;
      const pressLines = async () =>
        (await admin.get('/api/messages/?limit=200')).body.results.filter((message: any) => message.service?.code === 'pressed');

      before(async () => {
        sim = await startTelegramSimulator();
        token = sim.createBot({ username: `fast_${mode}_bot` }).token;
        const port = await findFreePort();
        const webhook = { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, TELEGRAM_WEBHOOK_SECRET: 'fast-path-secret' };
        server = await startTestServer(engine, {
          TELEGRAM_API_ROOT: sim.apiRoot,
          TELEGRAM_BOT_TOKEN: token,
          ...(mode === 'polling' ? { TELEGRAM_MODE: 'polling' } : webhook),
        });
        admin = await signInWithToken(server.url, testAdmin);
      });
      after(async () => {
        await server.stop();
        await sim.stop();
      });

      test("callback and pre-checkout queries are answered while the chat's queue is held; the press then shows in the chat", async () => {
        const user = sim.createUser({ first_name: 'Presser' });
        sim.sendText(token, { from: user.id, text: 'hello' });
        await eventually(async () =>
          (await admin.get('/api/messages/?limit=200')).body.results.some((message: any) => message.text === 'hello'),
        );
        const messageId = await botSendsKeyboard(sim, token, user.id);
        const channel = (await server.switchboard.registry.defaultChannel('telegram_bot'))!;
        // Another live instance holds this chat: nothing of it is processed here until the hold ends.
        await sql`INSERT INTO instances (id, last_seen_at) VALUES ('holder', now()) ON CONFLICT (id) DO UPDATE SET last_seen_at = now()`.execute(
          db(),
        );
        await sql`INSERT INTO intake_journal (channel_id, event_id, chat_key, body, state, claimed_by, claimed_at)
          VALUES (${channel.id}, 'held', ${`chat:${user.id}`}, '{}', 'processing', 'holder', now())`.execute(db());

        const press = sim.pressButton(token, { from: user.id, message_id: messageId, data: 'book:sat' });
        const answer = await eventually(
          () => sim.callbackAnswers(token).find((item) => item.callback_query_id === press.callback_query!.id),
          15_000,
          'the callback answer',
        );
        assert.equal(answer.text, undefined);
        sim.startCheckout(token, { from: user.id, invoice_payload: 'order-1', total_amount: 500 });
        const [declined] = await eventually(
          () => sim.preCheckoutAnswers(token).length > 0 && sim.preCheckoutAnswers(token),
          15_000,
          'the pre-checkout answer',
        );
        assert.deepEqual([declined!.ok, declined!.error_message], [false, noPaymentsMessage]);
        assert.deepEqual(await pressLines(), []);

        await sql`DELETE FROM intake_journal WHERE event_id = 'held'`.execute(db());
        await sql`UPDATE intake_journal SET received_at = now() - interval '1 minute' WHERE state = 'pending'`.execute(db());
        await server.switchboard.intake.sweep();
        const [line] = await eventually(
          async () => ((await pressLines()).length > 0 ? pressLines() : null),
          15_000,
          'the press in the chat',
        );
        assert.deepEqual(line.service, { code: 'pressed', params: { label: 'Book for Saturday' } }, 'worded by each reader');
        assert.equal(line.text, '«Book for Saturday»');
        assert.equal(line.kind, 'service');
      });

      test('a registered pre-checkout answerer decides; one that fails is a clear decline', async () => {
        const adapter = server.switchboard.registry.adapterFor('telegram_bot') as TelegramBotAdapter;
        const user = sim.createUser({ first_name: 'Payer' });
        const seen: string[] = [];
        adapter.setPreCheckoutAnswerer(async (_channel, query) => {
          seen.push(query.invoice_payload);
          if (query.invoice_payload === 'broken') throw new Error('the shop database is down');
          return { ok: true };
        });
        try {
          const accepted = sim.startCheckout(token, { from: user.id, invoice_payload: 'order-2', total_amount: 700 }).pre_checkout_query!
            .id;
          const failing = sim.startCheckout(token, { from: user.id, invoice_payload: 'broken', total_amount: 700 }).pre_checkout_query!.id;
          const answers = await eventually(() => {
            const found = sim.preCheckoutAnswers(token).filter((item) => [accepted, failing].includes(item.pre_checkout_query_id));
            return found.length === 2 && found;
          });
          const yes = answers.find((item) => item.pre_checkout_query_id === accepted)!;
          assert.deepEqual([yes.ok, yes.error_message], [true, undefined]);
          assert.equal(answers.find((item) => item.pre_checkout_query_id === failing)!.error_message, answererFailedMessage);
          assert.deepEqual(seen.sort(), ['broken', 'order-2']);
        } finally {
          adapter.setPreCheckoutAnswerer(null);
        }
      });
    });
  }
}
