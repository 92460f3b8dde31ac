import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPng, startTelegramSimulator } from './index.ts';
import type { Simulator } from './simulator-types.ts';
import { callApi } from './test-support.ts';

let sim: Simulator;

before(async () => {
  sim = await startTelegramSimulator({ rates: { privateChatBurst: 1000, botBurst: 1000 } });
});
after(() => sim.stop());

function started() {
  const bot = sim.createBot();
  const user = sim.createUser({ first_name: 'Ann' });
  sim.sendText(bot.token, { from: user.id, text: '/start' });
  return { bot, user };
}

async function download(token: string, fileId: string): Promise<{ path: string; bytes: Buffer; type: string | null }> {
  const file = await callApi(sim.apiRoot, token, 'getFile', { file_id: fileId });
  assert.equal(file.body.ok, true, JSON.stringify(file.body));
  const response = await fetch(`${sim.apiRoot}/file/bot${token}/${file.body.result.file_path}`);
  assert.equal(response.status, 200);
  return { path: file.body.result.file_path, bytes: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type') };
}

describe('files', () => {
  test('multipart sendPhoto → Message.photo → getFile → download gives the same bytes', async () => {
    const { bot, user } = started();
    const png = createPng(64, 48);
    const form = new FormData();
    form.set('chat_id', String(user.id));
    form.set('caption', 'Your <b>receipt</b>');
    form.set('parse_mode', 'HTML');
    form.set('photo', new Blob([png], { type: 'image/png' }), 'receipt.png');
    const sent = await callApi(sim.apiRoot, bot.token, 'sendPhoto', form);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const photo = sent.body.result.photo.at(-1);
    assert.deepEqual([photo.width, photo.height, photo.file_size], [64, 48, png.length]);
    assert.equal(sent.body.result.caption, 'Your receipt');
    assert.deepEqual(sent.body.result.caption_entities, [{ type: 'bold', offset: 5, length: 7 }]);

    const { bytes, path } = await download(bot.token, photo.file_id);
    assert.ok(bytes.equals(png));
    assert.match(path, /^photos\/file_\d+\.png$/);

    const record = sim.sentMessages(bot.token, user.id).at(-1)!;
    assert.equal(record.kind, 'photo');
    assert.equal(record.caption, 'Your receipt');
    assert.equal(record.files[0]?.source, 'upload');
    assert.equal(record.files[0]?.mime_type, 'image/png');
    assert.equal(record.files[0]?.file_name, 'receipt.png');
    assert.ok(record.files[0]?.bytes.equals(png));

    // The file_id can be sent again, and only as what it is.
    const again = await callApi(sim.apiRoot, bot.token, 'sendPhoto', { chat_id: user.id, photo: photo.file_id });
    assert.equal(again.body.result.photo[0].file_id, photo.file_id);
    assert.equal(sim.sentMessages(bot.token, user.id).at(-1)?.files[0]?.source, 'file_id');
    const wrongType = await callApi(sim.apiRoot, bot.token, 'sendDocument', { chat_id: user.id, document: photo.file_id });
    assert.equal(wrongType.body.description, "Bad Request: can't use file of type Photo as Document");
    const unknown = await callApi(sim.apiRoot, bot.token, 'sendPhoto', { chat_id: user.id, photo: 'AgACnope' });
    assert.equal(unknown.body.description, 'Bad Request: wrong file identifier/HTTP URL specified');
    const missing = await callApi(sim.apiRoot, bot.token, 'sendPhoto', { chat_id: user.id });
    assert.equal(missing.body.description, 'Bad Request: there is no photo in the request');
    const notImage = new FormData();
    notImage.set('chat_id', String(user.id));
    notImage.set('photo', new Blob(['not an image']), 'x.png');
    assert.equal((await callApi(sim.apiRoot, bot.token, 'sendPhoto', notImage)).body.description, 'Bad Request: IMAGE_PROCESS_FAILED');
    // Another bot cannot use this bot's file_id.
    const other = sim.createBot();
    assert.equal(
      (await callApi(sim.apiRoot, other.token, 'getFile', { file_id: photo.file_id })).body.description,
      'Bad Request: wrong file_id or the file is temporarily unavailable',
    );
  });

  test('sendDocument by URL records the URL as-is; sendVoice upload keeps mime and name', async () => {
    const { bot, user } = started();
    const byUrl = await callApi(sim.apiRoot, bot.token, 'sendDocument', {
      chat_id: user.id,
      document: 'https://files.example.com/invoices/inv-7.pdf',
    });
    assert.equal(byUrl.body.result.document.file_name, 'inv-7.pdf');
    assert.equal(byUrl.body.result.document.mime_type, 'application/pdf');
    const record = sim.sentMessages(bot.token, user.id).at(-1)!;
    assert.deepEqual(
      [record.kind, record.files[0]?.source, record.files[0]?.url],
      ['document', 'url', 'https://files.example.com/invoices/inv-7.pdf'],
    );

    const form = new FormData();
    form.set('chat_id', String(user.id));
    form.set('voice', new Blob([Buffer.from('OggS fake')], { type: 'audio/ogg' }), 'note.ogg');
    form.set('duration', '3');
    const voice = await callApi(sim.apiRoot, bot.token, 'sendVoice', form);
    assert.equal(voice.body.result.voice.duration, 3);
    assert.equal(voice.body.result.voice.mime_type, 'audio/ogg');
  });

  test('sendMediaGroup with attach:// returns messages sharing a media_group_id', async () => {
    const { bot, user } = started();
    const form = new FormData();
    form.set('chat_id', String(user.id));
    form.set(
      'media',
      JSON.stringify([
        { type: 'photo', media: 'attach://first', caption: 'Before' },
        { type: 'photo', media: 'attach://second', caption: '*After*', parse_mode: 'MarkdownV2' },
      ]),
    );
    form.set('first', new Blob([createPng(10, 10)]), 'a.png');
    form.set('second', new Blob([createPng(20, 10)]), 'b.png');
    const sent = await callApi(sim.apiRoot, bot.token, 'sendMediaGroup', form);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const [a, b] = sent.body.result;
    assert.equal(sent.body.result.length, 2);
    assert.match(a.media_group_id, /^\d+$/);
    assert.equal(a.media_group_id, b.media_group_id);
    assert.equal(b.message_id, a.message_id + 1);
    assert.deepEqual([a.caption, b.caption, b.caption_entities], ['Before', 'After', [{ type: 'bold', offset: 0, length: 5 }]]);
    assert.equal(b.photo[0].width, 20);
    const records = sim.sentMessages(bot.token, user.id).slice(-2);
    assert.deepEqual(
      records.map((r) => [r.kind, r.media_group_id]),
      [
        ['photo', a.media_group_id],
        ['photo', a.media_group_id],
      ],
    );

    const errors: Array<[unknown, string]> = [
      [[], 'Bad Request: there are no messages to send'],
      [
        Array.from({ length: 11 }, () => ({ type: 'photo', media: 'attach://first' })),
        'Bad Request: too many messages to send as an album',
      ],
      [
        [
          { type: 'photo', media: 'attach://first' },
          { type: 'document', media: 'attach://first' },
        ],
        "Bad Request: document can't be mixed with other media types",
      ],
      [
        [
          { type: 'photo', media: 'attach://nowhere' },
          { type: 'photo', media: 'attach://first' },
        ],
        "Bad Request: can't parse InputMedia: media not found",
      ],
    ];
    for (const [media, description] of errors) {
      const bad = new FormData();
      bad.set('chat_id', String(user.id));
      bad.set('media', JSON.stringify(media));
      bad.set('first', new Blob([createPng(10, 10)]), 'a.png');
      assert.equal((await callApi(sim.apiRoot, bot.token, 'sendMediaGroup', bad)).body.description, description);
    }
  });

  test('user media: photo sizes ascending, a real Ogg/Opus voice, documents, albums; getFile refuses > 20 MB', async () => {
    const { bot, user } = started();
    const photo = sim.sendPhoto(bot.token, { from: user.id, caption: 'my passport' }).message!;
    const sizes = photo.photo!.map((p) => p.width * p.height);
    assert.ok(sizes.length >= 2 && sizes.every((s, i) => i === 0 || s > sizes[i - 1]!), `ascending sizes ${sizes}`);
    assert.equal(photo.caption, 'my passport');
    const largest = await download(bot.token, photo.photo!.at(-1)!.file_id);
    assert.equal(largest.bytes.subarray(1, 4).toString(), 'PNG');

    const voice = sim.sendVoice(bot.token, { from: user.id, duration: 2 }).message!.voice!;
    const ogg = (await download(bot.token, voice.file_id)).bytes;
    assert.equal(ogg.subarray(0, 4).toString(), 'OggS');
    assert.equal(ogg.subarray(28, 36).toString(), 'OpusHead');
    assert.equal(voice.duration, 2);

    const doc = sim.sendDocument(bot.token, {
      from: user.id,
      bytes: Buffer.from('a,b\n1,2\n'),
      file_name: 'rows.csv',
      mime_type: 'text/csv',
    }).message!.document!;
    const downloaded = await download(bot.token, doc.file_id);
    assert.equal(downloaded.bytes.toString(), 'a,b\n1,2\n');
    assert.equal(downloaded.type, 'text/csv');

    const album = sim.sendAlbum(bot.token, { from: user.id, items: [{ type: 'photo' }, { type: 'photo', caption: 'two' }] });
    assert.equal(album.length, 2);
    assert.equal(album[0]!.message!.media_group_id, album[1]!.message!.media_group_id);
    assert.equal(album[1]!.update_id, album[0]!.update_id + 1);

    const big = sim.sendDocument(bot.token, { from: user.id, bytes: Buffer.alloc((20 << 20) + 1), file_name: 'scan.pdf' }).message!
      .document!;
    const refused = await callApi(sim.apiRoot, bot.token, 'getFile', { file_id: big.file_id });
    assert.deepEqual(refused.body, { ok: false, error_code: 400, description: 'Bad Request: file is too big' });
  });
});
