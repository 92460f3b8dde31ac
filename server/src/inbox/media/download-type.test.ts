import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { createOggOpus, createPng } from '@switchboard/telegram-sim';
import { contentDisposition, isInline, mimeForDownload, nameMatchingContent } from './download-type.ts';
import { parseRange } from './media.routes.ts';
import { buildWebmOpus, opusFrame } from '../../testing/webm-sample.fixture.ts';

describe('how downloaded files are served', () => {
  test('stickers keep what a browser needs to play them; photos and voice are told by their bytes', async () => {
    const lottie = gzipSync(Buffer.from('{"v":"5.5.2","fr":60,"layers":[]}'));
    assert.deepEqual(await mimeForDownload({ type: 'sticker', sticker_format: 'animated' }, 'stickers/file_1.tgs', lottie), {
      mime: 'application/x-tgsticker',
      extension: 'tgs',
    });
    const webm = buildWebmOpus({ frames: [opusFrame(1)] });
    assert.deepEqual(await mimeForDownload({ type: 'sticker', sticker_format: 'video' }, 'stickers/file_2.webm', webm), {
      mime: 'video/webm',
      extension: 'webm',
    });
    assert.deepEqual(await mimeForDownload({ type: 'photo' }, 'photos/file_3.jpg', createPng(2, 2)), {
      mime: 'image/png',
      extension: 'png',
    });
    assert.deepEqual(await mimeForDownload({ type: 'voice', mime_type: 'audio/ogg' }, 'voice/file_4.oga', createOggOpus(1)), {
      mime: 'audio/ogg',
      extension: 'ogg',
    });
    assert.deepEqual(
      await mimeForDownload({ type: 'document', mime_type: 'text/csv', file_name: 'a.csv' }, 'documents/file_5.csv', Buffer.from('a,b\n')),
      { mime: 'text/csv', extension: 'csv' },
    );
    assert.deepEqual(await mimeForDownload({ type: 'document' }, 'documents/file_6', Buffer.from([0, 1, 2])), {
      mime: 'application/octet-stream',
      extension: 'bin',
    });
  });

  test('a program declared as a PDF is served as the program it is, under a name that says so', async () => {
    const pe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0')]);
    const served = await mimeForDownload(
      { type: 'document', mime_type: 'application/pdf', file_name: 'invoice.pdf' },
      'documents/file_7.pdf',
      pe,
    );
    assert.deepEqual(served, { mime: 'application/x-msdownload', extension: 'exe' });
    assert.equal(isInline('document', served.mime), false);
    assert.equal(nameMatchingContent('invoice.pdf', 'exe'), 'invoice.pdf.exe');
    assert.equal(nameMatchingContent('photo.jpeg', 'jpg'), 'photo.jpeg');
    assert.equal(nameMatchingContent('notes', 'pdf'), 'notes');
    // A web page claiming to be a PDF is neither: bytes to download.
    const page = await mimeForDownload(
      { type: 'document', mime_type: 'application/pdf' },
      'documents/file_8.pdf',
      Buffer.from('<html><script>alert(1)</script>'),
    );
    assert.deepEqual(page, { mime: 'application/octet-stream', extension: 'bin' });
  });

  test('a file name cannot smuggle bidirectional controls into Content-Disposition', () => {
    const header = contentDisposition('attachment', 'invoice\u202Efdp.exe');
    assert.doesNotMatch(header, /\u202E|%E2%80%AE/);
    assert.match(header, /filename="invoicefdp\.exe"/);
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
