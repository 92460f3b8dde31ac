import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { Writable } from 'node:stream';
import { createHttpApp, createLogger, type HttpApp } from '../index.ts';
import { cleanFileName, readUploadFormToDisk, withMultipart } from './upload-form.ts';

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

describe('the upload form streamed to disk (readUploadFormToDisk on @fastify/multipart)', () => {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'multipart-'));
  const leftovers = () => fs.readdirSync(tempDir);
  let app: HttpApp;
  before(async () => {
    const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
    app = await createHttpApp({ logger: quiet, version: 'test' });
    withMultipart(app, (scope) => {
      scope.post('/upload', async (request) => {
        const maxBytes = Number(request.headers['x-max-bytes'] ?? 1 << 20);
        const rules = {
          maxBytes,
          tempDir,
          help: 'Send it as multipart/form-data with a field named "file".',
          limitName: 'UPLOAD_MAX_BYTES',
        };
        const { file, fields } = await readUploadFormToDisk(request, rules);
        if (!file) return { file: null, fields };
        const bytes = fs.readFileSync(file.tempPath);
        fs.rmSync(file.tempPath);
        return { file: { ...file, head: file.head.length, sha: bytes.toString('base64') }, fields };
      });
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    fs.rmSync(tempDir, { recursive: true, force: true });
  });
  const send = (payload: Readable | Buffer, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/upload', payload, headers: { 'content-type': contentType, ...headers } });

  test('writes the file field to disk across any chunking, boundary-like bytes included', async () => {
    // The body contains the boundary without its leading CRLF, and CRLFs: they must pass through.
    const content = Buffer.concat([randomBytes(5000), Buffer.from(`--${boundary}\r\n\r\n--`), randomBytes(3000)]);
    const body = form([
      { name: 'note', body: 'hello' },
      { name: 'file', fileName: 'Счёт №1.pdf', type: 'application/pdf', body: content },
      { name: 'other', fileName: 'second.bin', body: 'ignored' },
    ]);
    for (const seed of [1, 2, 3, 4, 5]) {
      const response = await send(chunked(body, seed));
      assert.equal(response.statusCode, 200, response.body);
      const { file, fields } = response.json();
      assert.equal(Buffer.from(file.sha, 'base64').equals(content), true, `seed ${seed}: the bytes arrive unchanged`);
      assert.equal(file.size, content.length);
      assert.equal(file.head, content.length);
      assert.equal(file.fileName, 'Счёт №1.pdf');
      assert.equal(file.declaredType, 'application/pdf');
      assert.deepEqual(fields, { note: 'hello' });
    }
    assert.deepEqual(leftovers(), []);
  });

  test('an empty file is a file; a form without one is not', async () => {
    const empty = (await send(chunked(form([{ name: 'file', fileName: 'empty.txt', body: '' }]), 7))).json();
    assert.equal(empty.file.size, 0);
    const none = (await send(form([{ name: 'text', body: 'x' }]))).json();
    assert.equal(none.file, null);
    assert.deepEqual(none.fields, { text: 'x' });
  });

  test('past the limit: 413 with the limit in words, and nothing left on disk', async () => {
    const body = form([{ name: 'file', fileName: 'big.bin', body: randomBytes(50_000) }]);
    const response = await send(chunked(body, 9), { 'x-max-bytes': '49999' });
    assert.equal(response.statusCode, 413);
    assert.equal(response.json().error.code, 'file_too_large');
    assert.match(response.json().error.message, /larger than 48\.8 KB, the upload limit \(UPLOAD_MAX_BYTES\)/);
    assert.deepEqual(leftovers(), []);
  });

  test('a cut-off or malformed form is a 400 that says so; too many parts a 413', async () => {
    const cut = form([{ name: 'file', fileName: 'a.bin', body: randomBytes(4000) }], { close: false });
    const truncated = await send(chunked(cut.subarray(0, cut.length - 50), 3));
    assert.equal(truncated.statusCode, 400);
    assert.equal(truncated.json().error.code, 'malformed_multipart');
    const garbage = await send(Buffer.from('no boundary here'));
    assert.equal(garbage.statusCode, 400);
    const noBoundary = await send(Buffer.from('x'), { 'content-type': 'multipart/form-data' });
    assert.equal(noBoundary.statusCode, 400);
    assert.match(noBoundary.json().error.message, /multipart\/form-data with a field named "file"/);
    const many = await send(form(Array.from({ length: 40 }, (_, index) => ({ name: `f${index}`, body: 'x' }))));
    assert.equal(many.statusCode, 413);
    assert.deepEqual(leftovers(), []);
  });

  test('file names lose paths, quotes and control characters', () => {
    assert.equal(cleanFileName('C:\\Users\\ann\\photo.jpg'), 'photo.jpg');
    assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
    assert.equal(cleanFileName('a"b\r\n<c>.txt'), 'abc.txt');
  });
});
