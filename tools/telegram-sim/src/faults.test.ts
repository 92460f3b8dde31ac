import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { startTelegramSimulator } from './index.ts';
import type { FaultConfig, Simulator } from './simulator-types.ts';
import { callApi } from './test-support.ts';

const sims: Simulator[] = [];
after(() => Promise.all(sims.map((s) => s.stop())));

async function setup(seed?: number) {
  const options: Parameters<typeof startTelegramSimulator>[0] = { rates: { privateChatBurst: 10_000, botBurst: 10_000 } };
  if (seed !== undefined) options.seed = seed;
  const sim = await startTelegramSimulator(options);
  sims.push(sim);
  const bot = sim.createBot();
  const user = sim.createUser({ first_name: 'Ann' });
  sim.sendText(bot.token, { from: user.id, text: '/start' });
  return { sim, bot, user };
}

/** Outcome of one call: the HTTP status, or "drop" when the connection died without an answer. */
async function outcome(sim: Simulator, token: string, method: string, params: Record<string, unknown>): Promise<string> {
  try {
    const reply = await callApi(sim.apiRoot, token, method, params);
    return String(reply.status);
  } catch {
    return 'drop';
  }
}

describe('fault injection', () => {
  test('the same seed gives the same sequence of faults', async () => {
    const faults: FaultConfig = { rate429: 0.2, rate5xx: 0.2, rateDrop: 0.1, rateSlow: 0.1, slowMs: 1, methods: ['sendMessage'] };
    const runs: string[][] = [];
    for (const seed of [7, 7, 8]) {
      const { sim, bot, user } = await setup(seed);
      sim.setFaults('*', faults);
      const seen: string[] = [];
      for (let i = 0; i < 40; i++) seen.push(await outcome(sim, bot.token, 'sendMessage', { chat_id: user.id, text: `m${i}` }));
      runs.push(seen);
    }
    assert.deepEqual(runs[0], runs[1]);
    assert.notDeepEqual(runs[0], runs[2]);
    for (const kind of ['200', '429', 'drop']) assert.ok(runs[0]!.includes(kind), `saw ${kind} in ${runs[0]}`);
    assert.ok(runs[0]!.includes('500') || runs[0]!.includes('502'));
  });

  test('injected errors have Telegram’s shapes and are counted; other methods are untouched', async () => {
    const { sim, bot, user } = await setup();
    sim.failNext(bot.token, 1, '429');
    const limited = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, text: 'x' });
    assert.deepEqual(limited.body, {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    sim.failNext(bot.token, 1, '500');
    const internal = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, text: 'x' });
    assert.deepEqual([internal.status, internal.body], [500, { ok: false, error_code: 500, description: 'Internal Server Error' }]);
    sim.failNext(bot.token, 1, '502');
    const gateway = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, text: 'x' });
    assert.deepEqual([gateway.status, gateway.body.description], [502, 'Bad Gateway']);
    assert.equal(sim.sentMessages(bot.token, user.id).length, 0, 'failed calls do nothing');
    sim.failNext(bot.token, 2, '500', { methods: ['sendPhoto'] });
    assert.equal((await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, text: 'fine' })).status, 200);
    const stats = sim.stats(bot.token);
    assert.deepEqual(stats.injected, { http429: 1, http5xx: 2, dropped: 0, slow: 0 });
    assert.equal(stats.sent, 1);
  });

  test('a drop either loses the request or only its answer (dropAfterApply)', async () => {
    const { sim, bot, user } = await setup();
    sim.failNext(bot.token, 1, 'drop');
    assert.equal(await outcome(sim, bot.token, 'sendMessage', { chat_id: user.id, text: 'lost' }), 'drop');
    assert.equal(sim.sentMessages(bot.token, user.id).length, 0);
    sim.failNext(bot.token, 1, 'drop-after-apply');
    assert.equal(await outcome(sim, bot.token, 'sendMessage', { chat_id: user.id, text: 'delivered, answer lost' }), 'drop');
    assert.deepEqual(
      sim.sentMessages(bot.token, user.id).map((m) => m.text),
      ['delivered, answer lost'],
    );
    sim.setFaults(bot.token, { rateDrop: 1, dropAfterApply: true });
    assert.equal(await outcome(sim, bot.token, 'sendMessage', { chat_id: user.id, text: 'again' }), 'drop');
    assert.equal(sim.sentMessages(bot.token, user.id).length, 2);
    sim.setFaults(bot.token, null);
    assert.equal(await outcome(sim, bot.token, 'sendMessage', { chat_id: user.id, text: 'clean' }), '200');
  });

  test('a slow answer arrives after slowMs with the normal result', async () => {
    const { sim, bot, user } = await setup();
    sim.failNext(bot.token, 1, 'slow', { slowMs: 120 });
    const started = Date.now();
    const reply = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, text: 'eventually' });
    assert.equal(reply.status, 200);
    assert.ok(Date.now() - started >= 115);
    assert.equal(sim.stats(bot.token).injected.slow, 1);
  });

  test('bad fault settings are refused', async () => {
    const { sim, bot } = await setup();
    assert.throws(() => sim.setFaults(bot.token, { rate429: 2 }), /probability/);
    assert.throws(() => sim.setFaults(bot.token, { rate429: 0.6, rate5xx: 0.6 }), /more than 1/);
    assert.throws(() => sim.failNext(bot.token, 1, 'explode' as never), /fault kind/);
    assert.throws(() => sim.setFaults('1:unknown', {}), /unknown bot token/);
  });
});
