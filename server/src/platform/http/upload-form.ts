// The one way Switchboard takes an upload from staff (a clinic document, a photo for a dispatch job, a broadcast's
// picture, a file an operator sends): multipart/form-data read by @fastify/multipart in the route's own scope, and the
// type sniffed from the bytes (file-type), whatever its name or declared type says. Small files are held in memory
// (`readUploadForm`); large ones stream to disk as they arrive and the read stops as soon as the file passes its
// limit (`readUploadFormToDisk`, the inbox's). Precise refusals: 415 for a body that is not multipart or a file of a
// type the route does not take, 413 past the size or part limits, 400 for a broken form, 422 without a file; nothing
// half-written stays on disk.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { HttpApp } from './app.ts';
import { HttpError } from './errors.ts';

export interface UploadFormRules {
  /** The file's limit in bytes. */
  maxBytes: number;
  /** How to send the form (named in every refusal). */
  help: string;
  /** The setting that sets the limit, named in the 413 ("UPLOAD_MAX_BYTES"). */
  limitName?: string;
  /** What to do about a file past the limit, after "The file is larger than N MB, the upload limit; ". */
  tooLargeHint?: string;
}

/** Registers `routes` in a scope of their own that parses multipart/form-data (the rest of the app keeps JSON only). */
export function withMultipart(app: HttpApp, routes: (scope: HttpApp) => void): void {
  void app.register(async (plain) => {
    await plain.register(fastifyMultipart);
    routes(plain.withTypeProvider<ZodTypeProvider>());
  });
}

/** Reads the form: its small fields as text and the file in the field `file` (one; others are skipped). */
export async function readUploadForm(
  request: FastifyRequest,
  rules: UploadFormRules,
): Promise<{ fields: Record<string, string>; file: { name: string; data: Buffer } }> {
  requireMultipart(request, rules);
  const fields: Record<string, string> = {};
  let file: { name: string; data: Buffer } | null = null;
  const limits = { fields: 10, fieldSize: 4 * 1024, files: 1, parts: 12, headerPairs: 20, fieldNameSize: 100, fileSize: rules.maxBytes };
  try {
    for await (const part of request.parts({ limits })) {
      if (part.type === 'field') fields[part.fieldname] = String(part.value);
      else if (part.fieldname === 'file' && !file) file = { name: part.filename, data: await part.toBuffer() };
      else part.file.resume();
    }
  } catch (error) {
    throw refusalOf(error, rules);
  }
  if (!file) throw new HttpError(422, 'upload_missing', `No file in the field "file". ${rules.help}`);
  return { fields, file };
}

/** 415 unless the body is a multipart form. */
export function requireMultipart(request: FastifyRequest, rules: Pick<UploadFormRules, 'help'>): void {
  if (!/^multipart\/form-data/i.test(request.headers['content-type'] ?? ''))
    throw new HttpError(415, 'unsupported_media_type', `Send multipart/form-data. ${rules.help}`);
}

/** A file streamed to disk by `readUploadFormToDisk`: the caller moves or removes `tempPath`. */
export interface DiskUpload {
  tempPath: string;
  fileName: string;
  declaredType: string;
  size: number;
  /** The first bytes, for telling the real type. */
  head: Buffer;
}

// A form is one file and a few small fields; anything bigger is not ours.
const diskFormLimits = { fields: 20, fieldSize: 8 * 1024, files: 5, parts: 30, headerPairs: 20, fieldNameSize: 100 };

/**
 * Reads the form with the file in the field `file` written to a temp file in `tempDir` as it arrives (never whole in
 * memory); other files are skipped, small fields come back as text. A refusal removes whatever was written.
 */
export async function readUploadFormToDisk(
  request: FastifyRequest,
  rules: UploadFormRules & { tempDir: string; headBytes?: number },
): Promise<{ file: DiskUpload | null; fields: Record<string, string> }> {
  const fields: Record<string, string> = {};
  let file: DiskUpload | null = null;
  const tempPath = path.join(rules.tempDir, `upload-${randomBytes(12).toString('hex')}.part`);
  try {
    for await (const part of request.parts({ limits: { ...diskFormLimits, fileSize: rules.maxBytes } })) {
      if (part.type === 'field') fields[part.fieldname] = String(part.value);
      else if (part.fieldname !== 'file' || file) part.file.resume();
      else file = await writeToDisk(part, tempPath, rules);
    }
  } catch (error) {
    await fs.promises.rm(tempPath, { force: true });
    // Disk errors (ENOSPC, EACCES …) are ours, not the client's.
    const code = (error as { code?: unknown }).code;
    if (!(error instanceof HttpError) && typeof code === 'string' && !code.startsWith('FST_')) throw error;
    throw refusalOf(error, rules);
  }
  return { file, fields };
}

async function writeToDisk(part: MultipartFile, tempPath: string, rules: UploadFormRules & { headBytes?: number }): Promise<DiskUpload> {
  const headLimit = rules.headBytes ?? 64 * 1024;
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
  if (part.file.truncated) throw tooLarge(rules);
  return {
    tempPath,
    fileName: cleanFileName(part.filename ?? ''),
    declaredType: part.mimetype.toLowerCase(),
    size,
    head: Buffer.concat(head),
  };
}

const tooLarge = (rules: UploadFormRules) =>
  new HttpError(
    413,
    'file_too_large',
    `The file is larger than ${describeBytes(rules.maxBytes)}, the upload limit${rules.limitName ? ` (${rules.limitName})` : ''}${rules.tooLargeHint ? `; ${rules.tooLargeHint}` : ''}.`,
  );

/** @fastify/multipart's failures as the refusals they are. */
function refusalOf(error: unknown, rules: UploadFormRules): HttpError {
  if (error instanceof HttpError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(rules);
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return new HttpError(413, 'form_too_large', `The form has too many parts. ${rules.help}`);
  const detail = error instanceof Error ? error.message.replace(/^Multipart: /, '') : 'unreadable';
  return new HttpError(400, 'malformed_multipart', `The multipart form is malformed (${detail}). ${rules.help}`);
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

/**
 * What the bytes are, by content: the type and its extension from `accepted` (MIME type → extension). Refuses an
 * empty file (422), one past `maxBytes` (413) and any other type (415, naming what was found and what is taken).
 */
export async function sniffUpload(
  data: Buffer,
  rules: {
    /** MIME type → the extension the stored file gets. */
    accepted: ReadonlyMap<string, string>;
    maxBytes: number;
    /** What to upload instead, for people ("a PDF or an image"). */
    expected: string;
  },
): Promise<{ contentType: string; extension: string }> {
  const { accepted, maxBytes } = rules;
  if (data.length === 0) throw new HttpError(422, 'empty_file', 'The file is empty.');
  if (data.length > maxBytes)
    throw new HttpError(413, 'file_too_large', `The file is larger than ${describeBytes(maxBytes)}, the upload limit.`);
  const found = await fileTypeFromBuffer(data);
  const extension = found && accepted.get(found.mime);
  if (!found || !extension)
    throw new HttpError(
      415,
      'unsupported_media_type',
      `The file is ${found ? found.mime : 'of an unknown type'}; upload ${rules.expected} (${[...accepted.keys()].join(', ')}).`,
    );
  return { contentType: found.mime, extension };
}
