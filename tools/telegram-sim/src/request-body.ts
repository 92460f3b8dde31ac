import type { IncomingMessage } from 'node:http';
import { BotApiError } from './api-error.ts';
import { boundaryOf, parseMultipart } from './multipart-parser.ts';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export type Params = Record<string, unknown>;

export interface ParsedRequest {
  params: Params;
  files: Map<string, UploadedFile>;
}

// api.telegram.org refuses multipart uploads above 50 MB before reading any parameter.
export const MAX_REQUEST_BYTES = 50 * 1024 * 1024 + 64 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_REQUEST_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw new BotApiError(413, 'Request Entity Too Large');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BotApiError(413, 'Request Entity Too Large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function parseRequest(contentType: string | undefined, body: Buffer, query: URLSearchParams): ParsedRequest {
  const params: Params = {};
  const files = new Map<string, UploadedFile>();
  for (const [key, value] of query) params[key] = value;
  const type = (contentType ?? '').toLowerCase();
  if (body.length === 0) return { params, files };
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BotApiError(400, "Bad Request: can't parse JSON object");
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = boundaryOf(contentType ?? '');
    if (!boundary) throw new BotApiError(400, 'Bad Request: multipart boundary is missing');
    let parts;
    try {
      parts = parseMultipart(body, boundary);
    } catch (error) {
      throw new BotApiError(400, `Bad Request: ${(error as Error).message}`);
    }
    for (const part of parts) {
      if (part.filename !== undefined) {
        files.set(part.name, {
          field: part.name,
          filename: part.filename,
          contentType: part.contentType ?? 'application/octet-stream',
          data: Buffer.from(part.data),
        });
      } else {
        params[part.name] = part.data.toString('utf8');
      }
    }
  } else {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = value;
  }
  return { params, files };
}
