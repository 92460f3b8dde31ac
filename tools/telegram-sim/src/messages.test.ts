import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator } from './index.ts';
import type { Simulator } from './simulator-types.ts';
import { callApi } from './test-support.ts';

let sim: Simulator;

before(async () => {
  sim = await startTelegramSimulator({ rates: { privateChatBurst: 1000, groupBurst: 1000, botBurst: 1000 } });
});
after(() => sim.stop());

function started() {
  const bot = sim.createBot({ username: 'shop_bot' });
  const user = sim.createUser({ first_name: 'Ann', username: 'ann_k', language_code: 'ru' });
  sim.sendText(bot.token, { from: user.id, text: '/start' });
  return { bot, user };
}

describe('Bot API envelope', () => {
  test('unknown token → 401 Unauthorized; unknown method → 404 Not Found; getMe', async () => {
    const bad = await callApi(sim.apiRoot, '123:nope', 'getMe');
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.body, { ok: false, error_code: 401, description: 'Unauthorized' });
    const bot = sim.createBot({ username: 'hello_bot', first_name: 'Hello' });
    const missing = await callApi(sim.apiRoot, bot.token, 'sendTelepathy');
    assert.deepEqual(missing.body, { ok: false, error_code: 404, description: 'Not Found' });
    assert.equal(missing.status, 404);
    const me = await callApi(sim.apiRoot, bot.token, 'getme');
    assert.equal(me.body.result.id, bot.id);
    assert.equal(me.body.result.is_bot, true);
    assert.equal(me.body.result.username, 'hello_bot');
    assert.match(bot.token, /^\d+:[A-Za-z0-9_-]{35}$/);
  });

  test('form-urlencoded and multipart bodies carry JSON fields as strings', async () => {
    const { bot, user } = started();
    const markup = JSON.stringify({ inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] });
    const form = await callApi(
      sim.apiRoot,
      bot.token,
      'sendMessage',
      new URLSearchParams({ chat_id: String(user.id), text: 'urlencoded', reply_markup: markup }),
    );
    assert.equal(form.body.ok, true);
    assert.deepEqual(form.body.result.reply_markup, JSON.parse(markup));
    const multipart = new FormData();
    multipart.set('chat_id', String(user.id));
    multipart.set('text', 'multipart');
    multipart.set('reply_markup', markup);
    const reply = await callApi(sim.apiRoot, bot.token, 'sendMessage', multipart);
    assert.equal(reply.body.result.text, 'multipart');
    assert.equal(sim.sentMessages(bot.token, user.id)[1]?.reply_markup?.inline_keyboard?.[0]?.[0]?.callback_data, 'yes');
  });
});

describe('sendMessage', () => {
  test('sends, with per-chat increasing message ids, unix dates and the Message shape', async () => {
    const { bot, user } = started();
    const first = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, text: 'one' });
    const second = await callApi(sim.apiRoot, bot.token, 'sendMessage', {
      chat_id: user.id,
      text: 'two',
      reply_parameters: { message_id: 1 },
    });
    assert.equal(first.body.result.message_id, 2, 'the user /start was message 1');
    assert.equal(second.body.result.message_id, 3);
    assert.equal(second.body.result.reply_to_message.text, '/start');
    assert.deepEqual(first.body.result.chat, { id: user.id, type: 'private', first_name: 'Ann', username: 'ann_k' });
    assert.equal(first.body.result.from.id, bot.id);
    assert.ok(Math.abs(first.body.result.date - Date.now() / 1000) < 5);
    const sent = sim.sentMessages(bot.token, user.id);
    assert.deepEqual(
      sent.map((m) => [m.kind, m.text, m.reply_to_message_id]),
      [
        ['text', 'one', undefined],
        ['text', 'two', 1],
      ],
    );
  });

  test('unknown chat → 400 chat not found (a user who never wrote to the bot is unknown too)', async () => {
    const bot = sim.createBot();
    const stranger = sim.createUser({ first_name: 'Stranger' });
    for (const chatId of [123456, stranger.id, -100999]) {
      const reply = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: chatId, text: 'hi' });
      assert.deepEqual(reply.body, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    }
  });

  test('empty and too long texts', async () => {
    const { bot, user } = started();
    const empty = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, text: '' });
    assert.deepEqual(empty.body, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
    const long = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, text: 'x'.repeat(4097) });
    assert.deepEqual(long.body, { ok: false, error_code: 400, description: 'Bad Request: message is too long' });
    const max = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, text: 'x'.repeat(4096) });
    assert.equal(max.body.ok, true);
    // The limit applies after markup is parsed.
    const html = await callApi(sim.apiRoot, bot.token, 'sendMessage', {
      chat_id: user.id,
      text: `<b>${'y'.repeat(4096)}</b>`,
      parse_mode: 'HTML',
    });
    assert.equal(html.body.ok, true);
  });

  test('blocked user → 403, my_chat_member kicked; the next message unblocks', async () => {
    const { bot, user } = started();
    const blocked = sim.blockBot(bot.token, user.id);
    assert.equal(blocked.my_chat_member?.new_chat_member.status, 'kicked');
    assert.equal(blocked.my_chat_member?.old_chat_member.status, 'member');
    assert.equal(blocked.my_chat_member?.new_chat_member.user.id, bot.id);
    const reply = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, text: 'are you there?' });
    assert.equal(reply.status, 403);
    assert.deepEqual(reply.body, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const unblocked = sim.unblockBot(bot.token, user.id);
    assert.equal(unblocked.my_chat_member?.new_chat_member.status, 'member');
    assert.equal((await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, text: 'welcome back' })).status, 200);
  });

  test('markup errors use tdlib texts', async () => {
    const { bot, user } = started();
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { text: 'Price: 10.5', parse_mode: 'MarkdownV2' },
        "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
      ],
      [{ text: '*bold', parse_mode: 'MarkdownV2' }, "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0"],
      [{ text: 'a<br>b', parse_mode: 'HTML' }, 'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 1'],
      [{ text: '<b>open', parse_mode: 'HTML' }, 'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"'],
      [{ text: 'x', parse_mode: 'Textile' }, 'Bad Request: unsupported parse_mode'],
      [{ text: 'x', reply_markup: '{not json' }, "Bad Request: can't parse reply keyboard markup JSON object"],
      [
        { text: 'x', reply_markup: { inline_keyboard: [[{ text: 'bare' }]] } },
        "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
      ],
      [
        { text: 'x', reply_markup: { inline_keyboard: [[{ text: 'big', callback_data: 'd'.repeat(65) }]] } },
        'Bad Request: BUTTON_DATA_INVALID',
      ],
      [{ text: 'x', reply_parameters: { message_id: 999 } }, 'Bad Request: message to be replied not found'],
    ];
    for (const [params, description] of cases) {
      const reply = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, ...params });
      assert.deepEqual(reply.body, { ok: false, error_code: 400, description }, JSON.stringify(params));
    }
    const parsed = await callApi(sim.apiRoot, bot.token, 'sendMessage', {
      chat_id: user.id,
      text: '*Total:* 10\\.5 [site](https://example.com)',
      parse_mode: 'MarkdownV2',
    });
    assert.equal(parsed.body.result.text, 'Total: 10.5 site');
    assert.deepEqual(parsed.body.result.entities, [
      { type: 'bold', offset: 0, length: 6 },
      { type: 'text_link', offset: 12, length: 4, url: 'https://example.com' },
    ]);
  });
});
