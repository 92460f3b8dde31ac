import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { cleanFileName, MultipartError, receiveMultipartFile } from './multipart.ts';

const boundary = '----formdata-test-7MA4YWxkTrZu0gW';
const contentType = `multipart/form-data; boundary=${boundary}`;

function form(
  parts: Array<{ name: string; fileName?: string; type?: string; body: Buffer | string }>,
  options: { close?: boolean } = {},
): Buffer {
  const pieces: Buffer[] = [Buffer.from('preamble to ignore\r\n')];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.fileName !== undefined ? `; filename="${part.fileName}"` : ''}`;
    pieces.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`),
      Buffer.from(part.body),
      Buffer.from('\r\n'),
    );
  }
  if (options.close !== false) pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

function chunked(bytes: Buffer, seed: number): Readable {
  const chunks: Buffer[] = [];
  let offset = 0;
  let state = seed;
  while (offset < bytes.length) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const size = 1 + (state % 97) * (state % 3 === 0 ? 1 : 50);
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return Readable.from(chunks);
}

describe('multipart upload reader', () => {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'multipart-'));
  after(() => fs.rmSync(tempDir, { recursive: true, force: true }));
  const leftovers = () => fs.readdirSync(tempDir);

  test('writes the file field to disk across any chunking, boundary-like bytes included', async () => {
    // The body contains the boundary without its leading CRLF, and CRLFs: they must pass through.
    const content = Buffer.concat([randomBytes(5000), Buffer.from(`--${boundary}\r\n\r\n--`), randomBytes(3000)]);
    const body = form([
      { name: 'note', body: 'hello' },
      { name: 'file', fileName: 'Счёт №1.pdf', type: 'application/pdf', body: content },
      { name: 'other', fileName: 'second.bin', body: 'ignored' },
    ]);
    for (const seed of [1, 2, 3, 4, 5]) {
      const { file, fields } = await receiveMultipartFile(chunked(body, seed), contentType, {
        field: 'file',
        maxBytes: 1 << 20,
        tempDir,
        headBytes: 100,
      });
      assert.ok(file);
      assert.deepEqual(fs.readFileSync(file.tempPath), content);
      assert.equal(file.size, content.length);
      assert.equal(file.fileName, 'Счёт №1.pdf');
      assert.equal(file.declaredType, 'application/pdf');
      assert.deepEqual(file.head, content.subarray(0, 100));
      assert.deepEqual(fields, { note: 'hello' });
      fs.rmSync(file.tempPath);
    }
    assert.deepEqual(leftovers(), []);
  });

  test('an empty file is received with size 0; a form without a file gives null', async () => {
    const empty = await receiveMultipartFile(chunked(form([{ name: 'file', fileName: 'empty.txt', body: '' }]), 7), contentType, {
      field: 'file',
      maxBytes: 10,
      tempDir,
    });
    assert.equal(empty.file?.size, 0);
    fs.rmSync(empty.file!.tempPath);
    const none = await receiveMultipartFile(Readable.from([form([{ name: 'text', body: 'x' }])]), contentType, {
      field: 'file',
      maxBytes: 10,
      tempDir,
    });
    assert.equal(none.file, null);
  });

  test('past the limit: 413 and nothing left on disk', async () => {
    const body = form([{ name: 'file', fileName: 'big.bin', body: randomBytes(50_000) }]);
    await assert.rejects(
      receiveMultipartFile(chunked(body, 9), contentType, { field: 'file', maxBytes: 49_999, tempDir }),
      (error: MultipartError) => {
        assert.equal(error.statusCode, 413);
        assert.match(error.message, /larger than 48\.8 KB, the upload limit \(UPLOAD_MAX_BYTES\)/);
        return true;
      },
    );
    assert.deepEqual(leftovers(), []);
  });

  test('cut off or malformed: 400 and nothing left on disk', async () => {
    const cut = form([{ name: 'file', fileName: 'a.bin', body: randomBytes(1000) }], { close: false });
    await assert.rejects(
      receiveMultipartFile(chunked(cut.subarray(0, cut.length - 50), 3), contentType, { field: 'file', maxBytes: 1 << 20, tempDir }),
      /cut off/,
    );
    await assert.rejects(
      receiveMultipartFile(Readable.from([Buffer.from('no boundary here')]), contentType, { field: 'file', maxBytes: 10, tempDir }),
      /malformed/,
    );
    await assert.rejects(
      receiveMultipartFile(Readable.from([]), 'application/json', { field: 'file', maxBytes: 10, tempDir }),
      (error: MultipartError) => error.statusCode === 415,
    );
    assert.deepEqual(leftovers(), []);
  });

  test('file names lose paths, quotes and control characters', () => {
    assert.equal(cleanFileName('C:\\Users\\ann\\photo.jpg'), 'photo.jpg');
    assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
    assert.equal(cleanFileName('a"b\r\n<c>.txt'), 'abc.txt');
  });
});
