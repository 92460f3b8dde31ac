import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { telegramBotCapabilities } from '../../channels/telegram-bot/profile.ts';
import { fitsPhoto } from '../send.service.ts';
import { detectFileType, imageSize } from './file-type.ts';
import { buildWebmOpus, opusFrame } from '../../testing/webm-sample.fixture.ts';

const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from([0, 0, 2, 0, 0, 0, 1, 0, 8, 2, 0, 0, 0])]);
const pe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0')]);

function zip(...names: string[]): Buffer {
  return Buffer.concat(
    names.map((name) => {
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(Buffer.byteLength(name), 26);
      return Buffer.concat([header, Buffer.from(name)]);
    }),
  );
}

const kindOf = async (head: Buffer, name: string) => {
  const detected = await detectFileType(head, name);
  return detected.ok ? [detected.type.mime, detected.type.kind] : ['refused', detected.reason];
};

describe('file type by content', () => {
  test('media and documents are told by their first bytes, not their names', async () => {
    assert.deepEqual(await kindOf(png, 'photo.pdf'), ['image/png', 'photo']);
    assert.deepEqual(await kindOf(Buffer.from('ffd8ffe000104a464946', 'hex'), 'x'), ['image/jpeg', 'photo']);
    assert.deepEqual(await kindOf(Buffer.from('GIF89a....'), 'a.gif'), ['image/gif', 'document']);
    assert.deepEqual(await kindOf(Buffer.from('RIFF\0\0\0\0WEBPVP8L'), 'a'), ['image/webp', 'photo']);
    assert.deepEqual(await kindOf(Buffer.from('%PDF-1.7\n'), 'invoice.jpg'), ['application/pdf', 'document']);
    assert.deepEqual(await kindOf(zip('[Content_Types].xml', 'word/document.xml'), 'a.docx'), [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'document',
    ]);
    assert.deepEqual(
      (await kindOf(zip('xl/workbook.xml'), 'a.xlsx'))[0],
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    assert.deepEqual(await kindOf(zip('notes.txt'), 'a.zip'), ['application/zip', 'document']);
    assert.deepEqual(await kindOf(Buffer.concat([Buffer.from('OggS'), Buffer.alloc(24), Buffer.from('OpusHead')]), 'v.ogg'), [
      'audio/ogg',
      'voice',
    ]);
    assert.deepEqual(await kindOf(buildWebmOpus({ frames: [opusFrame(1)] }), 'rec.webm'), ['video/webm', 'document']);
    assert.deepEqual(await kindOf(Buffer.from('\0\0\0\x18ftypisom'), 'clip'), ['video/mp4', 'video']);
    assert.deepEqual(await kindOf(Buffer.from('\0\0\0\x18ftypM4A '), 'song'), ['audio/mp4', 'audio']);
    assert.deepEqual(
      await kindOf(Buffer.concat([Buffer.from('ID3\x04\0\0\0\0\0\0'), Buffer.from('fffb9064', 'hex'), Buffer.alloc(400)]), 'song.mp3'),
      ['audio/mpeg', 'audio'],
    );
    assert.deepEqual(await kindOf(Buffer.from('Привет, это прайс\nстрока 2'), 'price.txt'), ['text/plain', 'document']);
    assert.deepEqual(await kindOf(Buffer.from('a,b\n1,2\n'), 'table.csv'), ['text/csv', 'document']);
    assert.deepEqual(await kindOf(Buffer.from([0x00, 0x01, 0x02, 0xff]), 'blob.dat'), ['application/octet-stream', 'document']);
  });

  test('programs and scripts are refused whatever their name', async () => {
    const refused = async (head: Buffer, name: string, pattern: RegExp) => {
      const detected = await detectFileType(head, name);
      assert.equal(detected.ok, false, `${name} must be refused`);
      assert.match((detected as { reason: string }).reason, pattern);
    };
    await refused(pe, 'cat.jpg', /"cat\.jpg" is a Windows program/);
    await refused(Buffer.from('\x7fELF\x02\x01'), 'photo.png', /Linux program/);
    await refused(Buffer.from('cffaedfe07000001', 'hex'), 'x', /macOS program/);
    await refused(Buffer.from('#!/bin/sh\nrm -rf /\n'), 'readme.txt', /script/);
    await refused(Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), 'page.txt', /web page/);
    await refused(Buffer.from('<?xml version="1.0"?><svg onload="alert(1)">'), 'logo.png', /SVG/);
    await refused(Buffer.from('MsgBox "hi"'), 'invoice.vbs', /\.vbs are programs or scripts/);
    await refused(zip('AndroidManifest.xml', 'classes.dex'), 'app.zip', /Android/);
    await refused(Buffer.from('d0cf11e0a1b11ae1', 'hex'), 'setup.doc.msi', /\.msi are programs/);
    await refused(Buffer.from('d0cf11e0a1b11ae1', 'hex'), 'file.bin', /compound file/);
    assert.equal((await kindOf(Buffer.from('d0cf11e0a1b11ae1', 'hex'), 'old.doc'))[0], 'application/msword');
    // A refused program still says what it is, so a stored one is served as such.
    assert.deepEqual((await detectFileType(pe, 'invoice.pdf')).type?.mime, 'application/x-msdownload');
  });

  test("photos outside a channel's photo limits go as documents (the Telegram module's limits)", () => {
    const limits = telegramBotCapabilities.media.photo;
    assert.deepEqual(imageSize(png), { width: 512, height: 256 });
    assert.equal(fitsPhoto(limits, 1000, { width: 512, height: 256 }), true);
    assert.equal(fitsPhoto(limits, 11 * 1024 * 1024, { width: 512, height: 256 }), false, 'over 10 MB');
    assert.equal(fitsPhoto(limits, 1000, { width: 9000, height: 2000 }), false, 'width + height over 10,000');
    assert.equal(fitsPhoto(limits, 1000, { width: 4200, height: 200 }), false, 'sides over 20:1');
    assert.equal(fitsPhoto(null, 50 * 1024 * 1024, { width: 9000, height: 200 }), true, 'a channel without photo limits');
  });
});
