// Reading seed 002's upload form with @fastify/multipart (busboy): the file goes
// to disk as it arrives, never whole into memory, and the read stops as soon as
// the file passes the size limit. Our part is the limits and their messages.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../../platform/index.ts';

export interface ReceivedFile {
  tempPath: string;
  fileName: string;
  declaredType: string;
  size: number;
  /** The first bytes, for telling the real type. */
  head: Buffer;
}

export interface UploadFormOptions {
  field: string;
  maxBytes: number;
  tempDir: string;
  headBytes?: number;
}

// A form is one file and a few small fields; anything bigger is not ours.
const formLimits = { fields: 20, fieldSize: 8 * 1024, files: 5, parts: 30, headerPairs: 20, fieldNameSize: 100 };

/**
 * Reads the form; the file in `options.field` is written to a temp file, other
 * files are skipped, small fields come back as text. Throws HttpError (413 past
 * the limit, 400 when malformed) after removing whatever it wrote.
 */
export async function receiveUploadForm(
  request: FastifyRequest,
  options: UploadFormOptions,
): Promise<{ file: ReceivedFile | null; fields: Record<string, string> }> {
  const fields: Record<string, string> = {};
  let file: ReceivedFile | null = null;
  const tempPath = path.join(options.tempDir, `upload-${randomBytes(12).toString('hex')}.part`);
  try {
    for await (const part of request.parts({ limits: { ...formLimits, fileSize: options.maxBytes } })) {
      if (part.type === 'field') fields[part.fieldname] = String(part.value);
      else if (part.fieldname !== options.field || file) part.file.resume();
      else file = await writeToDisk(part, tempPath, options);
    }
  } catch (error) {
    await fs.promises.rm(tempPath, { force: true });
    throw asHttpError(error, options.maxBytes);
  }
  return { file, fields };
}

async function writeToDisk(part: MultipartFile, tempPath: string, options: UploadFormOptions): Promise<ReceivedFile> {
  const headLimit = options.headBytes ?? 64 * 1024;
  const head: Buffer[] = [];
  let headSize = 0;
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (headSize < headLimit) {
        const piece = chunk.subarray(0, headLimit - headSize);
        head.push(piece);
        headSize += piece.length;
      }
      done(null, chunk);
    },
  });
  await pipeline(part.file, measure, fs.createWriteStream(tempPath, { flags: 'wx' }));
  if (part.file.truncated) throw tooLarge(options.maxBytes);
  return {
    tempPath,
    fileName: cleanFileName(part.filename ?? ''),
    declaredType: part.mimetype.toLowerCase(),
    size,
    head: Buffer.concat(head),
  };
}

const tooLarge = (maxBytes: number) =>
  new HttpError(
    413,
    'file_too_large',
    `The file is larger than ${describeBytes(maxBytes)}, the upload limit (UPLOAD_MAX_BYTES). Send a smaller file or compress it.`,
  );

function asHttpError(error: unknown, maxBytes: number): unknown {
  if (error instanceof HttpError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxBytes);
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new HttpError(
      413,
      'form_too_large',
      'The form has too many parts: send one file in a field named "file" and at most a few small fields.',
    );
  }
  // Disk errors (ENOSPC, EACCES …) are ours, not the client's.
  if (typeof code === 'string' && !code.startsWith('FST_')) return error;
  const detail = error instanceof Error ? error.message.replace(/^Multipart: /, '') : 'unreadable';
  return new HttpError(
    400,
    'malformed_multipart',
    `The multipart form is malformed (${detail}); send it as multipart/form-data with a field named "file".`,
  );
}

/** The last path segment, without control characters or quotes; at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim();
  return cleaned.slice(-200);
}

export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}
