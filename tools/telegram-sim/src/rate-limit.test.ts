import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { DEFAULT_RATES, startTelegramSimulator } from './index.ts';
import type { Simulator } from './simulator-types.ts';
import { callApi } from './test-support.ts';

const sims: Simulator[] = [];
after(() => Promise.all(sims.map((s) => s.stop())));

async function simulator(options: Parameters<typeof startTelegramSimulator>[0] = {}): Promise<Simulator> {
  const sim = await startTelegramSimulator(options);
  sims.push(sim);
  return sim;
}

function startedUsers(sim: Simulator, token: string, n: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const user = sim.createUser({ first_name: `U${i}` });
    sim.sendText(token, { from: user.id, text: '/start' });
    return user.id;
  });
}

const send = (sim: Simulator, token: string, chatId: number, text = 'hi') =>
  callApi(sim.apiRoot, token, 'sendMessage', { chat_id: chatId, text });

describe('flood control', () => {
  test('defaults: 30/s per bot (burst 30), 1/s per private chat (burst 3), 20/min per group (burst 20)', () => {
    assert.deepEqual(DEFAULT_RATES, {
      botPerSecond: 30,
      botBurst: 30,
      privateChatPerSecond: 1,
      privateChatBurst: 3,
      groupPerMinute: 20,
      groupBurst: 20,
    });
  });

  test('a private chat allows a burst of 3, then 429 with Telegram’s body and retry_after ≥ 1', async () => {
    const sim = await simulator();
    const bot = sim.createBot();
    const [user] = startedUsers(sim, bot.token, 1);
    for (let i = 0; i < 3; i++) assert.equal((await send(sim, bot.token, user!)).status, 200);
    const limited = await send(sim, bot.token, user!);
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.body, {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    assert.equal(sim.sentMessages(bot.token, user!).length, 3, 'a refused message is not sent');
    const stats = sim.stats(bot.token);
    assert.equal(stats.sent, 3);
    assert.equal(stats.rateLimited, 1);
    assert.equal(stats.byMethod.sendMessage, 4);
  });

  test('per bot: after a burst of 30 across chats the next message gets 429', async () => {
    // A slow refill (1 per 2 s) keeps the count exact however long the 31 requests take.
    const sim = await simulator({ rates: { botPerSecond: 0.5 } });
    const bot = sim.createBot();
    const users = startedUsers(sim, bot.token, 31);
    const replies = await Promise.all(users.map((id) => send(sim, bot.token, id)));
    assert.equal(replies.filter((r) => r.status === 200).length, 30);
    const limited = replies.find((r) => r.status === 429)!;
    assert.deepEqual(limited.body, {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 2',
      parameters: { retry_after: 2 },
    });
  });

  test('a group takes 20 at once, then retry_after is 3 s (one message per 3 s)', async () => {
    const sim = await simulator();
    const bot = sim.createBot();
    const ann = sim.createUser({ first_name: 'Ann' });
    const group = sim.createGroup({ title: 'Team', type: 'group' });
    sim.addMember(group.id, ann.id);
    sim.addMember(group.id, bot.token);
    for (let i = 0; i < 20; i++) assert.equal((await send(sim, bot.token, group.id)).status, 200, `message ${i + 1}`);
    const limited = await send(sim, bot.token, group.id);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.description, 'Too Many Requests: retry after 3');
    assert.deepEqual(limited.body.parameters, { retry_after: 3 });
  });

  test('timeScale multiplies the rates: a token comes back after 1/timeScale of the time; retry_after stays in simulated seconds', async () => {
    // One token per 10 simulated seconds = 500 ms real at timeScale 20.
    const sim = await simulator({ timeScale: 20, rates: { privateChatPerSecond: 0.1 } });
    const bot = sim.createBot();
    const [user] = startedUsers(sim, bot.token, 1);
    const started = Date.now();
    for (let i = 0; i < 3; i++) assert.equal((await send(sim, bot.token, user!)).status, 200);
    const limited = await send(sim, bot.token, user!);
    assert.equal(limited.status, 429);
    const retryAfter = limited.body.parameters.retry_after;
    assert.ok(retryAfter >= 5 && retryAfter <= 10, `retry_after ${retryAfter} is in simulated seconds`);
    let reply = limited;
    while (reply.status === 429) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      reply = await send(sim, bot.token, user!);
    }
    const waited = Date.now() - started;
    assert.ok(waited >= 500 - 15 && waited < 2000, `token back after ${waited} ms`);
    const stats = sim.stats(bot.token);
    assert.equal(stats.permittedPerSecond, 30 * 20);
    assert.equal(stats.timeScale, 20);
  });

  test('rates are configurable at start and at run time', async () => {
    const sim = await simulator({ rates: { privateChatBurst: 10 } });
    const bot = sim.createBot();
    const [user] = startedUsers(sim, bot.token, 1);
    for (let i = 0; i < 10; i++) assert.equal((await send(sim, bot.token, user!)).status, 200);
    assert.equal((await send(sim, bot.token, user!)).status, 429);
    const rates = sim.setRates({ privateChatPerSecond: 0.5 });
    assert.equal(rates.privateChatPerSecond, 0.5);
    for (let i = 0; i < 10; i++) await send(sim, bot.token, user!);
    const limited = await send(sim, bot.token, user!);
    assert.equal(limited.body.parameters.retry_after, 2, 'one token every 2 s');
  });

  test('an album counts each item against the limits', async () => {
    const sim = await simulator();
    const bot = sim.createBot();
    const users = startedUsers(sim, bot.token, 3);
    const form = new FormData();
    form.set('chat_id', String(users[0]));
    form.set('media', JSON.stringify(Array.from({ length: 10 }, (_, i) => ({ type: 'document', media: `attach://f${i}` }))));
    for (let i = 0; i < 10; i++) form.set(`f${i}`, new Blob([`file ${i}`]), `f${i}.txt`);
    assert.equal((await callApi(sim.apiRoot, bot.token, 'sendMediaGroup', form)).status, 200);
    assert.equal((await send(sim, bot.token, users[0]!)).status, 429, 'the chat is in debt after a 10-item album');
    assert.equal(sim.stats(bot.token).sent, 10);
  });
});
