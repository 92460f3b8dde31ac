import type { IncomingMessage, ServerResponse } from 'node:http';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

export interface UploadedFile {
  filename: string;
  type: string;
  bytes: Buffer;
}

export interface ParsedBody {
  fields: Record<string, unknown>;
  files: Record<string, UploadedFile>;
}

/**
 * JSON, form or multipart bodies (Graph takes all three; objects in forms arrive as JSON strings).
 * Multipart is parsed by the platform's own Response.formData(), not by hand.
 */
export async function parseBody(contentType: string | undefined, raw: Buffer): Promise<ParsedBody> {
  const type = contentType ?? '';
  if (raw.length === 0) return { fields: {}, files: {} };
  if (type.includes('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
    const fields: Record<string, unknown> = {};
    const files: Record<string, UploadedFile> = {};
    for (const [name, value] of form) {
      if (typeof value === 'string') fields[name] = value;
      else files[name] = { filename: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
    }
    return { fields, files };
  }
  const text = raw.toString('utf8');
  if (type.includes('application/x-www-form-urlencoded')) {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(text)) fields[key] = decodeJsonField(value);
    return { fields, files: {} };
  }
  const parsed = JSON.parse(text) as unknown;
  return { fields: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}, files: {} };
}

function decodeJsonField(value: string): unknown {
  if (!/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The bearer token from the Authorization header, or Graph's `access_token` parameter. */
export function bearerToken(req: IncomingMessage, query: URLSearchParams, fields: Record<string, unknown>): string | null {
  const header = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (header) return header[1]!;
  const fromQuery = query.get('access_token');
  if (fromQuery) return fromQuery;
  return typeof fields.access_token === 'string' ? fields.access_token : null;
}
