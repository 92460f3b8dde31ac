import WebSocket from 'ws';

export interface TestSocket {
  frames: Array<Record<string, any>>;
  waitFor(predicate: (frame: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  send(frame: unknown): void;
  close(): Promise<void>;
  /** Settles when the socket closes, with the code and reason the server gave. */
  closed: Promise<{ code: number; reason: string }>;
}

/** A WebSocket client for tests that keeps every frame it received. */
export async function connectSocket(
  url: string,
  options: { token?: string; since?: number; headers?: Record<string, string> } = {},
): Promise<TestSocket> {
  const query = new URLSearchParams();
  if (options.token) query.set('token', options.token);
  if (options.since !== undefined) query.set('since', String(options.since));
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/messages?${query}`, { headers: options.headers });
  const frames: Array<Record<string, any>> = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)));
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
  });
  return {
    frames,
    waitFor(predicate, timeoutMs = 10_000) {
      const found = frames.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = frames.find(predicate);
          if (match) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching frame within ${timeoutMs} ms; got ${frames.map((frame) => frame.type).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    closed,
    send: (frame) => socket.send(JSON.stringify(frame)),
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === socket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
}

/** Polls `check` until it returns a truthy value. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
