// The one way the app talks to the server: JSON, the session cookie, the CSRF header on every
// state-changing request, and one error type carrying the server's `{ error: { code, message } }`.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The answer's Retry-After in seconds (a 429 or 503 says how long to wait), when it gave one. */
  readonly retryAfterSeconds: number | null;
  constructor(status: number, code: string, message: string, retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A list page of the API (the contract's). */
export type { Page } from '@switchboard/contract';

/**
 * Which browser session a request speaks for: the staff app's (sb_session) or the client portal's
 * (sb_portal). Each has its own CSRF cookie and its own sign-in page to return to on 401.
 */
export type SessionKind = 'staff' | 'portal';
const csrfCookies: Record<SessionKind, string> = { staff: 'sb_csrf', portal: 'sb_portal_csrf' };

type SessionExpiredListener = () => void;
const sessionExpiredListeners = new Set<SessionExpiredListener>();
const portalSessionExpiredListeners = new Set<SessionExpiredListener>();
const expiredListenersOf = (session: SessionKind) => (session === 'portal' ? portalSessionExpiredListeners : sessionExpiredListeners);

/** Called when a request that needs a session of that kind gets 401: the app returns to its sign-in, keeping drafts. */
export function onSessionExpired(listener: SessionExpiredListener, session: SessionKind = 'staff'): () => void {
  const listeners = expiredListenersOf(session);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells the app a session of that kind has ended (a 401, or the realtime socket closed for ended access). */
export function reportSessionExpired(session: SessionKind = 'staff'): void {
  for (const listener of expiredListenersOf(session)) listener();
}

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

const safeMethods = new Set(['GET', 'HEAD']);

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat 401 as an expired session (sign-in and "who am I" calls). */
  allowUnauthenticated?: boolean;
  /** The session the request speaks for; 'staff' unless a portal page says 'portal'. */
  session?: SessionKind;
}

export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  // A browser signed in to both the staff app and the portal sends both cookies: the portal says which it speaks for.
  if (options.session === 'portal') headers['x-switchboard-as'] = 'client';
  if (!safeMethods.has(method)) {
    const csrf = readCookie(csrfCookies[options.session ?? 'staff']);
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check the connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (response.status === 401 && !options.allowUnauthenticated) reportSessionExpired(options.session);
    throw new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? `The server answered ${response.status} ${response.statusText}.`,
      retryAfterOf(response.headers.get('retry-after')),
    );
  }
  return parsed as T;
}

/** Retry-After as whole seconds (the API sends seconds, never a date). */
function retryAfterOf(header: string | null): number | null {
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : null;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => apiRequest<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => apiRequest<T>('POST', path, { ...options, body: body ?? {} }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => apiRequest<T>('PUT', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => apiRequest<T>('PATCH', path, { ...options, body: body ?? {} }),
  delete: <T>(path: string, options?: RequestOptions) => apiRequest<T>('DELETE', path, options),
};

export interface UploadOptions {
  /** The form field the server reads the file from. */
  field?: string;
  /** Text fields sent before the file. */
  fields?: Record<string, string>;
  /** Called with 0…1 as the bytes leave the browser. */
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
}

/** Posts one file as multipart/form-data. XMLHttpRequest, not fetch: only it reports upload progress. */
export function apiUpload<T>(path: string, file: Blob, fileName: string, options: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.setRequestHeader('accept', 'application/json');
    const csrf = readCookie('sb_csrf');
    if (csrf) request.setRequestHeader('x-csrf-token', csrf);
    request.upload.onprogress = (event: { lengthComputable: boolean; loaded: number; total: number }) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError(0, 'network', 'The upload did not reach the server. Check the connection and try again.'));
    request.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    request.onload = () => {
      let parsed: unknown;
      try {
        parsed = request.responseText ? JSON.parse(request.responseText) : undefined;
      } catch {
        parsed = undefined;
      }
      if (request.status >= 200 && request.status < 300) return resolve(parsed as T);
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      if (request.status === 401) reportSessionExpired('staff');
      reject(
        new ApiError(
          request.status,
          error?.code ?? `http_${request.status}`,
          error?.message ?? `The server answered ${request.status} ${request.statusText}.`,
          retryAfterOf(request.getResponseHeader('retry-after')),
        ),
      );
    };
    options.signal?.addEventListener('abort', () => request.abort(), { once: true });
    const form = new FormData();
    for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
    form.append(options.field ?? 'file', file, fileName);
    request.send(form);
  });
}

/** Builds `path?query` from the defined, non-empty values. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
