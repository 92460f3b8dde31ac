// A user's stickers in the three formats Telegram has: what the Update says and what getFile serves.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator } from './index.ts';
import type { Simulator } from './simulator-types.ts';
import { callApi } from './test-support.ts';

let sim: Simulator;

before(async () => {
  sim = await startTelegramSimulator();
});
after(() => sim.stop());

async function fetchFile(token: string, fileId: string): Promise<{ path: string; bytes: Buffer }> {
  const file = await callApi(sim.apiRoot, token, 'getFile', { file_id: fileId });
  assert.equal(file.body.ok, true, JSON.stringify(file.body));
  const response = await fetch(`${sim.apiRoot}/file/bot${token}/${file.body.result.file_path}`);
  assert.equal(response.status, 200);
  return { path: file.body.result.file_path, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('stickers sent by a user', () => {
  test('static (default), animated .tgs and video .webm stickers carry is_animated / is_video and keep their bytes', async () => {
    const bot = sim.createBot();
    const user = sim.createUser({ first_name: 'Ann' });
    const tgs = gzipSync(Buffer.from(JSON.stringify({ v: '5.7.4', fr: 30, ip: 0, op: 30, w: 512, h: 512, layers: [] })));
    const webm = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);

    const plain = sim.sendSticker(bot.token, { from: user.id }).message!.sticker!;
    const animated = sim.sendSticker(bot.token, { from: user.id, sticker_format: 'animated', bytes: tgs }).message!.sticker!;
    const video = sim.sendSticker(bot.token, { from: user.id, sticker_format: 'video', bytes: webm }).message!.sticker!;

    assert.deepEqual([plain.is_animated, plain.is_video], [false, false]);
    assert.deepEqual([animated.is_animated, animated.is_video], [true, false]);
    assert.deepEqual([video.is_animated, video.is_video], [false, true]);
    assert.ok(!('mime_type' in animated), 'a Sticker object has no mime_type, as on Telegram');
    assert.equal(animated.file_size, tgs.length);

    const staticFile = await fetchFile(bot.token, plain.file_id);
    assert.match(staticFile.path, /^stickers\/file_\d+\.webp$/);
    const animatedFile = await fetchFile(bot.token, animated.file_id);
    assert.match(animatedFile.path, /^stickers\/file_\d+\.tgs$/);
    assert.ok(animatedFile.bytes.equals(tgs));
    const videoFile = await fetchFile(bot.token, video.file_id);
    assert.match(videoFile.path, /^stickers\/file_\d+\.webm$/);
    assert.ok(videoFile.bytes.equals(webm));

    // The bot sees the same objects through getUpdates.
    const updates = await callApi(sim.apiRoot, bot.token, 'getUpdates', {});
    const stickers = updates.body.result.map(
      (update: { message: { sticker: { is_animated: boolean } } }) => update.message.sticker.is_animated,
    );
    assert.deepEqual(stickers, [false, true, false]);
  });

  test('an animated or video sticker needs its bytes, and an unknown format is refused', () => {
    const bot = sim.createBot();
    const user = sim.createUser({ first_name: 'Ben' });
    assert.throws(() => sim.sendSticker(bot.token, { from: user.id, sticker_format: 'animated' }), /needs its bytes \(tgs\)/);
    assert.throws(
      () => sim.sendSticker(bot.token, { from: user.id, sticker_format: 'gif' as 'static', bytes: Buffer.from('x') }),
      /static, animated or video/,
    );
  });
});
