// The apps' one way to take a small upload from staff (a clinic document, a photo for a dispatch job):
// multipart/form-data read by @fastify/multipart in the route's own scope, the file held in memory up to its limit,
// and its type sniffed from the bytes (file-type), whatever its name or declared type says. Precise refusals: 415 for
// a body that is not multipart or a file of a type the route does not take, 413 past the size or part limits, 400 for
// a broken form, 422 without a file.
import fastifyMultipart from '@fastify/multipart';
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
  /** What to do about a file past the limit, after "The file is over the limit of N MB". */
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
  if (!/^multipart\/form-data/i.test(request.headers['content-type'] ?? ''))
    throw new HttpError(415, 'unsupported_media_type', `Send multipart/form-data. ${rules.help}`);
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
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new HttpError(
        413,
        'file_too_large',
        `The file is over the limit of ${megabytes(rules.maxBytes)} MB${rules.tooLargeHint ? `; ${rules.tooLargeHint}` : ''}.`,
      );
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new HttpError(413, 'form_too_large', `The form has too many parts. ${rules.help}`);
    throw new HttpError(400, 'malformed_multipart', `The multipart form could not be read. ${rules.help}`);
  }
  if (!file) throw new HttpError(422, 'upload_missing', `No file in the field "file". ${rules.help}`);
  return { fields, file };
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
  if (data.length > maxBytes) throw new HttpError(413, 'file_too_large', `The file is over the limit of ${megabytes(maxBytes)} MB.`);
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

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
