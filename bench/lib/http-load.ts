// Load from this process: keep-alive HTTP with a bounded number of sockets,
// and a scheduler that posts webhook updates the way Telegram does (one in
// flight per chat, at most `connections` at once), closed-loop or at a fixed rate.
import http from 'node:http';

export interface HttpResult {
  status: number;
  body: string;
  ms: number;
}

export interface HttpClient {
  request(method: string, path: string, options?: { body?: string; headers?: Record<string, string> }): Promise<HttpResult>;
  close(): void;
}

export function createHttpClient(baseUrl: string, connections: number): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const base = new URL(baseUrl);
  return {
    request(method, path, options = {}) {
      const startedAt = performance.now();
      return new Promise((resolve, reject) => {
        const headers: Record<string, string | number> = { ...options.headers };
        if (options.body !== undefined) {
          headers['content-type'] ??= 'application/json';
          headers['content-length'] = Buffer.byteLength(options.body);
        }
        const request = http.request({ host: base.hostname, port: base.port, method, path, headers, agent }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - startedAt }),
          );
          response.on('error', reject);
        });
        request.setTimeout(60_000, () => request.destroy(new Error(`${method} ${path}: no answer within 60 s`)));
        request.on('error', reject);
        request.end(options.body);
      });
    },
    close: () => agent.destroy(),
  };
}

export interface LoadItem {
  chat: number;
}

export interface LoadRecord<T> {
  item: T;
  /** When the item was due (ms, performance.now clock). */
  dueAt: number;
  sentAt: number;
  doneAt: number;
  status: number;
}

/**
 * Sends every item, one in flight per chat and at most `connections` at once.
 * Without `ratePerSecond` all items are due at once (closed loop: the
 * throughput the server absorbs); with it, item i is due at i / rate.
 */
export async function runChatLoad<T extends LoadItem>(options: {
  items: T[];
  connections: number;
  ratePerSecond?: number;
  timeoutMs: number;
  send(item: T): Promise<number>;
}): Promise<{ records: Array<LoadRecord<T>>; startedAt: number; finishedAt: number; errors: number }> {
  const { items, connections } = options;
  const pending = new Map<number, Array<{ item: T; dueAt: number }>>();
  const state = new Map<number, 'ready' | 'busy'>();
  const ready: number[] = [];
  const records: Array<LoadRecord<T>> = [];
  let inFlight = 0;
  let released = 0;
  let errors = 0;
  const startedAt = performance.now();

  return new Promise((resolve, reject) => {
    const deadline = setTimeout(
      () => reject(new Error(`load not finished within ${options.timeoutMs} ms: ${records.length} of ${items.length} done`)),
      options.timeoutMs,
    );
    let timer: NodeJS.Timeout | undefined;

    const markReady = (chat: number) => {
      if (state.has(chat)) return;
      state.set(chat, 'ready');
      ready.push(chat);
    };
    const pump = () => {
      while (inFlight < connections && ready.length > 0) {
        const chat = ready.shift()!;
        const next = pending.get(chat)!.shift()!;
        state.set(chat, 'busy');
        inFlight++;
        const sentAt = performance.now();
        const finish = (status: number) => {
          records.push({ item: next.item, dueAt: next.dueAt, sentAt, doneAt: performance.now(), status });
          if (status < 200 || status >= 300) errors++;
          inFlight--;
          state.delete(chat);
          if (pending.get(chat)!.length > 0) markReady(chat);
          if (records.length === items.length) {
            clearTimeout(deadline);
            clearTimeout(timer);
            resolve({ records, startedAt, finishedAt: performance.now(), errors });
            return;
          }
          pump();
        };
        options.send(next.item).then(finish, () => finish(0));
      }
    };
    const release = () => {
      const now = performance.now();
      while (released < items.length) {
        const dueAt = options.ratePerSecond ? startedAt + (released * 1000) / options.ratePerSecond : startedAt;
        if (dueAt > now) break;
        const item = items[released++]!;
        let queue = pending.get(item.chat);
        if (!queue) pending.set(item.chat, (queue = []));
        queue.push({ item, dueAt });
        if (!state.has(item.chat)) markReady(item.chat);
      }
      pump();
      if (released < items.length) {
        const nextDue = startedAt + (released * 1000) / options.ratePerSecond!;
        timer = setTimeout(release, Math.max(0, nextDue - performance.now()));
      }
    };
    release();
  });
}
