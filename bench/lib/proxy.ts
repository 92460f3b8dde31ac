// A small reverse proxy for the cluster drill, standing in for Caddy: each
// request goes to the next upstream in turn; an upstream that refuses the
// connection (a killed instance) is skipped and the next one tried, so only a
// request that was already inside a dying instance fails (and its sender retries).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Proxy {
  url: string;
  /** Requests answered by an upstream, and requests no upstream took. */
  stats(): { forwarded: number; refused: number; failed: number };
  stop(): Promise<void>;
}

export async function startProxy(upstreams: string[]): Promise<Proxy> {
  let next = 0;
  const counts = { forwarded: 0, refused: 0, failed: 0 };

  function forward(target: string, request: http.IncomingMessage, body: Buffer): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const outgoing = http.request(`${target}${request.url ?? '/'}`, { method: request.method, headers: request.headers }, resolve);
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    for (let tried = 0; tried < upstreams.length; tried++) {
      const target = upstreams[next++ % upstreams.length]!;
      try {
        const answer = await forward(target, request, body);
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        counts.forwarded++;
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ECONNREFUSED') {
          counts.refused++;
          continue;
        }
        // The connection broke inside the upstream: the request may have been handled; the sender decides.
        counts.failed++;
        response.writeHead(502).end();
        return;
      }
    }
    counts.failed++;
    response.writeHead(502).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ ...counts }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
