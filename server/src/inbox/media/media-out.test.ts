// Staff files: checked by content, stored, and sent to Telegram as multipart uploads (albums, voice notes).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPng } from '@switchboard/telegram-sim';
import { testEngines } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { chatHistory, fetchMedia, filesUnder, startMediaStage, upload, type MediaStage } from '../../testing/media-team.fixture.ts';
import { buildWebmOpus, opusFrame } from '../../testing/webm-sample.fixture.ts';

const uploadLimit = 3 * 1024 * 1024;
const windowsProgram = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(58),
  Buffer.from([0x80, 0, 0, 0]),
  Buffer.alloc(64),
  Buffer.from('PE\0\0'),
  Buffer.alloc(512),
]);

for (const engine of testEngines()) {
  describe(`media out on ${engine}`, () => {
    let stage: MediaStage;
    before(async () => {
      stage = await startMediaStage(engine, { UPLOAD_MAX_BYTES: String(uploadLimit) });
    });
    after(async () => {
      await stage.stop();
    });

    const storedUploads = async () =>
      Number(
        (
          await stage.server.switchboard.database.db
            .selectFrom('media_uploads')
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      );

    test('a disguised program, an empty file and a file past the limit are refused with clear 4xx and nothing is stored', async () => {
      const disguised = await upload(stage, stage.tokens.a, windowsProgram, 'cat.jpg', 'image/jpeg');
      assert.equal(disguised.status, 415);
      assert.equal(disguised.body.error.code, 'file_refused');
      assert.match(
        disguised.body.error.message,
        /"cat\.jpg" is a Windows program \(it starts with the "MZ" header\), not a document or media file/,
      );
      const empty = await upload(stage, stage.tokens.a, Buffer.alloc(0), 'empty.pdf', 'application/pdf');
      assert.equal(empty.status, 422);
      assert.match(empty.body.error.message, /"empty\.pdf" is empty \(0 bytes\)/);
      const tooLarge = await upload(stage, stage.tokens.a, Buffer.alloc(uploadLimit + 1, 0x41), 'big.txt', 'text/plain');
      assert.equal(tooLarge.status, 413);
      assert.match(tooLarge.body.error.message, /larger than 3 MB, the upload limit \(UPLOAD_MAX_BYTES\)/);
      const notMultipart = await stage.operatorA.post('/api/upload/', { file: 'x' });
      assert.equal(notMultipart.status, 415);
      assert.match(notMultipart.body.error.message, /multipart\/form-data in a field named "file"/);
      const anonymous = await fetch(`${stage.server.url}/api/upload/`, { method: 'POST', body: new FormData() });
      assert.equal(anonymous.status, 401);
      const spec = (await stage.admin.get('/docs/json')).body;
      assert.ok(spec.paths['/api/upload']?.post && spec.paths['/api/media/{id}']?.get, 'both routes are documented');
      assert.deepEqual(filesUnder(stage.mediaDir), [], 'nothing in the media folder, temp files included');
      assert.equal(await storedUploads(), 0, 'nothing in media_uploads');
    });

    test('an uploaded photo reaches Telegram as a photo upload with its caption, and stays viewable in the conversation', async () => {
      const photo = createPng(40, 20);
      const uploaded = await upload(stage, stage.tokens.a, photo, 'снимок.png', 'image/png');
      assert.equal(uploaded.status, 201);
      assert.deepEqual(
        { ...uploaded.body, file_path: undefined },
        { file_path: undefined, file_name: 'снимок.png', mime_type: 'image/png', size: photo.length, kind: 'photo' },
      );
      assert.match(uploaded.body.file_path, /^\/media\/uploads\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f]+\.png$/);
      const reply = await stage.operatorA.post(`/api/messages/${stage.firstMessageId}/reply`, {
        text: 'Ваш заказ готов',
        media_path: uploaded.body.file_path,
      });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      assert.equal(reply.body.kind, 'photo');
      const sent = await stage.sim.waitForSent(stage.botToken, stage.customerId, (message) => message.method === 'sendPhoto', 10_000);
      assert.equal(sent.caption, 'Ваш заказ готов');
      assert.equal(sent.files[0]!.source, 'upload', 'sent as bytes, never by URL');
      assert.deepEqual(sent.files[0]!.bytes, photo);
      const attachment = reply.body.attachments[0];
      assert.equal(attachment.download_state, 'ready');
      const served = await fetchMedia(stage, stage.tokens.a, attachment.url);
      assert.deepEqual(served.bytes, photo);
      await eventually(async () => (await chatHistory(stage)).find((message) => message.id === reply.body.id && message.status === 'sent'));
      const stolen = await stage.admin.post(`/api/chats/${stage.chatId}/messages`, { media_path: uploaded.body.file_path });
      assert.equal(stolen.status, 422, "another user's upload cannot be sent");
      assert.match(stolen.body.error.message, /is not a file you uploaded/);
    });

    test('several files go as one media group', async () => {
      const photos = [createPng(10, 10, [10, 20, 30]), createPng(12, 12, [40, 50, 60])];
      const paths = [];
      for (const [index, bytes] of photos.entries())
        paths.push((await upload(stage, stage.tokens.a, bytes, `p${index}.png`, 'image/png')).body.file_path);
      const sent = await stage.operatorA.post(`/api/chats/${stage.chatId}/messages`, { text: 'two photos', media_paths: paths });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.equal(sent.body.attachments.length, 2);
      const first = await stage.sim.waitForSent(stage.botToken, stage.customerId, (message) => message.method === 'sendMediaGroup', 10_000);
      const group = stage.sim
        .sentMessages(stage.botToken, stage.customerId)
        .filter((message) => message.media_group_id === first.media_group_id);
      assert.equal(group.length, 2);
      assert.ok(first.media_group_id);
      assert.deepEqual(
        group.map((message) => message.files[0]!.bytes),
        photos,
      );
      assert.equal(group[0]!.caption, 'two photos');
      const voicePath = (await upload(stage, stage.tokens.a, buildWebmOpus({ frames: [opusFrame(1)] }), 'v.webm', 'audio/webm')).body
        .file_path;
      const mixed = await stage.operatorA.post(`/api/chats/${stage.chatId}/messages`, { media_paths: [paths[0], voicePath] });
      assert.equal(mixed.status, 422);
      assert.match(mixed.body.error.message, /voice note cannot be part of an album/);
    });

    test("a photo outside Telegram's photo limits is uploaded as a photo and sent as a document (the module's rule, applied at send)", async () => {
      const banner = createPng(4200, 200);
      const uploaded = await upload(stage, stage.tokens.a, banner, 'banner.png', 'image/png');
      assert.equal(uploaded.status, 201);
      assert.equal(uploaded.body.kind, 'photo', 'the upload step knows no channel');
      const small = (await upload(stage, stage.tokens.a, createPng(10, 10), 'small.png', 'image/png')).body.file_path;
      const mixed = await stage.operatorA.post(`/api/chats/${stage.chatId}/messages`, { media_paths: [small, uploaded.body.file_path] });
      assert.equal(mixed.status, 422);
      assert.equal(mixed.body.error.message, 'Telegram groups documents only with other documents: send the photo separately.');
      const sent = await stage.operatorA.post(`/api/chats/${stage.chatId}/messages`, { media_path: uploaded.body.file_path });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.equal(sent.body.kind, 'document');
      assert.equal(sent.body.attachments[0].type, 'document');
      const received = await stage.sim.waitForSent(
        stage.botToken,
        stage.customerId,
        (message) => message.method === 'sendDocument',
        10_000,
      );
      assert.deepEqual(received.files[0]!.bytes, banner);
    });

    test('a WebM/Opus recording from the browser reaches Telegram as an Ogg/Opus voice note', async () => {
      const frames = Array.from({ length: 100 }, (_, index) => opusFrame(index));
      const recording = buildWebmOpus({ frames });
      const uploaded = await upload(stage, stage.tokens.a, recording, 'recording.webm', 'audio/webm;codecs=opus');
      assert.equal(uploaded.status, 201);
      assert.equal(uploaded.body.kind, 'voice');
      assert.equal(uploaded.body.mime_type, 'audio/ogg');
      assert.equal(uploaded.body.file_name, 'recording.ogg');
      const sent = await stage.operatorA.post(`/api/chats/${stage.chatId}/messages`, { media_path: uploaded.body.file_path });
      assert.equal(sent.status, 201);
      assert.equal(sent.body.kind, 'voice');
      const voice = await stage.sim.waitForSent(stage.botToken, stage.customerId, (message) => message.method === 'sendVoice', 10_000);
      const bytes = voice.files[0]!.bytes;
      assert.equal(bytes.toString('latin1', 0, 4), 'OggS');
      assert.ok(bytes.includes('OpusHead') && bytes.includes('OpusTags'));
      for (const frame of [frames[0]!, frames[99]!]) assert.ok(bytes.includes(frame), 'the Opus packets are carried over unchanged');
    });
  });
}
