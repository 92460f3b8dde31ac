// A small streaming multipart/form-data reader (RFC 7578) for one file field:
// the file goes to disk as it arrives, never whole into memory, and the read
// stops as soon as the file passes the size limit.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface ReceivedFile {
  tempPath: string;
  fileName: string;
  declaredType: string;
  size: number;
  /** The first bytes, for telling the real type. */
  head: Buffer;
}

export class MultipartError extends Error {
  override name = 'MultipartError';
  readonly statusCode: number;
  readonly code: string;
  constructor(statusCode: number, code: string, message: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export interface MultipartOptions {
  field: string;
  maxBytes: number;
  tempDir: string;
  headBytes?: number;
}

const maxHeaderBytes = 16 * 1024;
const maxFieldBytes = 8 * 1024;
const maxPreambleBytes = 64 * 1024;

export function boundaryOf(contentType: string | undefined): string {
  const match = /^multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '');
  if (!match)
    throw new MultipartError(415, 'unsupported_media_type', 'Send the file as multipart/form-data (a form with a field named "file").');
  return match[1] ?? match[2]!;
}

interface Part {
  name: string;
  fileName?: string;
  contentType: string;
}

function parsePartHeaders(block: Buffer): Part {
  // Browsers send file names as raw UTF-8 in the quoted parameter.
  const lines = block.toString('utf8').split('\r\n');
  let disposition = '';
  let contentType = 'application/octet-stream';
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    if (name === 'content-type') contentType = value.toLowerCase();
  }
  if (!/^form-data\b/i.test(disposition))
    throw new MultipartError(400, 'malformed_multipart', 'A part of the form has no "Content-Disposition: form-data" header.');
  const parameter = (key: string) =>
    new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition)?.[1] ??
    new RegExp(`;\\s*${key}=([^;\\s"]+)`, 'i').exec(disposition)?.[1];
  const encoded = /;\s*filename\*=UTF-8''([^;\s]+)/i.exec(disposition)?.[1];
  let fileName = parameter('filename');
  if (encoded) {
    try {
      fileName = decodeURIComponent(encoded);
    } catch {
      // keep the plain filename
    }
  }
  return {
    name: parameter('name') ?? '',
    fileName: fileName === undefined ? undefined : cleanFileName(fileName.replace(/\\(.)/g, '$1')),
    contentType,
  };
}

/** The last path segment, without control characters or quotes; at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim();
  return cleaned.slice(-200);
}

interface FileSink {
  write(chunk: Buffer): Promise<void>;
  close(): Promise<void>;
  discard(): Promise<void>;
}

function openFileSink(tempPath: string): FileSink {
  const stream = fs.createWriteStream(tempPath, { flags: 'wx' });
  let failure: Error | undefined;
  stream.on('error', (error) => (failure = error));
  return {
    async write(chunk) {
      if (failure) throw failure;
      if (!stream.write(chunk)) await once(stream, 'drain');
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        stream.end((error?: Error | null) => (error || failure ? reject(error ?? failure) : resolve())),
      ),
    async discard() {
      // Wait for the descriptor to close, or a late open could leave an empty file behind.
      if (!stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()).destroy());
      await fs.promises.rm(tempPath, { force: true });
    },
  };
}

/**
 * Reads the form; the field named `options.field` is written to a temp file.
 * Throws MultipartError (413 past the limit, 400 when malformed) after removing
 * whatever it wrote. Other small fields come back as text.
 */
export async function receiveMultipartFile(
  stream: Readable,
  contentType: string | undefined,
  options: MultipartOptions,
): Promise<{ file: ReceivedFile | null; fields: Record<string, string> }> {
  const delimiter = Buffer.from(`\r\n--${boundaryOf(contentType)}`);
  const reader = createReader(delimiter, options);
  return new Promise((resolve, reject) => {
    let chain = Promise.resolve();
    let settled = false;
    let ended = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      // Read the rest and drop it instead of destroying the socket, so the client gets our answer.
      stream.resume();
      void reader.abort().finally(() => reject(error));
    };
    const onData = (chunk: Buffer) => {
      stream.pause();
      chain = chain.then(() => reader.push(chunk)).then(() => void (settled || stream.resume()), fail);
    };
    stream.on('data', onData);
    stream.once('end', () => {
      ended = true;
      chain = chain
        .then(async () => {
          if (settled) return;
          const result = await reader.finish();
          settled = true;
          resolve(result);
        })
        .catch(fail);
    });
    stream.once('error', () => fail(malformed('the connection broke off during the upload')));
    stream.once('close', () => void (ended || fail(malformed('the connection closed during the upload'))));
  });
}

function createReader(delimiter: Buffer, options: MultipartOptions) {
  const headLimit = options.headBytes ?? 64 * 1024;
  // A virtual CRLF before the body lets the first boundary match the same delimiter as the others.
  let buffer: Buffer = Buffer.from('\r\n');
  let state: 'preamble' | 'boundary' | 'headers' | 'body' | 'done' = 'preamble';
  let skipped = 0;
  let part: (Part & { sink?: FileSink; text?: Buffer[]; textSize: number }) | undefined;
  let file: (ReceivedFile & { sink: FileSink; chunks: Buffer[]; headSize: number }) | undefined;
  const fields: Record<string, string> = {};

  async function emit(bytes: Buffer): Promise<void> {
    if (bytes.length === 0 || !part) return;
    if (part.sink && file) {
      file.size += bytes.length;
      if (file.size > options.maxBytes) {
        throw new MultipartError(
          413,
          'file_too_large',
          `The file is larger than ${describeBytes(options.maxBytes)}, the upload limit (UPLOAD_MAX_BYTES). Send a smaller file or compress it.`,
        );
      }
      if (file.headSize < headLimit) {
        const piece = bytes.subarray(0, headLimit - file.headSize);
        file.chunks.push(piece);
        file.headSize += piece.length;
      }
      await part.sink.write(bytes);
    } else if (part.text) {
      part.textSize += bytes.length;
      if (part.textSize <= maxFieldBytes) part.text.push(bytes);
    }
  }

  async function startPart(headers: Buffer): Promise<void> {
    const parsed = parsePartHeaders(headers);
    part = { ...parsed, textSize: 0 };
    if (parsed.name === options.field && parsed.fileName !== undefined && !file) {
      const tempPath = path.join(options.tempDir, `upload-${randomBytes(12).toString('hex')}.part`);
      const sink = openFileSink(tempPath);
      file = {
        tempPath,
        fileName: parsed.fileName,
        declaredType: parsed.contentType,
        size: 0,
        head: Buffer.alloc(0),
        sink,
        chunks: [],
        headSize: 0,
      };
      part.sink = sink;
    } else if (parsed.fileName === undefined) {
      part.text = [];
    }
  }

  async function endPart(): Promise<void> {
    if (part?.sink) await part.sink.close();
    if (part?.text && part.name) fields[part.name] = Buffer.concat(part.text).toString('utf8');
    part = undefined;
  }

  async function step(): Promise<boolean> {
    if (state === 'preamble' || state === 'body') {
      const index = buffer.indexOf(delimiter);
      if (index < 0) {
        const keep = Math.min(buffer.length, delimiter.length - 1);
        if (state === 'body') await emit(buffer.subarray(0, buffer.length - keep));
        else if ((skipped += buffer.length - keep) > maxPreambleBytes) throw malformed('no boundary line found');
        buffer = buffer.subarray(buffer.length - keep);
        return false;
      }
      if (state === 'body') {
        await emit(buffer.subarray(0, index));
        await endPart();
      }
      buffer = buffer.subarray(index + delimiter.length);
      state = 'boundary';
      return true;
    }
    if (state === 'boundary') {
      if (buffer.length < 2) return false;
      const marker = buffer.toString('latin1', 0, 2);
      if (marker === '--') state = 'done';
      else if (marker === '\r\n') state = 'headers';
      else throw malformed('a boundary line is followed by neither a line break nor "--"');
      buffer = buffer.subarray(2);
      return state !== 'done';
    }
    if (state === 'headers') {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffer.length > maxHeaderBytes) throw malformed('a part has headers over 16 KB');
        return false;
      }
      await startPart(buffer.subarray(0, end));
      buffer = buffer.subarray(end + 4);
      state = 'body';
      return true;
    }
    return false;
  }

  return {
    async push(chunk: Buffer): Promise<void> {
      if (state === 'done') return;
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      while (await step());
    },
    async finish(): Promise<{ file: ReceivedFile | null; fields: Record<string, string> }> {
      if (state !== 'done') throw malformed('the form ends before its closing boundary (the upload was cut off)');
      if (!file) return { file: null, fields };
      const { sink: _sink, chunks, headSize: _headSize, ...received } = file;
      return { file: { ...received, head: Buffer.concat(chunks) }, fields };
    },
    async abort(): Promise<void> {
      await file?.sink.discard();
    },
  };
}

const malformed = (detail: string) => new MultipartError(400, 'malformed_multipart', `The multipart form is malformed: ${detail}.`);

export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}
