// Customers' files: fetched in the background, served to the operator who may see the conversation only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOggOpus, createPng } from '@switchboard/telegram-sim';
import { testEngines } from '../../testing/harness.ts';
import { connectSocket, eventually } from '../../testing/ws-client.ts';
import { chatHistory, fetchMedia, filesUnder, startMediaStage, type MediaStage } from '../../testing/media-team.fixture.ts';

for (const engine of testEngines()) {
  describe(`media in on ${engine}`, () => {
    let stage: MediaStage;
    before(async () => {
      stage = await startMediaStage(engine);
    });
    after(async () => {
      await stage.stop();
    });

    test('photo, voice, document, sticker and album arrive, download in the background and are served to the assigned operator only', async () => {
      const { sim, botToken: token, customerId: from } = stage;
      const sockets = {
        a: await connectSocket(stage.server.url, { token: stage.tokens.a }),
        b: await connectSocket(stage.server.url, { token: stage.tokens.b }),
      };
      await Promise.all(Object.values(sockets).map((socket) => socket.waitFor((frame) => frame.type === 'ready')));
      const photo = createPng(64, 32);
      const voice = createOggOpus(2);
      const pdf = Buffer.from('%PDF-1.4\n% a price list\n');
      const albumPhotos = [createPng(8, 8, [255, 0, 0]), createPng(8, 8, [0, 255, 0]), createPng(8, 8, [0, 0, 255])];
      sim.sendPhoto(token, { from, bytes: photo, caption: 'my car' });
      sim.sendVoice(token, { from, bytes: voice, duration: 2 });
      sim.sendDocument(token, { from, bytes: pdf, file_name: 'Прайс "2026".pdf', mime_type: 'application/pdf' });
      sim.sendSticker(token, { from });
      sim.sendAlbum(token, { from, items: albumPhotos.map((bytes) => ({ type: 'photo' as const, bytes })) });
      const settled = await eventually(
        async () => {
          const files = (await chatHistory(stage)).filter((message) => message.attachments.length > 0);
          return files.length === 7 && files.every((message) => message.attachments[0].download_state === 'ready') ? files : undefined;
        },
        30_000,
        'seven downloaded files',
      );
      const byKind = (kind: string) => settled.filter((message) => message.kind === kind);
      const pushed = await sockets.a.waitFor(
        (frame) =>
          frame.type === 'message_updated' && frame.message.id === settled[0].id && frame.message.attachments[0].download_state === 'ready',
      );
      assert.equal(pushed.message.attachments[0].url, settled[0].attachments[0].url, 'operator A is told when a file is ready');
      assert.ok(!sockets.b.frames.some((frame) => frame.type === 'message_updated'), 'operator B hears nothing of it');
      await Promise.all(Object.values(sockets).map((socket) => socket.close()));
      assert.ok(
        settled.every((message) => !('file_id' in message.attachments[0])),
        'file ids stay on the server',
      );

      const album = byKind('photo').filter((message) => message.media_group_id);
      assert.equal(album.length, 3);
      assert.equal(new Set(album.map((message) => message.media_group_id)).size, 1, 'the album shares one media_group_id');
      const expected: Array<[any, Buffer | null, string, RegExp]> = [
        [byKind('photo').find((message) => message.text === 'my car'), photo, 'image/png', /^inline/],
        [byKind('voice')[0], voice, 'audio/ogg', /^inline/],
        [
          byKind('document')[0],
          pdf,
          'application/pdf',
          /^attachment; filename="_+ 2026\.pdf"; filename\*=UTF-8''%D0%9F%D1%80%D0%B0%D0%B9%D1%81%202026\.pdf$/,
        ],
        [byKind('sticker')[0], null, 'image/webp', /^inline/],
        ...album.map((message, index) => [message, albumPhotos[2 - index]!, 'image/png', /^inline/] as [any, Buffer, string, RegExp]),
      ];
      for (const [message, bytes, mime, disposition] of expected) {
        const attachment = message.attachments[0];
        assert.equal(attachment.url, `/api/media/${attachment.media_id}`);
        const served = await fetchMedia(stage, stage.tokens.a, attachment.url);
        assert.equal(served.status, 200, `${message.kind} for operator A`);
        assert.equal(served.headers.get('content-type'), mime);
        assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
        assert.match(served.headers.get('content-disposition')!, disposition);
        if (bytes) assert.deepEqual(served.bytes, bytes, `${message.kind} bytes`);
        assert.equal(attachment.mime_type, mime);
        assert.equal((await fetchMedia(stage, stage.tokens.b, attachment.url)).status, 404, 'operator B may not know the file exists');
        assert.equal((await fetchMedia(stage, null, attachment.url)).status, 401);
      }
      assert.equal((await fetchMedia(stage, stage.tokens.a, '/api/media/999999')).status, 404);
      assert.equal(filesUnder(stage.mediaDir).filter((file) => file.startsWith('in/')).length, 7);
    });

    test('audio is served in ranges; a file over 20 MB says so instead of failing', async () => {
      const { sim, botToken: token, customerId: from } = stage;
      const before = (await chatHistory(stage))[0].id as number;
      sim.sendVoice(token, { from, bytes: createOggOpus(3), duration: 3 });
      sim.sendDocument(token, { from, bytes: Buffer.alloc(20 * 1024 * 1024 + 10, 1), file_name: 'scan.tiff', mime_type: 'image/tiff' });
      const [voice, big] = await eventually(async () => {
        const history = await chatHistory(stage);
        const latestVoice = history.find(
          (message) => message.id > before && message.kind === 'voice' && message.attachments[0].download_state === 'ready',
        );
        const scan = history.find(
          (message) => message.attachments[0]?.file_name === 'scan.tiff' && message.attachments[0].download_state !== 'pending',
        );
        return latestVoice && scan ? [latestVoice, scan] : undefined;
      }, 30_000);
      const size = voice.attachments[0].file_size as number;
      const part = await fetchMedia(stage, stage.tokens.a, voice.attachments[0].url, { range: 'bytes=10-19' });
      assert.equal(part.status, 206);
      assert.equal(part.headers.get('content-range'), `bytes 10-19/${size}`);
      assert.equal(part.bytes.length, 10);
      const tail = await fetchMedia(stage, stage.tokens.a, voice.attachments[0].url, { range: 'bytes=-4' });
      assert.equal(tail.headers.get('content-range'), `bytes ${size - 4}-${size - 1}/${size}`);
      assert.equal((await fetchMedia(stage, stage.tokens.a, voice.attachments[0].url, { range: `bytes=${size}-` })).status, 416);
      const saved = await fetchMedia(stage, stage.tokens.a, `${voice.attachments[0].url}?download=1`);
      assert.match(saved.headers.get('content-disposition')!, /^attachment;/);

      assert.equal(big.attachments[0].download_state, 'too_big');
      assert.match(big.attachments[0].download_error, /Too big to download \(limit 20 MB\)/);
      assert.equal(big.attachments[0].url, null);
      const refused = await stage.admin.get(`/api/media/${big.attachments[0].media_id}`);
      assert.equal(refused.status, 409);
      assert.match(refused.body.error.message, /Too big to download/);
    });

    test('a Windows program declared as a PDF is served as the program it is, as a download', async () => {
      const { sim, botToken: token, customerId: from } = stage;
      const program = Buffer.concat([
        Buffer.from('MZ'),
        Buffer.alloc(58),
        Buffer.from([0x80, 0, 0, 0]),
        Buffer.alloc(64),
        Buffer.from('PE\0\0'),
        Buffer.alloc(512),
      ]);
      sim.sendDocument(token, { from, bytes: program, file_name: 'invoice\u202Efdp.pdf', mime_type: 'application/pdf' });
      const message = await eventually(async () => {
        const history = await chatHistory(stage);
        return history.find((item) => item.attachments[0]?.file_size === program.length && item.attachments[0].download_state === 'ready');
      }, 30_000);
      const served = await fetchMedia(stage, stage.tokens.a, message.attachments[0].url);
      assert.equal(served.status, 200);
      assert.equal(served.headers.get('content-type'), 'application/x-msdownload');
      assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
      assert.match(served.headers.get('content-disposition')!, /^attachment; filename="invoicefdp\.pdf\.exe"/);
      assert.doesNotMatch(message.attachments[0].file_name ?? '', /\u202E/);
    });

    test('files past MEDIA_RETENTION_DAYS are deleted and the attachment says expired', async () => {
      const history = await chatHistory(stage);
      const photo = history.find((message) => message.text === 'my car');
      const mediaId = photo.attachments[0].media_id as number;
      const db = stage.server.switchboard.database.db;
      const row = await db.selectFrom('media_files').select(['storage_path']).where('id', '=', mediaId).executeTakeFirstOrThrow();
      await db
        .updateTable('media_files')
        .set({ stored_at: new Date(Date.now() - 91 * 86_400_000) })
        .where('id', '=', mediaId)
        .execute();
      const storedAt = row.storage_path;
      assert.ok(storedAt, 'the file was stored');
      const report = await stage.server.switchboard.media.runMaintenance();
      assert.equal(report.expired, 1);
      assert.ok(!filesUnder(stage.mediaDir).includes(storedAt), 'the file is gone from disk');
      const after = (await chatHistory(stage)).find((message) => message.id === photo.id);
      assert.equal(after.attachments[0].download_state, 'expired');
      assert.equal(after.attachments[0].url, null);
      const gone = await stage.operatorA.get(`/api/media/${mediaId}`);
      assert.equal(gone.status, 409);
      assert.match(gone.body.error.message, /deleted after 90 days \(MEDIA_RETENTION_DAYS\)/);
    });
  });
}
