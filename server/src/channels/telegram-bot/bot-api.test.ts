import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GrammyError, HttpError } from 'grammy';
import { createPng, startTelegramSimulator, type BotInfo, type Simulator } from '@switchboard/telegram-sim';
import { ChannelError } from '../channel.ts';
import { createBotApi, translateTelegramError, type BotApi } from './bot-api.ts';

async function rejection(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ChannelError, `expected a ChannelError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('Telegram Bot API sender against the simulator', () => {
  let sim: Simulator;
  let bot: BotInfo;
  let api: BotApi;
  let userId: number;
  let folder: string;

  before(async () => {
    // Flood control has its own tests in delivery; here every call should reach the method.
    sim = await startTelegramSimulator({
      seed: 7,
      rates: { privateChatPerSecond: 1000, privateChatBurst: 1000, groupPerMinute: 6000, groupBurst: 100 },
    });
    bot = sim.createBot({ username: 'sender_bot' });
    userId = sim.createUser({ first_name: 'Ada' }).id;
    sim.sendText(bot.token, { from: userId, text: '/start' });
    api = createBotApi({ token: bot.token, apiRoot: sim.apiRoot, timeoutMs: 5_000 });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-api-test-'));
    fs.writeFileSync(path.join(folder, 'a.png'), createPng(4, 4));
    fs.writeFileSync(path.join(folder, 'b.png'), createPng(8, 8, [200, 10, 10]));
    fs.writeFileSync(path.join(folder, 'invoice.pdf'), Buffer.from('%PDF-1.4 test'));
  });
  after(async () => {
    await sim.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('text with buttons and a reply to a message that is gone', async () => {
    const sent = await api.send({
      chatId: String(userId),
      text: 'Hello, Ada',
      choices: [[{ title: 'Open', payload: 'open:1' }]],
      replyToExternalId: '99999',
    });
    assert.equal(sent.externalIds.length, 1);
    assert.ok(sent.date instanceof Date && !Number.isNaN(sent.date.getTime()));
    const received = sim.sentMessages(bot.token, userId).at(-1)!;
    assert.equal(String(received.message_id), sent.externalIds[0]);
    assert.equal(received.text, 'Hello, Ada');
    assert.deepEqual(received.reply_markup, { inline_keyboard: [[{ text: 'Open', callback_data: 'open:1' }]] });
  });

  test('links are URL buttons, a row each, above the answer buttons; an album takes neither', async () => {
    await api.send({
      chatId: String(userId),
      text: 'Your ticket',
      links: [
        { title: 'Open the ticket', url: 'https://crm.example.com/portal/tickets/7' },
        { title: 'All tickets', url: 'https://crm.example.com/portal/tickets' },
      ],
      choices: [[{ title: 'Close it', payload: 'close:7' }]],
    });
    const received = sim.sentMessages(bot.token, userId).at(-1)!;
    assert.equal(received.text, 'Your ticket', 'the links are buttons, not lines of the text');
    assert.deepEqual(received.reply_markup, {
      inline_keyboard: [
        [{ text: 'Open the ticket', url: 'https://crm.example.com/portal/tickets/7' }],
        [{ text: 'All tickets', url: 'https://crm.example.com/portal/tickets' }],
        [{ text: 'Close it', callback_data: 'close:7' }],
      ],
    });
    const album = [
      { type: 'photo' as const, path: path.join(folder, 'a.png') },
      { type: 'photo' as const, path: path.join(folder, 'b.png') },
    ];
    const refused = await rejection(
      api.send({ chatId: String(userId), text: 'x', media: album, links: [{ title: 'Open', url: 'https://crm.example.com' }] }),
    );
    assert.equal(refused.code, 'INVALID_INPUT');
  });

  test('one file is a multipart upload with the text as its caption', async () => {
    const photo = await api.send({
      chatId: String(userId),
      text: 'Your receipt',
      media: [{ type: 'photo', path: path.join(folder, 'a.png') }],
    });
    const document = await api.send({
      chatId: String(userId),
      media: [{ type: 'document', path: path.join(folder, 'invoice.pdf'), fileName: 'invoice-42.pdf' }],
    });
    const [sentPhoto, sentDocument] = sim.sentMessages(bot.token, userId).slice(-2);
    assert.equal(String(sentPhoto!.message_id), photo.externalIds[0]);
    assert.equal(sentPhoto!.method, 'sendPhoto');
    assert.equal(sentPhoto!.caption, 'Your receipt');
    assert.equal(sentPhoto!.files[0]!.source, 'upload');
    assert.equal(String(sentDocument!.message_id), document.externalIds[0]);
    assert.equal(sentDocument!.files[0]!.file_name, 'invoice-42.pdf');
  });

  test('several files go as one album, caption on the first', async () => {
    const sent = await api.send({
      chatId: String(userId),
      text: 'Before and after',
      media: [
        { type: 'photo', path: path.join(folder, 'a.png') },
        { type: 'photo', path: path.join(folder, 'b.png') },
      ],
    });
    assert.equal(sent.externalIds.length, 2);
    const album = sim.sentMessages(bot.token, userId).slice(-2);
    assert.deepEqual(
      album.map((message) => String(message.message_id)),
      sent.externalIds,
    );
    assert.ok(album[0]!.media_group_id && album[0]!.media_group_id === album[1]!.media_group_id);
    assert.equal(album[0]!.caption, 'Before and after');
  });

  test('forum topics get message_thread_id; typing is a chat action', async () => {
    const group = sim.createGroup({ title: 'Support', type: 'supergroup', is_forum: true });
    sim.addMember(group.id, userId);
    sim.addMember(group.id, bot.token, { by: userId });
    const topic = sim.createTopic(group.id, 'Orders');
    await api.send({ chatId: String(group.id), topicId: String(topic.message_thread_id), text: 'In the topic' });
    assert.equal(sim.sentMessages(bot.token, group.id).at(-1)!.message_thread_id, topic.message_thread_id);
    await api.sendTyping(String(userId));
    assert.deepEqual(sim.chatActions(bot.token, userId).slice(-1), ['typing']);
  });

  test('Telegram refusals become typed errors with the description as message', async () => {
    const blockedUser = sim.createUser({ first_name: 'Bo' }).id;
    sim.sendText(bot.token, { from: blockedUser, text: 'hi' });
    sim.blockBot(bot.token, blockedUser);
    const blocked = await rejection(api.send({ chatId: String(blockedUser), text: 'x' }));
    assert.equal(blocked.code, 'BLOCKED');
    assert.equal(blocked.message, 'Forbidden: bot was blocked by the user');

    const missing = await rejection(api.send({ chatId: '123456789', text: 'x' }));
    assert.deepEqual([missing.code, missing.message], ['NOT_FOUND', 'Bad Request: chat not found']);

    const badMarkup = await rejection(
      api.send({ chatId: String(userId), text: 'x', choices: [[{ title: 'big', payload: 'd'.repeat(65) }]] }),
    );
    assert.equal(badMarkup.code, 'INVALID_INPUT');
    assert.match(badMarkup.message, /^Bad Request: /);

    const revoked = await rejection(
      createBotApi({ token: '42:unknown-token-unknown-token', apiRoot: sim.apiRoot }).send({ chatId: '1', text: 'x' }),
    );
    assert.equal(revoked.code, 'AUTH_REVOKED');
  });

  test('429 carries retry_after from parameters; 5xx, dropped connections and timeouts are temporary', async () => {
    sim.failNext(bot.token, 1, '429');
    const limited = await rejection(api.send({ chatId: String(userId), text: 'x' }));
    assert.equal(limited.code, 'RATE_LIMITED');
    assert.equal(limited.retryAfterMs, 1000);
    assert.equal(limited.message, 'Too Many Requests: retry after 1');

    sim.failNext(bot.token, 1, '502');
    assert.equal((await rejection(api.send({ chatId: String(userId), text: 'x' }))).code, 'TEMPORARY');

    sim.failNext(bot.token, 1, 'drop');
    const dropped = await rejection(api.send({ chatId: String(userId), text: 'x' }));
    assert.equal(dropped.code, 'TEMPORARY');
    assert.ok(!dropped.message.includes(bot.token.split(':')[1]!), dropped.message);

    const impatient = createBotApi({ token: bot.token, apiRoot: sim.apiRoot, timeoutMs: 200 });
    sim.failNext(bot.token, 1, 'slow', { slowMs: 1_000 });
    const slow = await rejection(impatient.send({ chatId: String(userId), text: 'x' }));
    assert.equal(slow.code, 'TEMPORARY');
    assert.match(slow.message, /timed out/);
  });

  test('nothing reachable: temporary, and the message never shows the token', async () => {
    const closedPort = await startTelegramSimulator();
    const root = closedPort.apiRoot;
    await closedPort.stop();
    const error = await rejection(createBotApi({ token: bot.token, apiRoot: root }).send({ chatId: String(userId), text: 'x' }));
    assert.equal(error.code, 'TEMPORARY');
    assert.ok(!error.message.includes(bot.token.split(':')[1]!), error.message);
  });

  test('input we can tell is wrong is refused before calling Telegram', async () => {
    const requests = sim.stats(bot.token).requests;
    assert.equal((await rejection(api.send({ chatId: String(userId), text: '  ' }))).code, 'INVALID_INPUT');
    const gone = await rejection(api.send({ chatId: String(userId), media: [{ type: 'photo', path: path.join(folder, 'gone.png') }] }));
    assert.equal(gone.code, 'INVALID_INPUT');
    const eleven = Array.from({ length: 11 }, () => ({ type: 'photo' as const, path: path.join(folder, 'a.png') }));
    assert.equal((await rejection(api.send({ chatId: String(userId), media: eleven }))).code, 'INVALID_INPUT');
    assert.equal(sim.stats(bot.token).requests, requests);
  });
});

describe('translateTelegramError', () => {
  const apiError = (error_code: number, description: string, parameters = {}) =>
    new GrammyError('call failed', { ok: false, error_code, description, parameters }, 'sendMessage', {});

  test('maps each Telegram answer to one code', () => {
    const cases: Array<[GrammyError, string]> = [
      [apiError(403, 'Forbidden: user is deactivated'), 'BLOCKED'],
      [apiError(403, 'Forbidden: bot was kicked from the supergroup chat'), 'BLOCKED'],
      [apiError(403, 'Forbidden: not enough rights to send text messages to the chat'), 'PERMANENT'],
      [apiError(401, 'Unauthorized'), 'AUTH_REVOKED'],
      [apiError(404, 'Not Found'), 'AUTH_REVOKED'],
      [apiError(400, 'Bad Request: chat not found'), 'NOT_FOUND'],
      [apiError(400, 'Bad Request: message is too long'), 'INVALID_INPUT'],
      [apiError(500, 'Internal Server Error'), 'TEMPORARY'],
      [apiError(409, 'Conflict: terminated by other getUpdates request'), 'PERMANENT'],
    ];
    for (const [error, code] of cases) assert.equal(translateTelegramError(error).code, code, error.description);
  });

  test('retry_after comes from parameters, not from the description', () => {
    const error = translateTelegramError(apiError(429, 'Too Many Requests: retry after 5', { retry_after: 17 }));
    assert.deepEqual([error.code, error.retryAfterMs], ['RATE_LIMITED', 17_000]);
  });

  test('network failures are temporary and masked', () => {
    const inner = Object.assign(new Error('request to http://x/bot123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAA/sendMessage failed'), {
      code: 'ECONNRESET',
    });
    const error = translateTelegramError(new HttpError("Network request for 'sendMessage' failed!", inner));
    assert.equal(error.code, 'TEMPORARY');
    assert.match(error.message, /ECONNRESET/);
    assert.ok(!error.message.includes('AAAA'));
    assert.equal(translateTelegramError(new Error('boom')).code, 'PERMANENT');
  });
});
