import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator } from './index.ts';
import type { Simulator } from './simulator-types.ts';
import { callApi, startReceiver } from './test-support.ts';

const TIME_SCALE = 10;
let sim: Simulator;

before(async () => {
  sim = await startTelegramSimulator({ timeScale: TIME_SCALE });
});
after(() => sim.stop());

function setup() {
  const bot = sim.createBot();
  const user = sim.createUser({ first_name: 'Ann' });
  return { bot, user };
}

describe('getUpdates', () => {
  test('returns updates in order and forgets them only when confirmed by a higher offset', async () => {
    const { bot, user } = setup();
    const first = sim.sendText(bot.token, { from: user.id, text: 'one' });
    sim.sendText(bot.token, { from: user.id, text: 'two' });
    sim.sendText(bot.token, { from: user.id, text: 'three' });

    const all = await callApi(sim.apiRoot, bot.token, 'getUpdates');
    assert.equal(all.status, 200);
    assert.equal(all.body.ok, true);
    assert.deepEqual(
      all.body.result.map((u: { message: { text: string } }) => u.message.text),
      ['one', 'two', 'three'],
    );
    const ids: number[] = all.body.result.map((u: { update_id: number }) => u.update_id);
    assert.deepEqual(ids, [first.update_id, first.update_id + 1, first.update_id + 2]);

    // Reading again without an offset confirms nothing.
    const again = await callApi(sim.apiRoot, bot.token, 'getUpdates');
    assert.equal(again.body.result.length, 3);

    const confirmed = await callApi(sim.apiRoot, bot.token, 'getUpdates', { offset: ids[1] });
    assert.deepEqual(
      confirmed.body.result.map((u: { update_id: number }) => u.update_id),
      [ids[1], ids[2]],
    );
    assert.equal(sim.pendingUpdates(bot.token).length, 2);

    const limited = await callApi(sim.apiRoot, bot.token, 'getUpdates', { limit: 1 });
    assert.equal(limited.body.result.length, 1);

    const rest = await callApi(sim.apiRoot, bot.token, 'getUpdates', { offset: ids[2]! + 1 });
    assert.deepEqual(rest.body.result, []);
    assert.equal(sim.pendingUpdates(bot.token).length, 0);
  });

  test('a negative offset keeps only the last -offset updates and forgets the rest', async () => {
    const { bot, user } = setup();
    for (const text of ['a', 'b', 'c', 'd']) sim.sendText(bot.token, { from: user.id, text });
    const last = await callApi(sim.apiRoot, bot.token, 'getUpdates', { offset: -1 });
    assert.deepEqual(
      last.body.result.map((u: { message: { text: string } }) => u.message.text),
      ['d'],
    );
    const after = await callApi(sim.apiRoot, bot.token, 'getUpdates');
    assert.deepEqual(
      after.body.result.map((u: { message: { text: string } }) => u.message.text),
      ['d'],
    );
  });

  test('limit is clamped to 1..100 like tdlib', async () => {
    const { bot, user } = setup();
    for (const text of ['a', 'b']) sim.sendText(bot.token, { from: user.id, text });
    const zero = await callApi(sim.apiRoot, bot.token, 'getUpdates', { limit: 0 });
    assert.equal(zero.body.result.length, 1);
  });

  test('a long poll returns as soon as an update arrives', async () => {
    const { bot, user } = setup();
    const started = Date.now();
    // timeout 50 s is 5 s at timeScale 10: far longer than the test waits.
    const poll = callApi(sim.apiRoot, bot.token, 'getUpdates', { timeout: 50 });
    setTimeout(() => sim.sendText(bot.token, { from: user.id, text: 'wake up' }), 50);
    const reply = await poll;
    assert.equal(reply.body.result[0].message.text, 'wake up');
    assert.ok(Date.now() - started < 2000, 'returned long before the timeout');
  });

  test('a long poll with nothing to deliver times out with an empty list (timeout scaled by timeScale)', async () => {
    const { bot } = setup();
    const started = Date.now();
    const reply = await callApi(sim.apiRoot, bot.token, 'getUpdates', { timeout: 1 });
    const elapsed = Date.now() - started;
    assert.deepEqual(reply.body, { ok: true, result: [] });
    assert.ok(elapsed >= 1000 / TIME_SCALE - 10, `waited ${elapsed} ms`);
    assert.ok(elapsed < 1000, `waited ${elapsed} ms`);
  });

  test('a second long poll terminates the older one with 409', async () => {
    const { bot, user } = setup();
    const older = callApi(sim.apiRoot, bot.token, 'getUpdates', { timeout: 30 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const newer = callApi(sim.apiRoot, bot.token, 'getUpdates', { timeout: 30 });
    const olderReply = await older;
    assert.equal(olderReply.status, 409);
    assert.deepEqual(olderReply.body, {
      ok: false,
      error_code: 409,
      description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
    sim.sendText(bot.token, { from: user.id, text: 'for the newer poller' });
    const newerReply = await newer;
    assert.equal(newerReply.body.result[0].message.text, 'for the newer poller');
  });

  test('getUpdates while a webhook is set is a 409 conflict', async () => {
    const { bot } = setup();
    const receiver = await startReceiver();
    try {
      const set = await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: receiver.url });
      assert.deepEqual(set.body, { ok: true, result: true, description: 'Webhook was set' });
      const reply = await callApi(sim.apiRoot, bot.token, 'getUpdates');
      assert.equal(reply.status, 409);
      assert.deepEqual(reply.body, {
        ok: false,
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
      const deleted = await callApi(sim.apiRoot, bot.token, 'deleteWebhook');
      assert.deepEqual(deleted.body, { ok: true, result: true, description: 'Webhook was deleted' });
      assert.equal((await callApi(sim.apiRoot, bot.token, 'getUpdates')).status, 200);
    } finally {
      await receiver.close();
    }
  });

  test('setWebhook ends a pending long poll with 409 "terminated by setWebhook request"', async () => {
    const { bot } = setup();
    const receiver = await startReceiver();
    try {
      const poll = callApi(sim.apiRoot, bot.token, 'getUpdates', { timeout: 30 });
      await new Promise((resolve) => setTimeout(resolve, 30));
      await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: receiver.url });
      const reply = await poll;
      assert.equal(reply.status, 409);
      assert.equal(reply.body.description, 'Conflict: terminated by setWebhook request');
    } finally {
      await receiver.close();
    }
  });

  test('allowed_updates persists between calls and filters what is queued', async () => {
    const { bot, user } = setup();
    await callApi(sim.apiRoot, bot.token, 'getUpdates', { allowed_updates: ['callback_query'] });
    sim.sendText(bot.token, { from: user.id, text: 'filtered out' });
    assert.equal((await callApi(sim.apiRoot, bot.token, 'getUpdates')).body.result.length, 0);
    const info = await callApi(sim.apiRoot, bot.token, 'getWebhookInfo');
    assert.deepEqual(info.body.result.allowed_updates, ['callback_query']);
    await callApi(sim.apiRoot, bot.token, 'getUpdates', { allowed_updates: [] });
    sim.sendText(bot.token, { from: user.id, text: 'back to default' });
    assert.equal((await callApi(sim.apiRoot, bot.token, 'getUpdates')).body.result.length, 1);
  });

  test('GET with a query string works like POST', async () => {
    const { bot, user } = setup();
    sim.sendText(bot.token, { from: user.id, text: 'via GET' });
    const response = await fetch(`${sim.apiRoot}/bot${bot.token}/getUpdates?limit=5&offset=0`);
    const body = (await response.json()) as { result: Array<{ message: { text: string } }> };
    assert.equal(body.result[0]?.message.text, 'via GET');
  });
});
