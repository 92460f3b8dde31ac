// Helpers shared by this package's tests (not part of the public API).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from './bot-api-types.ts';

export interface ApiReply {
  status: number;
  // Test code reads arbitrary Bot API JSON; typing it fully would only restate Telegram's docs.
  body: any;
}

export async function callApi(
  apiRoot: string,
  token: string,
  method: string,
  params?: Record<string, unknown> | FormData | URLSearchParams,
): Promise<ApiReply> {
  const init: RequestInit = { method: 'POST' };
  if (params instanceof FormData || params instanceof URLSearchParams) init.body = params;
  else if (params) {
    init.body = JSON.stringify(params);
    init.headers = { 'content-type': 'application/json' };
  }
  const response = await fetch(`${apiRoot}/bot${token}/${method}`, init);
  return { status: response.status, body: await response.json() };
}

export async function eventually<T>(probe: () => T | undefined | false, timeoutMs = 3000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  update: Update;
}

export interface ReceiverReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** A webhook endpoint that records each POST and answers what `respond` says. */
export async function startReceiver(
  respond: (request: Received) => ReceiverReply | Promise<ReceiverReply> = () => ({ status: 200 }),
): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: Received = {
        at: Date.now(),
        headers: req.headers,
        update: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update,
      };
      received.push(request);
      void Promise.resolve(respond(request)).then((reply) => {
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? '');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
