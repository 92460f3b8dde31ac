import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTelegramSimulator } from './index.ts';
import type { Simulator } from './simulator-types.ts';
import { callApi } from './test-support.ts';

let sim: Simulator;
before(async () => {
  sim = await startTelegramSimulator();
});
after(() => sim.stop());

function checkout(sim: Simulator) {
  const bot = sim.createBot({ username: 'shop_bot' });
  const user = sim.createUser({ first_name: 'Ann' });
  const update = sim.startCheckout(bot.token, { from: user.id, invoice_payload: 'order-7', total_amount: 250 });
  return { bot, user, query: update.pre_checkout_query! };
}

test('startCheckout sends a pre_checkout_query; answerPreCheckoutQuery takes one answer, recorded', async () => {
  const { bot, user, query } = checkout(sim);
  assert.match(query.id, /^\d+$/);
  assert.deepEqual([query.from.id, query.currency, query.total_amount, query.invoice_payload], [user.id, 'XTR', 250, 'order-7']);
  assert.equal(sim.pendingUpdates(bot.token).at(-1)?.pre_checkout_query?.id, query.id);
  const answered = await callApi(sim.apiRoot, bot.token, 'answerPreCheckoutQuery', {
    pre_checkout_query_id: query.id,
    ok: false,
    error_message: 'Sold out',
  });
  assert.deepEqual(answered.body, { ok: true, result: true });
  const [answer] = sim.preCheckoutAnswers(bot.token);
  assert.deepEqual(
    { ...answer, answered_after_ms: 0 },
    { pre_checkout_query_id: query.id, ok: false, error_message: 'Sold out', answered_after_ms: 0 },
  );
  const twice = await callApi(sim.apiRoot, bot.token, 'answerPreCheckoutQuery', { pre_checkout_query_id: query.id, ok: true });
  assert.deepEqual(
    [twice.status, twice.body.description],
    [400, 'Bad Request: query is too old and response timeout expired or query ID is invalid'],
  );
});

test('ok:false needs an error_message; an unknown id is refused', async () => {
  const { bot, query } = checkout(sim);
  const bare = await callApi(sim.apiRoot, bot.token, 'answerPreCheckoutQuery', { pre_checkout_query_id: query.id, ok: false });
  assert.deepEqual([bare.status, bare.body.description], [400, 'Bad Request: error_message must be non-empty if ok is false']);
  const unknown = await callApi(sim.apiRoot, bot.token, 'answerPreCheckoutQuery', { pre_checkout_query_id: '42', ok: true });
  assert.equal(unknown.status, 400);
  assert.deepEqual(sim.preCheckoutAnswers(bot.token), []);
  assert.throws(() => sim.startCheckout(bot.token, { from: 1, invoice_payload: 'x', total_amount: 1 }), /unknown user 1/);
});

test('an answer after the 10-second window is refused, as Telegram does', async () => {
  // At time scale 10,000 the 10-second window is one real millisecond: the answer below is always late.
  const fast = await startTelegramSimulator({ timeScale: 10_000 });
  try {
    const { bot, query } = checkout(fast);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const late = await callApi(fast.apiRoot, bot.token, 'answerPreCheckoutQuery', { pre_checkout_query_id: query.id, ok: true });
    assert.deepEqual(
      [late.status, late.body.description],
      [400, 'Bad Request: query is too old and response timeout expired or query ID is invalid'],
    );
    assert.deepEqual(fast.preCheckoutAnswers(bot.token), []);
  } finally {
    await fast.stop();
  }
});

test('sendInvoice: fiat needs a provider token, Stars none; the invoice is recorded as sent', async () => {
  const bot = sim.createBot({ username: 'invoice_bot' });
  const user = sim.createUser({ first_name: 'Dana' });
  sim.sendText(bot.token, { from: user.id, text: '/start' });
  const base = { chat_id: user.id, title: 'Invoice CL-1', description: 'Therapist', payload: 'clinic-invoice:1', currency: 'KZT' };
  const prices = JSON.stringify([{ label: 'Therapist', amount: 800_000 }]);
  const noToken = await callApi(sim.apiRoot, bot.token, 'sendInvoice', { ...base, prices });
  assert.deepEqual([noToken.status, noToken.body.description], [400, 'Bad Request: PAYMENT_PROVIDER_INVALID']);
  const starsWithToken = await callApi(sim.apiRoot, bot.token, 'sendInvoice', { ...base, currency: 'XTR', provider_token: 'x', prices });
  assert.equal(starsWithToken.status, 400);
  const noPrices = await callApi(sim.apiRoot, bot.token, 'sendInvoice', { ...base, provider_token: 'test:token', prices: '[]' });
  assert.deepEqual([noPrices.status, noPrices.body.description], [400, 'Bad Request: PRICES_INVALID']);
  const sent = await callApi(sim.apiRoot, bot.token, 'sendInvoice', { ...base, provider_token: 'test:token', prices });
  assert.equal(sent.status, 200);
  assert.deepEqual(sent.body.result.invoice, {
    title: 'Invoice CL-1',
    description: 'Therapist',
    start_parameter: '',
    currency: 'KZT',
    total_amount: 800_000,
  });
  const recorded = sim.sentMessages(bot.token, user.id).filter((each) => each.method === 'sendInvoice');
  assert.deepEqual(
    recorded.map((each) => each.message.invoice?.total_amount),
    [800_000],
  );
});
