import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { createOggOpus, createPng } from '@switchboard/telegram-sim';
import { contentDisposition, isInline, mimeForDownload } from './download-type.ts';
import { parseRange } from './media.routes.ts';
import { buildWebmOpus, opusFrame } from './webm-sample.fixture.ts';

describe('how downloaded files are served', () => {
  test('stickers keep what a browser needs to play them; photos and voice are told by their bytes', () => {
    const lottie = gzipSync(Buffer.from('{"v":"5.5.2","fr":60,"layers":[]}'));
    assert.deepEqual(mimeForDownload({ type: 'sticker', sticker_format: 'animated' }, 'stickers/file_1.tgs', lottie), {
      mime: 'application/x-tgsticker',
      extension: 'tgs',
    });
    const webm = buildWebmOpus({ frames: [opusFrame(1)] });
    assert.deepEqual(mimeForDownload({ type: 'sticker', sticker_format: 'video' }, 'stickers/file_2.webm', webm), {
      mime: 'video/webm',
      extension: 'webm',
    });
    assert.deepEqual(mimeForDownload({ type: 'photo' }, 'photos/file_3.jpg', createPng(2, 2)), { mime: 'image/png', extension: 'png' });
    assert.deepEqual(mimeForDownload({ type: 'voice', mime_type: 'audio/ogg' }, 'voice/file_4.oga', createOggOpus(1)), {
      mime: 'audio/ogg',
      extension: 'ogg',
    });
    assert.deepEqual(
      mimeForDownload({ type: 'document', mime_type: 'text/csv', file_name: 'a.csv' }, 'documents/file_5.csv', Buffer.from('a,b\n')),
      { mime: 'text/csv', extension: 'csv' },
    );
    assert.deepEqual(mimeForDownload({ type: 'document' }, 'documents/file_6', Buffer.from([0, 1, 2])), {
      mime: 'application/octet-stream',
      extension: 'bin',
    });
  });

  test('inline only for media a browser shows safely; names are encoded, never raw', () => {
    assert.equal(isInline('photo', 'image/jpeg'), true);
    assert.equal(isInline('voice', 'audio/ogg'), true);
    assert.equal(isInline('document', 'application/pdf'), false);
    assert.equal(isInline('document', 'image/png'), false, 'documents download even when they are images');
    assert.equal(isInline('sticker', 'application/x-tgsticker'), false);
    assert.equal(
      contentDisposition('attachment', 'Счёт "1"\r\n.pdf'),
      `attachment; filename="_____ 1.pdf"; filename*=UTF-8''%D0%A1%D1%87%D1%91%D1%82%201.pdf`,
    );
    assert.equal(contentDisposition('inline', ''), `inline; filename="file"; filename*=UTF-8''file`);
  });

  test('byte ranges', () => {
    assert.deepEqual(parseRange('bytes=0-9', 100), { start: 0, end: 9 });
    assert.deepEqual(parseRange('bytes=90-', 100), { start: 90, end: 99 });
    assert.deepEqual(parseRange('bytes=-10', 100), { start: 90, end: 99 });
    assert.deepEqual(parseRange('bytes=50-500', 100), { start: 50, end: 99 });
    assert.equal(parseRange('bytes=100-', 100), 'unsatisfiable');
    assert.equal(parseRange('bytes=0-1,5-6', 100), null, 'several ranges: the whole file');
    assert.equal(parseRange(undefined, 100), null);
  });
});
