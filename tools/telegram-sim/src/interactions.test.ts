import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPng, startTelegramSimulator } from './index.ts';
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

describe('edits, buttons, deletes, commands', () => {
  test('pressButton → callback_query; answerCallbackQuery once; editMessageText with edit history', async () => {
    const { bot, user } = started();
    const markup = {
      inline_keyboard: [
        [
          { text: 'Confirm', callback_data: 'confirm:7' },
          { text: 'Site', url: 'https://example.com' },
        ],
      ],
    };
    const sent = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, text: 'Confirm order 7?', reply_markup: markup });
    const messageId = sent.body.result.message_id;
    const press = sim.pressButton(bot.token, { from: user.id, message_id: messageId, data: 'confirm:7' });
    const query = press.callback_query!;
    assert.equal(query.data, 'confirm:7');
    assert.equal(query.message?.message_id, messageId);
    assert.equal(query.from.id, user.id);
    assert.match(query.chat_instance, /^-?\d+$/);
    assert.throws(() => sim.pressButton(bot.token, { from: user.id, message_id: messageId, data: 'nope' }), /no callback button/);
    assert.equal(
      (await callApi(sim.apiRoot, bot.token, 'answerCallbackQuery', { callback_query_id: query.id, text: 'Done' })).body.result,
      true,
    );
    const twice = await callApi(sim.apiRoot, bot.token, 'answerCallbackQuery', { callback_query_id: query.id });
    assert.equal(twice.body.description, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
    assert.deepEqual(
      sim.callbackAnswers(bot.token).map((a) => a.text),
      ['Done'],
    );

    const edited = await callApi(sim.apiRoot, bot.token, 'editMessageText', {
      chat_id: user.id,
      message_id: messageId,
      text: 'Order 7 confirmed',
    });
    assert.equal(edited.body.result.text, 'Order 7 confirmed');
    assert.equal(edited.body.result.reply_markup, undefined, 'markup not repeated is removed');
    assert.ok(edited.body.result.edit_date >= edited.body.result.date);
    const same = await callApi(sim.apiRoot, bot.token, 'editMessageText', {
      chat_id: user.id,
      message_id: messageId,
      text: 'Order 7 confirmed',
    });
    assert.match(
      same.body.description,
      /^Bad Request: message is not modified: specified new message content and reply markup are exactly the same/,
    );
    const missing = await callApi(sim.apiRoot, bot.token, 'editMessageText', { chat_id: user.id, message_id: 999, text: 'x' });
    assert.equal(missing.body.description, 'Bad Request: message to edit not found');
    const record = sim.sentMessages(bot.token, user.id).find((m) => m.message_id === messageId)!;
    assert.equal(record.text, 'Order 7 confirmed');
    assert.deepEqual(
      record.edits.map((e) => e.text),
      ['Order 7 confirmed'],
    );

    const markupOnly = await callApi(sim.apiRoot, bot.token, 'editMessageReplyMarkup', {
      chat_id: user.id,
      message_id: messageId,
      reply_markup: markup,
    });
    assert.deepEqual(markupOnly.body.result.reply_markup, markup);
    assert.equal((await callApi(sim.apiRoot, bot.token, 'deleteMessage', { chat_id: user.id, message_id: messageId })).body.result, true);
    assert.equal(sim.sentMessages(bot.token, user.id).find((m) => m.message_id === messageId)?.deleted, true);
    const gone = await callApi(sim.apiRoot, bot.token, 'deleteMessage', { chat_id: user.id, message_id: messageId });
    assert.equal(gone.body.description, 'Bad Request: message to delete not found');
  });

  test('user edits produce edited_message with edit_date; waitForSent sees later messages', async () => {
    const { bot, user } = started();
    const original = sim.sendText(bot.token, { from: user.id, text: 'my phone is 123' });
    const edit = sim.editMessage(bot.token, { from: user.id, message_id: original.message!.message_id, text: 'my phone is 456' });
    assert.equal(edit.edited_message?.text, 'my phone is 456');
    assert.equal(edit.edited_message?.message_id, original.message!.message_id);
    assert.equal(typeof edit.edited_message?.edit_date, 'number');
    const waiting = sim.waitForSent(bot.token, user.id, (m) => m.text === 'noted', 2000);
    await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: user.id, text: 'noted' });
    assert.equal((await waiting).text, 'noted');
    await assert.rejects(
      sim.waitForSent(bot.token, user.id, (m) => m.text === 'never', 50),
      /waitForSent: no matching message/,
    );
  });

  test('groups, forum topics, chat actions and commands', async () => {
    const bot = sim.createBot();
    const ann = sim.createUser({ first_name: 'Ann' });
    const forum = sim.createGroup({ title: 'Support', type: 'supergroup', is_forum: true });
    assert.ok(forum.id < -1_000_000_000_000);
    sim.addMember(forum.id, ann.id);
    const joined = sim.addMember(forum.id, bot.token);
    assert.equal(joined?.my_chat_member?.new_chat_member.status, 'member');
    const topic = sim.createTopic(forum.id, 'Billing');
    const asked = sim.sendText(bot.token, {
      from: ann.id,
      chat: forum.id,
      message_thread_id: topic.message_thread_id,
      text: '/help@shop_bot',
    });
    assert.equal(asked.message?.is_topic_message, true);
    assert.equal(asked.message?.message_thread_id, topic.message_thread_id);
    const reply = await callApi(sim.apiRoot, bot.token, 'sendMessage', {
      chat_id: forum.id,
      message_thread_id: topic.message_thread_id,
      text: 'On it',
    });
    assert.equal(reply.body.result.message_thread_id, topic.message_thread_id);
    const badThread = await callApi(sim.apiRoot, bot.token, 'sendMessage', { chat_id: forum.id, message_thread_id: 4242, text: 'x' });
    assert.equal(badThread.body.description, 'Bad Request: message thread not found');
    assert.equal((await callApi(sim.apiRoot, bot.token, 'sendChatAction', { chat_id: forum.id, action: 'typing' })).body.result, true);
    const badAction = await callApi(sim.apiRoot, bot.token, 'sendChatAction', { chat_id: forum.id, action: 'dancing' });
    assert.equal(badAction.body.description, 'Bad Request: wrong parameter action in request');
    assert.deepEqual(sim.chatActions(bot.token, forum.id), ['typing']);

    const commands = [
      { command: 'start', description: 'Start' },
      { command: 'help', description: 'Help' },
    ];
    assert.equal((await callApi(sim.apiRoot, bot.token, 'setMyCommands', { commands })).body.result, true);
    assert.deepEqual((await callApi(sim.apiRoot, bot.token, 'getMyCommands')).body.result, commands);
    assert.deepEqual((await callApi(sim.apiRoot, bot.token, 'getMyCommands', { language_code: 'ru' })).body.result, []);
  });

  test('other user messages have Bot API shapes; injectUpdate queues anything', async () => {
    const { bot, user } = started();
    assert.deepEqual(sim.sendLocation(bot.token, { from: user.id, latitude: 43.25, longitude: 76.95 }).message?.location, {
      latitude: 43.25,
      longitude: 76.95,
    });
    const contact = sim.sendContact(bot.token, { from: user.id, phone_number: '+77011234567', first_name: 'Ann', user_id: user.id }).message
      ?.contact;
    assert.deepEqual(contact, { phone_number: '+77011234567', first_name: 'Ann', user_id: user.id });
    const sticker = sim.sendSticker(bot.token, { from: user.id }).message?.sticker;
    assert.equal(sticker?.type, 'regular');
    const video = sim.sendVideo(bot.token, { from: user.id, caption: 'clip' }).message!;
    assert.equal(video.video?.mime_type, 'video/mp4');
    assert.equal(video.caption, 'clip');
    const reply = sim.sendText(bot.token, { from: user.id, text: 'about this', reply_to: video.message_id });
    assert.equal(reply.message?.reply_to_message?.message_id, video.message_id);
    const injected = sim.injectUpdate(bot.token, {
      pre_checkout_query: {
        id: 'q1',
        from: { id: user.id, is_bot: false, first_name: 'Ann' },
        currency: 'XTR',
        total_amount: 5,
        invoice_payload: 'order-1',
      },
    });
    assert.equal(sim.pendingUpdates(bot.token).at(-1)?.update_id, injected.update_id);

    const photo = new FormData();
    photo.set('chat_id', String(user.id));
    photo.set('caption', 'old');
    photo.set('photo', new Blob([createPng(2, 2)]), 'p.png');
    const sent = await callApi(sim.apiRoot, bot.token, 'sendPhoto', photo);
    const edited = await callApi(sim.apiRoot, bot.token, 'editMessageCaption', {
      chat_id: user.id,
      message_id: sent.body.result.message_id,
      caption: 'new',
    });
    assert.equal(edited.body.result.caption, 'new');
    const noText = await callApi(sim.apiRoot, bot.token, 'editMessageText', {
      chat_id: user.id,
      message_id: sent.body.result.message_id,
      text: 'x',
    });
    assert.equal(noText.body.description, 'Bad Request: there is no text in the message to edit');
  });
});
