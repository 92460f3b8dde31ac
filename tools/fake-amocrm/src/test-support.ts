// Helpers shared by this package's tests (not part of the public API).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeAmocrm } from './server.ts';

export interface Reply {
  status: number;
  contentType: string | null;
  // Tests read arbitrary AmoCRM JSON; typing it fully would only restate the docs.
  body: any;
}

export async function call(
  fake: FakeAmocrm,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), body: text ? (JSON.parse(text) as unknown) : null };
}

export interface ReceivedHook {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook endpoint that records each POST and answers with `status` after `delayMs`. */
export async function startReceiver(reply: { status?: number; delayMs?: number } = {}) {
  const received: ReceivedHook[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.writeHead(reply.status ?? 200);
        res.end('ok');
      }, reply.delayMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook/amocrm`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
