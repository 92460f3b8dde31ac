// A small Graph API client for Meta's messaging products (WhatsApp Cloud API, Instagram): bearer token,
// the versioned base address from settings (META_GRAPH_URL, so tests point it at tools/fake-meta), JSON
// and multipart requests, and Graph's error body `{error: {message, type, code, error_subcode, error_data}}`
// turned into ChannelErrors the delivery retry policy acts on (errors.ts).
import { ChannelError } from '../channel.ts';
import { graphErrorToChannelError, type GraphErrorDetails, type MetaProduct } from './errors.ts';

export interface GraphClientOptions {
  /** e.g. https://graph.facebook.com (no trailing slash). */
  baseUrl: string;
  /** e.g. v21.0. */
  version: string;
  /** Per request; Meta answers sends well within it. */
  timeoutMs?: number;
  /** Whose words refusals use (default WhatsApp's). */
  product?: MetaProduct;
}

export type GraphClient = ReturnType<typeof createGraphClient>;

export function createGraphClient(options: GraphClientOptions) {
  const root = options.baseUrl.replace(/\/+$/, '');
  const base = `${root}/${options.version}`;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call(url: string, init: RequestInit, token: string | null): Promise<Response> {
    try {
      return await fetch(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // A network failure or timeout: the message may go on a later attempt.
      throw new ChannelError('TEMPORARY', `Meta's Graph API did not answer: ${(error as Error).message}. Switchboard will try again.`);
    }
  }

  async function readJson<T>(response: Response): Promise<T> {
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (response.ok && body !== null) return body as T;
    const error = (body as { error?: GraphErrorDetails } | null)?.error;
    throw graphErrorToChannelError(response.status, error ?? null, response.headers.get('retry-after'), options.product);
  }

  return {
    async get<T>(path: string, token: string, query: Record<string, string> = {}): Promise<T> {
      const search = new URLSearchParams(query).toString();
      return readJson<T>(await call(`${base}/${path}${search ? `?${search}` : ''}`, { method: 'GET' }, token));
    },
    /** A GET outside the versioned paths whose query carries everything (Instagram's refresh_access_token). */
    async getUnversioned<T>(path: string, query: Record<string, string>): Promise<T> {
      return readJson<T>(await call(`${root}/${path}?${new URLSearchParams(query).toString()}`, { method: 'GET' }, null));
    },
    async post<T>(path: string, token: string, body: unknown): Promise<T> {
      return readJson<T>(
        await call(
          `${base}/${path}`,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
          token,
        ),
      );
    },
    async upload<T>(path: string, token: string, form: FormData): Promise<T> {
      return readJson<T>(await call(`${base}/${path}`, { method: 'POST', body: form }, token));
    },
    /** A file at an address Graph handed out (a media URL), with the same bearer token (null: a signed CDN link, no token). */
    async download(
      url: string,
      token: string | null,
      maxBytes: number | null,
    ): Promise<{ bytes: Buffer; mimeType: string | null } | { tooBig: true }> {
      const response = await call(url, { method: 'GET' }, token);
      if (!response.ok) {
        await response.body?.cancel();
        throw graphErrorToChannelError(response.status, null, null, options.product);
      }
      const length = Number(response.headers.get('content-length') ?? NaN);
      if (maxBytes !== null && Number.isFinite(length) && length > maxBytes) {
        await response.body?.cancel();
        return { tooBig: true };
      }
      const bytes = Buffer.from(await response.arrayBuffer());
      return maxBytes !== null && bytes.length > maxBytes ? { tooBig: true } : { bytes, mimeType: response.headers.get('content-type') };
    },
  };
}
