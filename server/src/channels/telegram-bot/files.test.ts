import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPng, startTelegramSimulator, type BotInfo, type Simulator } from '@switchboard/telegram-sim';
import { ChannelError } from '../channel.ts';
import { createFileDownloader } from './files.ts';

describe('Telegram file downloads against the simulator', () => {
  let sim: Simulator;
  let bot: BotInfo;
  let userId: number;

  before(async () => {
    sim = await startTelegramSimulator();
    bot = sim.createBot({ username: 'files_bot' });
    userId = sim.createUser({ first_name: 'Ada' }).id;
  });
  after(async () => {
    await sim.stop();
  });

  test('getFile then the download URL gives the bytes and Telegram’s path', async () => {
    const png = createPng(16, 8);
    const update = sim.sendPhoto(bot.token, { from: userId, bytes: png });
    const largest = update.message!.photo!.at(-1)!;
    const downloaded = await createFileDownloader({ apiRoot: sim.apiRoot }).download(bot.token, largest.file_id);
    assert.ok('bytes' in downloaded);
    assert.deepEqual(downloaded.bytes, png);
    assert.match(downloaded.filePath, /^photos\/file_\d+\.png$/);
  });

  test('files over 20 MB are reported as too big, without downloading', async () => {
    const update = sim.sendDocument(bot.token, { from: userId, bytes: Buffer.alloc(20 * 1024 * 1024 + 1, 7), file_name: 'scan.pdf' });
    const result = await createFileDownloader({ apiRoot: sim.apiRoot }).download(bot.token, update.message!.document!.file_id);
    assert.deepEqual(result, { tooBig: true, limitBytes: 20 * 1024 * 1024 });
    // A lower limit of our own applies to what Telegram would hand over.
    const small = sim.sendDocument(bot.token, { from: userId, bytes: Buffer.alloc(2000, 1), file_name: 'a.txt' });
    assert.deepEqual(
      await createFileDownloader({ apiRoot: sim.apiRoot, limitBytes: 1000 }).download(bot.token, small.message!.document!.file_id),
      { tooBig: true, limitBytes: 1000 },
    );
  });

  test('an unknown file id is a permanent input error; a dead server a temporary one that never shows the token', async () => {
    const downloader = createFileDownloader({ apiRoot: sim.apiRoot });
    await assert.rejects(
      downloader.download(bot.token, 'no-such-file'),
      (error: ChannelError) => error instanceof ChannelError && error.code === 'INVALID_INPUT',
    );
    const dead = createFileDownloader({ apiRoot: 'http://127.0.0.1:9', timeoutMs: 2_000 });
    await assert.rejects(dead.download(bot.token, 'x'), (error: ChannelError) => {
      assert.ok(error instanceof ChannelError);
      assert.equal(error.code, 'TEMPORARY');
      assert.ok(!error.message.includes(bot.token), 'the token stays out of the message');
      return true;
    });
  });
});
