import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator } from './index.ts';
import type { Simulator } from './simulator-types.ts';
import { callApi, eventually, startReceiver, type Receiver } from './test-support.ts';

const TIME_SCALE = 20;
let sim: Simulator;
const receivers: Receiver[] = [];

before(async () => {
  sim = await startTelegramSimulator({ timeScale: TIME_SCALE });
});
after(async () => {
  await sim.stop();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(respond?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('setWebhook validation', () => {
  test('secret_token: too long, unallowed characters, and the allowed alphabet', async () => {
    // A fresh bot per call: tdlib refuses a second setWebhook within a second, even after a failed one.
    const r = await receiver();
    const tooLong = await callApi(sim.apiRoot, sim.createBot().token, 'setWebhook', { url: r.url, secret_token: 'a'.repeat(257) });
    assert.deepEqual(tooLong.body, { ok: false, error_code: 400, description: 'Bad Request: secret token is too long' });
    for (const bad of ['a b', 'a.b', 'a+b/c=', 'секрет']) {
      const reply = await callApi(sim.apiRoot, sim.createBot().token, 'setWebhook', { url: r.url, secret_token: bad });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.description, 'Bad Request: secret token contains unallowed characters');
    }
    const ok = await callApi(sim.apiRoot, sim.createBot().token, 'setWebhook', { url: r.url, secret_token: 'Az09_-'.repeat(42) + 'abcd' });
    assert.deepEqual(ok.body, { ok: true, result: true, description: 'Webhook was set' });
  });

  test('max_connections is clamped to 1..100 and defaults to 40; repeats say "already set"; info fields', async () => {
    const bot = sim.createBot();
    const r = await receiver();
    await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: r.url });
    let info = (await callApi(sim.apiRoot, bot.token, 'getWebhookInfo')).body.result;
    assert.deepEqual(info, {
      url: r.url,
      has_custom_certificate: false,
      pending_update_count: 0,
      max_connections: 40,
      ip_address: '127.0.0.1',
    });
    await new Promise((resolve) => setTimeout(resolve, 1000 / TIME_SCALE + 5)); // setWebhook is limited to once a second
    const again = await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: r.url });
    assert.equal(again.body.description, 'Webhook is already set');
    await new Promise((resolve) => setTimeout(resolve, 1000 / TIME_SCALE + 5));
    await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: r.url, max_connections: 1000 });
    info = (await callApi(sim.apiRoot, bot.token, 'getWebhookInfo')).body.result;
    assert.equal(info.max_connections, 100);
  });

  test('a second setWebhook within a second is refused with 429 retry_after 1, even after a failed one', async () => {
    const realTime = await startTelegramSimulator();
    try {
      const bot = realTime.createBot();
      const first = await callApi(realTime.apiRoot, bot.token, 'setWebhook', { url: 'not a url' });
      assert.equal(first.status, 400);
      const second = await callApi(realTime.apiRoot, bot.token, 'setWebhook', { url: 'http://127.0.0.1:9/hook' });
      assert.deepEqual(second.body, {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      });
    } finally {
      await realTime.stop();
    }
  });

  test('an unparsable URL is refused', async () => {
    const bot = sim.createBot();
    const reply = await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: 'not a url' });
    assert.deepEqual(reply.body, { ok: false, error_code: 400, description: 'Bad Request: invalid webhook URL specified' });
  });
});

describe('webhook delivery', () => {
  test('POSTs each update as JSON with the secret header and removes it after a 2xx', async () => {
    const bot = sim.createBot();
    const user = sim.createUser({ first_name: 'Ann' });
    const r = await receiver();
    await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: r.url, secret_token: 's3cr3t_token' });
    const update = sim.sendText(bot.token, { from: user.id, text: '/start hello' });
    await eventually(() => r.received.length === 1, 3000, 'delivery');
    const got = r.received[0]!;
    assert.equal(got.headers['x-telegram-bot-api-secret-token'], 's3cr3t_token');
    assert.equal(got.headers['content-type'], 'application/json');
    assert.deepEqual(got.update, update);
    assert.equal(got.update.message?.entities?.[0]?.type, 'bot_command');
    await eventually(() => sim.pendingUpdates(bot.token).length === 0, 3000, 'queue drained');
    assert.equal(sim.webhookInfo(bot.token).pending_update_count, 0);
  });

  test('per-chat FIFO: a failing update blocks its own chat only', async () => {
    const bot = sim.createBot();
    const ann = sim.createUser({ first_name: 'Ann' });
    const bob = sim.createUser({ first_name: 'Bob' });
    let annDown = true;
    const r = await receiver((request) => ({ status: request.update.message?.chat.id === ann.id && annDown ? 500 : 200 }));
    await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: r.url });
    sim.sendText(bot.token, { from: ann.id, text: 'A1' });
    sim.sendText(bot.token, { from: ann.id, text: 'A2' });
    sim.sendText(bot.token, { from: bob.id, text: 'B1' });
    sim.sendText(bot.token, { from: bob.id, text: 'B2' });
    await eventually(() => r.received.filter((x) => x.update.message?.text?.startsWith('B')).length === 2, 3000, "Bob's updates");
    await eventually(() => r.received.filter((x) => x.update.message?.text === 'A1').length >= 2, 3000, 'A1 retried');
    assert.ok(!r.received.some((x) => x.update.message?.text === 'A2'), 'A2 waits behind the failing A1');
    assert.deepEqual(
      r.received.filter((x) => x.update.message?.chat.id === bob.id).map((x) => x.update.message?.text),
      ['B1', 'B2'],
    );
    const info = await eventually(
      () => {
        const current = sim.webhookInfo(bot.token);
        return current.pending_update_count === 2 ? current : undefined;
      },
      3000,
      "only Ann's two updates pending",
    );
    assert.equal(info.last_error_message, 'Wrong response from the webhook: 500 Internal Server Error');
    assert.ok(typeof info.last_error_date === 'number' && Math.abs(info.last_error_date - Date.now() / 1000) < 5);
    annDown = false;
    await eventually(() => r.received.some((x) => x.update.message?.text === 'A2'), 5000, 'A2 after A1 succeeded');
    const annOrder = r.received
      .filter((x) => x.update.message?.chat.id === ann.id && x.update.message?.text)
      .map((x) => x.update.message?.text);
    assert.equal(annOrder.at(-1), 'A2');
    assert.equal(annOrder.at(-2), 'A1');
    await eventually(() => sim.webhookInfo(bot.token).pending_update_count === 0, 3000, 'drained');
  });

  test('retries: first at once, then 2 s doubling (scaled by timeScale), like tdlib', async () => {
    const bot = sim.createBot();
    const user = sim.createUser({ first_name: 'Ann' });
    let calls = 0;
    const r = await receiver(() => ({ status: ++calls <= 4 ? 502 : 200 }));
    await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: r.url });
    sim.sendText(bot.token, { from: user.id, text: 'retry me' });
    await eventually(() => r.received.length === 5, 5000, 'five attempts');
    const gaps = r.received.slice(1).map((x, i) => x.at - r.received[i]!.at);
    const unit = 1000 / TIME_SCALE; // one simulated second in real ms
    assert.ok(gaps[0]! < 2 * unit - 5, `first retry is immediate, got ${gaps[0]} ms`);
    assert.ok(gaps[1]! >= 2 * unit - 5, `then 2 s, got ${gaps[1]} ms`);
    assert.ok(gaps[2]! >= 4 * unit - 5, `then 4 s, got ${gaps[2]} ms`);
    assert.ok(gaps[3]! >= 8 * unit - 5, `then 8 s, got ${gaps[3]} ms`);
    assert.ok(gaps[3]! < 8 * unit + 1000, `not much more, got ${gaps[3]} ms`);
    assert.equal(sim.webhookInfo(bot.token).last_error_message, 'Wrong response from the webhook: 502 Bad Gateway');
    await eventually(() => sim.webhookDeliveries(bot.token).at(-1)?.status === 200, 3000, 'the last status');
    const attempts = sim.webhookDeliveries(bot.token).map((d) => [d.attempt, d.status]);
    assert.deepEqual(attempts, [
      [1, 502],
      [2, 502],
      [3, 502],
      [4, 502],
      [5, 200],
    ]);
  });

  test('a Retry-After header sets the next delay', async () => {
    const bot = sim.createBot();
    const user = sim.createUser({ first_name: 'Ann' });
    let calls = 0;
    const r = await receiver(() => (++calls === 1 ? { status: 429, headers: { 'retry-after': '6' } } : { status: 200 }));
    await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: r.url });
    sim.sendText(bot.token, { from: user.id, text: 'later please' });
    await eventually(() => r.received.length === 2, 5000, 'second attempt');
    const gap = r.received[1]!.at - r.received[0]!.at;
    assert.ok(gap >= (6 * 1000) / TIME_SCALE - 5, `waited ${gap} ms, want ≥ 6 simulated seconds`);
  });

  test('an answer slower than 60 s (scaled) is a "Read timeout expired" and the update is retried', async () => {
    const fast = await startTelegramSimulator({ timeScale: 300 }); // 60 s → 200 ms
    try {
      const bot = fast.createBot();
      const user = fast.createUser({ first_name: 'Ann' });
      let calls = 0;
      const r = await receiver(() => (++calls === 1 ? new Promise<never>(() => {}) : { status: 200 }));
      await callApi(fast.apiRoot, bot.token, 'setWebhook', { url: r.url });
      fast.sendText(bot.token, { from: user.id, text: 'slow handler' });
      await eventually(() => fast.webhookDeliveries(bot.token).some((d) => d.status === 200), 3000, 'the retry');
      const [first, second] = fast.webhookDeliveries(bot.token);
      assert.equal(first?.error, 'Read timeout expired');
      assert.ok(first!.finished_at! - first!.started_at >= 60_000 / 300 - 5);
      assert.equal(second?.status, 200);
      assert.equal(fast.webhookInfo(bot.token).last_error_message, 'Read timeout expired');
    } finally {
      await fast.stop();
    }
  });

  test('a refused connection is reported as "Connection refused"', async () => {
    const bot = sim.createBot();
    const user = sim.createUser({ first_name: 'Ann' });
    await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: `http://127.0.0.1:${await freePort()}/hook` });
    sim.sendText(bot.token, { from: user.id, text: 'nobody home' });
    const info = await eventually(
      () => {
        const current = sim.webhookInfo(bot.token);
        return current.last_error_message ? current : undefined;
      },
      3000,
      'an error',
    );
    assert.equal(info.last_error_message, 'Connection refused');
    assert.equal(info.pending_update_count, 1);
  });

  test('at most max_connections requests are in flight', async () => {
    const bot = sim.createBot();
    let inFlight = 0;
    let peak = 0;
    const r = await receiver(async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 30));
      inFlight--;
      return { status: 200 };
    });
    await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: r.url, max_connections: 2 });
    for (let i = 0; i < 6; i++) sim.sendText(bot.token, { from: sim.createUser({ first_name: `U${i}` }).id, text: 'hi' });
    await eventually(() => r.received.length === 6, 5000, 'all delivered');
    assert.equal(peak, 2);
  });

  test('deliverRaw posts the same update twice at once (duplicate-delivery drill)', async () => {
    const bot = sim.createBot();
    const user = sim.createUser({ first_name: 'Ann' });
    const r = await receiver();
    await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: r.url, secret_token: 'dup' });
    const update = { update_id: 42, message: { message_id: 1, date: 0, chat: { id: user.id, type: 'private' as const }, text: 'twice' } };
    const results = await sim.deliverRaw(bot.token, update, { times: 2, concurrently: true });
    assert.deepEqual(
      results.map((x) => x.status),
      [200, 200],
    );
    assert.equal(r.received.length, 2);
    assert.deepEqual(r.received[0]!.update, update);
    assert.equal(r.received[1]!.headers['x-telegram-bot-api-secret-token'], 'dup');
  });

  test('a 2xx answer carrying a method is executed (webhook reply)', async () => {
    const bot = sim.createBot();
    const user = sim.createUser({ first_name: 'Ann' });
    const r = await receiver((request) => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'sendMessage', chat_id: request.update.message?.chat.id, text: 'answered inline' }),
    }));
    await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: r.url });
    sim.sendText(bot.token, { from: user.id, text: 'hello' });
    const sent = await sim.waitForSent(bot.token, user.id, (m) => m.text === 'answered inline', 3000);
    assert.equal(sent.kind, 'text');
  });

  test('deleteWebhook keeps pending updates for getUpdates unless drop_pending_updates', async () => {
    const bot = sim.createBot();
    const user = sim.createUser({ first_name: 'Ann' });
    await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: `http://127.0.0.1:${await freePort()}/hook` });
    sim.sendText(bot.token, { from: user.id, text: 'kept' });
    await callApi(sim.apiRoot, bot.token, 'deleteWebhook');
    const polled = await callApi(sim.apiRoot, bot.token, 'getUpdates');
    assert.equal(polled.body.result[0].message.text, 'kept');
    await callApi(sim.apiRoot, bot.token, 'deleteWebhook', { drop_pending_updates: true });
    assert.equal(sim.pendingUpdates(bot.token).length, 0);
    const again = await callApi(sim.apiRoot, bot.token, 'deleteWebhook');
    assert.equal(again.body.description, 'Webhook is already deleted');
  });
});
