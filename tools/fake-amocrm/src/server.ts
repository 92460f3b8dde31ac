import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { routeApi } from './api-routes.ts';
import { createClock } from './clock.ts';
import { createControl, type ControlMethod, type FakeAmocrmControl, type RateLimits } from './control.ts';
import { createFaultBox, type Fault } from './faults.ts';
import { parseBody, readBody, sendEmpty, sendJson } from './http-util.ts';
import { DEFAULT_LIFETIMES, createTokenAuthority, type Integration, type TokenLifetimes } from './oauth.ts';
import { AmoProblem, httpProblem, statusProblem, tooManyRequests, unauthorized } from './problem.ts';
import { createRateLimiter } from './rate-limit.ts';
import type { RecordedRequest } from './request-log.ts';
import type { WebhookDelivery } from './webhook-sender.ts';
import { createWorld } from './world.ts';

export interface FakeAmocrmOptions {
  port?: number;
  host?: string;
  subdomain?: string;
  accountId?: number;
  integration?: Partial<Integration>;
  lifetimes?: Partial<TokenLifetimes>;
  rateLimits?: Partial<RateLimits>;
}

export interface FakeAmocrm {
  /** The base URL production code uses in place of https://{subdomain}.amocrm.ru. */
  url: string;
  control: FakeAmocrmControl;
  stop(): Promise<void>;
}

export const DEFAULT_INTEGRATION: Integration = {
  clientId: '0b1f3c7e-5d4a-4e2b-9f8a-1c2d3e4f5a6b',
  clientSecret: 'fake-client-secret',
  redirectUri: 'https://switchboard.example/amocrm/oauth/callback',
};

const HAL = 'application/hal+json';
const PROBLEM = 'application/problem+json';

export async function startFakeAmocrm(options: FakeAmocrmOptions = {}): Promise<FakeAmocrm> {
  const clock = createClock();
  const world = createWorld({ subdomain: options.subdomain ?? 'example', accountId: options.accountId ?? 31_000_001, now: clock.now() });
  const integration: Integration = { ...DEFAULT_INTEGRATION, ...options.integration };
  const tokens = createTokenAuthority(clock, integration, { ...DEFAULT_LIFETIMES, ...options.lifetimes }, world.account.id);
  const faults = createFaultBox();
  const limiter = createRateLimiter(clock);
  const limits: RateLimits = {
    perIntegration: 7,
    perAccount: 50,
    retryAfterSeconds: 300,
    blockAfter429s: null,
    blocked: false,
    ...options.rateLimits,
  };
  const log: RecordedRequest[] = [];
  const deliveries: WebhookDelivery[] = [];
  const pendingDelays = new Set<() => void>();
  let baseUrl = '';
  let inFlight = 0;
  const control = createControl({ world, clock, tokens, faults, limiter, limits, log, deliveries, inFlight: () => inFlight });

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        pendingDelays.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      pendingDelays.add(finish);
    });

  // Answers an injected fault; true when the request is finished. 502s come from AmoCRM's nginx as HTML.
  const answerFault = async (fault: Fault, req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    switch (fault.kind) {
      case 'slow':
        await delay(fault.delayMs);
        return false;
      case 'drop':
        req.socket.destroy();
        return true;
      case 'rate-limit':
        if (fault.retryAfterSeconds === undefined) sendJson(res, 429, tooManyRequests(limits.retryAfterSeconds).body, PROBLEM);
        else sendJson(res, 429, tooManyRequests(fault.retryAfterSeconds).body, PROBLEM, { 'retry-after': String(fault.retryAfterSeconds) });
        return true;
      case 'status':
        if (fault.status >= 502) {
          res.writeHead(fault.status, { 'content-type': 'text/html' });
          res.end(
            `<html><head><title>${fault.status}</title></head><body><center><h1>${fault.status}</h1></center><hr><center>nginx</center></body></html>`,
          );
        } else {
          sendJson(res, fault.status, statusProblem(fault.status).body, PROBLEM);
        }
        return true;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer, body: unknown): Promise<void> => {
    const method = req.method ?? 'GET';
    const fault = faults.take(method, url.pathname);
    if (fault && (await answerFault(fault, req, res))) return;
    if (url.pathname === '/oauth2/access_token' && method === 'POST') {
      const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      return sendJson(res, 200, tokens.exchange(fields));
    }
    if (!url.pathname.startsWith('/api/v4/')) throw httpProblem(404, 'Not Found', `Cannot ${method} ${baseUrl}${url.pathname}`);
    // Repeated violations get the caller blocked: 403 on every request (Kommo's "Limitations").
    if (limits.blocked) throw statusProblem(403);
    const clientId = tokens.authenticate(req.headers.authorization);
    if (clientId === null) throw unauthorized();
    if (
      !limiter.admit(`integration:${clientId}`, limits.perIntegration) ||
      !limiter.admit(`account:${world.account.id}`, limits.perAccount)
    ) {
      if (limits.blockAfter429s !== null && limiter.refusals() >= limits.blockAfter429s) limits.blocked = true;
      throw tooManyRequests(limits.retryAfterSeconds);
    }
    if (raw.length > 0 && body === undefined) throw httpProblem(400, 'Bad Request', 'Body must be JSON');
    const answer = routeApi(world, {
      method,
      path: url.pathname.replace(/\/$/, ''),
      query: url.searchParams,
      body,
      base: baseUrl,
      nowSeconds: Math.floor(clock.now() / 1000),
    });
    if (answer.status === 204) return sendEmpty(res, 204);
    sendJson(res, answer.status, answer.body, HAL);
  };

  const handleControl = async (res: ServerResponse, name: string, raw: Buffer): Promise<void> => {
    if (!Object.hasOwn(control, name)) return sendJson(res, 404, { error: `unknown control method ${JSON.stringify(name)}` });
    const argument = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as unknown) : undefined;
    const method = control[name as ControlMethod] as (argument: unknown) => unknown;
    const result = await method(argument);
    sendJson(res, 200, { result: result ?? null });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake-amocrm');
    void readBody(req)
      .then(async (raw) => {
        const controlMatch = /^\/__control\/([A-Za-z]+)$/.exec(url.pathname);
        if (controlMatch) return handleControl(res, controlMatch[1]!, raw);
        let body: unknown;
        try {
          body = parseBody(req.headers['content-type'], raw);
        } catch {
          body = undefined;
        }
        const at = clock.now();
        inFlight++;
        res.on('close', () => inFlight--);
        res.on('finish', () => {
          log.push({
            at,
            method: req.method ?? 'GET',
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            headers: req.headers,
            body: body ?? (raw.length ? raw.toString('utf8') : undefined),
            status: res.statusCode,
          });
        });
        if (url.pathname === '/' || url.pathname === '/health') return sendJson(res, 200, { ok: true, fake: 'amocrm' });
        return handle(req, res, url, raw, body);
      })
      .catch((error: unknown) => {
        if (error instanceof AmoProblem) return sendJson(res, error.status, error.body, PROBLEM);
        const message = error instanceof Error ? error.message : String(error);
        if (url.pathname.startsWith('/__control/')) return sendJson(res, 400, { error: message });
        sendJson(res, 500, httpProblem(500, 'Internal Server Error', message).body, PROBLEM);
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  let stopping: Promise<void> | null = null;
  return {
    url: baseUrl,
    control,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        for (const finish of [...pendingDelays]) finish();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
