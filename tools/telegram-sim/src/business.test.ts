import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSimulatorClient, startTelegramSimulator } from './index.ts';
import type { Simulator } from './simulator-types.ts';
import { callApi, eventually, startReceiver } from './test-support.ts';

let sim: Simulator;

before(async () => {
  sim = await startTelegramSimulator({ rates: { privateChatBurst: 1000, groupBurst: 1000, botBurst: 1000 } });
});
after(() => sim.stop());

function connected(rights?: Record<string, true>) {
  const bot = sim.createBot({ username: 'secretary_bot', can_connect_to_business: true });
  const owner = sim.createUser({ first_name: 'Olga', username: 'olga_shop' });
  const customer = sim.createUser({ first_name: 'Ivan' });
  const connection = sim.connectBusiness(bot.token, rights ? { user: owner.id, rights } : { user: owner.id });
  return { bot, owner, customer, connection };
}

async function poll(token: string) {
  const reply = await callApi(sim.apiRoot, token, 'getUpdates', { timeout: 0 });
  const updates = reply.body.result as Array<Record<string, any>>;
  const last = updates.at(-1);
  if (last) await callApi(sim.apiRoot, token, 'getUpdates', { offset: last.update_id + 1, timeout: 0 });
  return updates;
}

describe('business connections', () => {
  test('connect → business_connection; messages, edits and deletions arrive as business updates (getUpdates)', async () => {
    const { bot, owner, customer, connection } = connected();
    assert.match(connection.id, /^[A-Za-z0-9_-]{16}$/);
    assert.deepEqual(connection.rights, { can_reply: true, can_read_messages: true });
    sim.sendBusinessText(bot.token, { connection: connection.id, from: customer.id, text: 'Do you deliver?' });
    sim.sendBusinessText(bot.token, { connection: connection.id, from: owner.id, chat: customer.id, text: 'Yes, tomorrow' });
    sim.editBusinessMessage(bot.token, { connection: connection.id, from: customer.id, message_id: 1, text: 'Do you deliver today?' });
    sim.deleteBusinessMessages(bot.token, { connection: connection.id, chat: customer.id, message_ids: [1] });
    const updates = await poll(bot.token);
    assert.deepEqual(
      updates.map((update) => Object.keys(update).filter((key) => key !== 'update_id')[0]),
      ['business_connection', 'business_message', 'business_message', 'edited_business_message', 'deleted_business_messages'],
    );
    assert.deepEqual(updates[0]!.business_connection, {
      id: connection.id,
      user: owner,
      user_chat_id: owner.id,
      date: connection.date,
      rights: { can_reply: true, can_read_messages: true },
      is_enabled: true,
    });
    const incoming = updates[1]!.business_message;
    assert.equal(incoming.business_connection_id, connection.id);
    assert.equal(incoming.chat.id, customer.id);
    assert.equal(incoming.from.id, customer.id);
    assert.equal(updates[2]!.business_message.from.id, owner.id, 'the owner writing from their phone');
    assert.equal(updates[3]!.edited_business_message.text, 'Do you deliver today?');
    assert.deepEqual(updates[4]!.deleted_business_messages, {
      business_connection_id: connection.id,
      chat: incoming.chat,
      message_ids: [1],
    });
  });

  test('sendMessage with business_connection_id answers as the account; getBusinessConnection', async () => {
    const { bot, owner, customer, connection } = connected();
    sim.sendBusinessText(bot.token, { connection: connection.id, from: customer.id, text: 'Hello' });
    const sent = await callApi(sim.apiRoot, bot.token, 'sendMessage', {
      chat_id: customer.id,
      text: 'Hello from the shop',
      business_connection_id: connection.id,
    });
    assert.equal(sent.body.ok, true);
    assert.equal(sent.body.result.from.id, owner.id);
    assert.equal(sent.body.result.sender_business_bot.id, bot.id);
    assert.equal(sent.body.result.business_connection_id, connection.id);
    assert.equal(sent.body.result.message_id, 2, 'message ids go on in the business chat');
    const recorded = await sim.waitForSent(bot.token, customer.id, (m) => m.business_connection_id === connection.id);
    assert.equal(recorded.text, 'Hello from the shop');
    const fetched = await callApi(sim.apiRoot, bot.token, 'getBusinessConnection', { business_connection_id: connection.id });
    assert.equal(fetched.body.result.id, connection.id);
    assert.equal(fetched.body.result.is_enabled, true);
    // The bot's own private chat with the customer is another chat: they never wrote to the bot.
    const plain = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: customer.id, text: 'as the bot' });
    assert.deepEqual(plain.body, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
  });

  test('refusals: paused, no can_reply, removed, unknown, a customer who never wrote, a group', async () => {
    const { bot, owner, customer, connection } = connected();
    sim.sendBusinessText(bot.token, { connection: connection.id, from: customer.id, text: 'Hi' });
    const send = (extra: Record<string, unknown> = {}) =>
      callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: customer.id, text: 'x', business_connection_id: connection.id, ...extra });

    const stranger = sim.createUser({ first_name: 'Nobody' });
    assert.deepEqual((await send({ chat_id: stranger.id })).body, {
      ok: false,
      error_code: 400,
      description: 'Bad Request: BUSINESS_PEER_USAGE_MISSING',
    });
    assert.equal((await send({ chat_id: -100123 })).body.description, 'Bad Request: BUSINESS_PEER_INVALID');

    sim.updateBusinessConnection(bot.token, connection.id, { rights: { can_read_messages: true } });
    const noRight = await send();
    assert.equal(noRight.status, 403);
    assert.equal(noRight.body.description, 'Forbidden: BOT_ACCESS_FORBIDDEN');

    sim.updateBusinessConnection(bot.token, connection.id, { rights: { can_reply: true }, is_enabled: false });
    assert.equal((await send()).body.description, 'Bad Request: BUSINESS_CONNECTION_INVALID');
    assert.throws(() => sim.sendBusinessText(bot.token, { connection: connection.id, from: customer.id, text: 'lost' }), /disabled/);

    sim.updateBusinessConnection(bot.token, connection.id, { is_enabled: true });
    assert.equal((await send()).body.ok, true);

    const revoked = sim.revokeBusinessConnection(bot.token, connection.id);
    assert.equal(revoked.is_enabled, false);
    assert.deepEqual((await send()).body, { ok: false, error_code: 400, description: 'Bad Request: business connection not found' });
    const gone = await callApi(sim.apiRoot, bot.token, 'getBusinessConnection', { business_connection_id: connection.id });
    assert.equal(gone.body.description, 'Bad Request: business connection not found');
    assert.deepEqual(sim.businessConnections(bot.token), []);
    const unknown = await send({ business_connection_id: 'nope' });
    assert.equal(unknown.body.description, 'Bad Request: business connection not found');
    assert.throws(() => sim.connectBusiness(bot.token, { user: owner.id, rights: { can_fly: true } as never }), /unknown business right/);
    const updates = await poll(bot.token);
    assert.deepEqual(
      updates.filter((u) => u.business_connection).map((u) => [u.business_connection.is_enabled, u.business_connection.rights]),
      [
        [true, { can_reply: true, can_read_messages: true }],
        [true, { can_read_messages: true }],
        [false, { can_reply: true }],
        [true, { can_reply: true }],
        [false, { can_reply: true }],
      ],
    );
  });

  test('Business Mode: getMe reports it; without it no account can connect the bot', async () => {
    const plain = sim.createBot();
    const owner = sim.createUser({ first_name: 'Owner' });
    assert.equal((await callApi(sim.apiRoot, plain.token, 'getMe')).body.result.can_connect_to_business, false);
    assert.throws(() => sim.connectBusiness(plain.token, { user: owner.id }), /no Business Mode/);
    sim.setBusinessMode(plain.token, true);
    assert.equal((await callApi(sim.apiRoot, plain.token, 'getMe')).body.result.can_connect_to_business, true);
    assert.equal(sim.connectBusiness(plain.token, { user: owner.id }).is_enabled, true);
  });

  test('webhook delivery and the /control client', async () => {
    const receiver = await startReceiver();
    try {
      const client = createSimulatorClient(sim.url);
      const bot = await client.createBot({ can_connect_to_business: true });
      const owner = await client.createUser({ first_name: 'Owner' });
      const customer = await client.createUser({ first_name: 'Buyer' });
      await callApi(sim.apiRoot, bot.token, 'setWebhook', { url: receiver.url });
      const connection = await client.connectBusiness(bot.token, { user: owner.id, rights: { can_reply: true } });
      await client.sendBusinessText(bot.token, { connection: connection.id, from: customer.id, text: 'via webhook' });
      await eventually(() => receiver.received.length >= 2, 5000, 'two webhook deliveries');
      assert.equal(receiver.received[0]?.update.business_connection?.id, connection.id);
      assert.equal(receiver.received[1]?.update.business_message?.text, 'via webhook');
      assert.equal((await client.businessConnections(bot.token)).length, 1);
    } finally {
      await receiver.close();
    }
  });
});
