// One HTTP server, three hosts under path prefixes: /graph.facebook.com (WhatsApp Cloud API),
// /graph.instagram.com (Instagram API with Instagram Login) and /lookaside.fbsbx.com (media
// downloads), plus /__control for tests.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClock } from './clock.ts';
import { createControl, type ControlMethod, type FakeMetaControl } from './control.ts';
import { createFaultBox, type Fault } from './faults.ts';
import { GraphError, invalidToken } from './graph-error.ts';
import { bearerToken, parseBody, readBody, sendJson, type ParsedBody } from './http-util.ts';
import { routeInstagram } from './instagram-routes.ts';
import { createMetaWorld } from './meta-world.ts';
import type { RecordedRequest } from './request-log.ts';
import { createStatusDispatcher } from './status-webhooks.ts';
import { DEFAULT_SEND_LIMITS, createSendLimiter, type SendLimits } from './send-limits.ts';
import type { WebhookDelivery } from './webhook-sender.ts';
import { authenticateWhatsApp, issueMediaUrl, routeWhatsApp, type WhatsAppContext } from './whatsapp-routes.ts';

export interface FakeMetaOptions {
  port?: number;
  host?: string;
  sendLimits?: Partial<SendLimits>;
  /** How a free-form message outside the 24-hour window fails: 'async' (default, as Meta does) or 'sync'. */
  whatsappWindowErrors?: 'async' | 'sync';
}

export interface FakeMeta {
  /** Use as META_GRAPH_URL (in place of https://graph.facebook.com); add /v21.0/… as for Meta. */
  whatsappUrl: string;
  /** Use as INSTAGRAM_GRAPH_URL (in place of https://graph.instagram.com). */
  instagramUrl: string;
  /** The server's root (control API at /__control/<method>). */
  url: string;
  control: FakeMetaControl;
  stop(): Promise<void>;
}

const VERSIONED = /^\/(?:v\d+\.\d+\/)?(.*)$/;

export async function startFakeMeta(options: FakeMetaOptions = {}): Promise<FakeMeta> {
  const clock = createClock();
  const world = createMetaWorld();
  const faults = createFaultBox();
  const limiter = createSendLimiter(clock, { ...DEFAULT_SEND_LIMITS, ...options.sendLimits });
  const log: RecordedRequest[] = [];
  const deliveries: WebhookDelivery[] = [];
  const statuses = createStatusDispatcher(world, deliveries, () => clock.now());
  const whatsapp: WhatsAppContext = {
    world,
    clock,
    limiter,
    mediaUrls: new Map(),
    lookasideBase: '',
    statuses,
    windowErrors: options.whatsappWindowErrors ?? 'async',
  };
  const control = createControl({
    world,
    clock,
    faults,
    limiter,
    log,
    deliveries,
    statuses,
    whatsapp,
    issueMediaUrl: (mediaId) => issueMediaUrl(whatsapp, mediaId),
    issueInstagramCdnUrl: (mediaId) => {
      const signature = randomBytes(16).toString('hex');
      world.instagramCdn.set(signature, mediaId);
      return `${whatsapp.lookasideBase}/ig_messaging_cdn/?asset_id=${mediaId}&signature=${signature}`;
    },
  });
  const pendingDelays = new Set<() => void>();

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

  const answerFault = async (fault: Fault, req: IncomingMessage): Promise<boolean> => {
    if (fault.kind === 'slow') {
      await delay(fault.delayMs);
      return false;
    }
    if (fault.kind === 'drop') {
      req.socket.destroy();
      return true;
    }
    if (fault.kind === 'status') {
      throw new GraphError(fault.status, {
        message: 'An unexpected error has occurred. Please retry your request later.',
        type: 'OAuthException',
        is_transient: true,
        code: 2,
      });
    }
    throw new GraphError(fault.httpStatus ?? 400, {
      message: fault.message ?? `(#${fault.code}) Injected error`,
      type: 'OAuthException',
      code: fault.code,
      ...(fault.subcode !== undefined ? { error_subcode: fault.subcode } : {}),
      ...(fault.details !== undefined ? { error_data: { messaging_product: 'whatsapp' as const, details: fault.details } } : {}),
    });
  };

  // GET the url from GET /{media-id}, with the same bearer token; the link lives five minutes.
  const download = (req: IncomingMessage, res: ServerResponse, url: URL, token: string | null): void => {
    authenticateWhatsApp(whatsapp, token);
    const grant = whatsapp.mediaUrls.get(url.searchParams.get('hash') ?? '');
    const media = grant ? world.media.get(grant.mediaId) : undefined;
    if (!grant || !media || grant.expiresAt <= clock.now()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('URL signature expired');
      return;
    }
    res.writeHead(200, {
      'content-type': media.mime_type,
      'content-length': media.bytes.length,
      'content-disposition': `attachment;filename=${media.filename ?? media.id}`,
    });
    res.end(req.method === 'HEAD' ? undefined : media.bytes);
  };

  // Instagram's webhook links customers' files on its CDN, signed: no token, any holder of the link may GET it.
  const instagramCdn = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const mediaId = world.instagramCdn.get(url.searchParams.get('signature') ?? '');
    const media = mediaId && mediaId === url.searchParams.get('asset_id') ? world.media.get(mediaId) : undefined;
    if (!media) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('Bad signature');
      return;
    }
    res.writeHead(200, { 'content-type': media.mime_type, 'content-length': media.bytes.length });
    res.end(req.method === 'HEAD' ? undefined : media.bytes);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL, body: ParsedBody): Promise<void> => {
    const method = req.method ?? 'GET';
    const fault = faults.take(method, url.pathname);
    if (fault && (await answerFault(fault, req))) return;
    const token = bearerToken(req, url.searchParams, body.fields);
    const [, host, rest = ''] = /^\/([^/]+)(\/.*)?$/.exec(url.pathname) ?? [];
    if (host === 'lookaside.fbsbx.com' && rest.startsWith('/ig_messaging_cdn')) return instagramCdn(req, res, url);
    if (host === 'lookaside.fbsbx.com') return download(req, res, url, token);
    const inner = VERSIONED.exec(rest)?.[1] ?? '';
    const request = { method, segments: inner.split('/').filter(Boolean), query: url.searchParams, body, token };
    if (host === 'graph.facebook.com') return sendJson(res, 200, routeWhatsApp(whatsapp, request));
    if (host === 'graph.instagram.com') return sendJson(res, 200, routeInstagram({ world, clock }, request));
    if (url.pathname === '/' || url.pathname === '/health') return sendJson(res, 200, { ok: true, fake: 'meta' });
    throw invalidToken();
  };

  const handleControl = async (res: ServerResponse, name: string, raw: Buffer): Promise<void> => {
    if (!Object.hasOwn(control, name)) return sendJson(res, 404, { error: `unknown control method ${JSON.stringify(name)}` });
    const argument = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as unknown) : undefined;
    const result = await (control[name as ControlMethod] as (argument: unknown) => unknown)(argument);
    sendJson(res, 200, { result: result ?? null });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake-meta');
    void readBody(req)
      .then(async (raw) => {
        const controlMatch = /^\/__control\/([A-Za-z]+)$/.exec(url.pathname);
        if (controlMatch) return handleControl(res, controlMatch[1]!, raw);
        const at = clock.now();
        let body: ParsedBody = { fields: {}, files: {} };
        let unparsed: string | undefined;
        try {
          body = await parseBody(req.headers['content-type'], raw);
        } catch {
          unparsed = raw.toString('utf8');
        }
        res.on('finish', () => {
          const files = Object.fromEntries(
            Object.entries(body.files).map(([name, file]) => [name, { filename: file.filename, type: file.type, size: file.bytes.length }]),
          );
          const recorded = unparsed ?? (raw.length ? { ...body.fields, ...files } : undefined);
          log.push({
            at,
            method: req.method ?? 'GET',
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            headers: req.headers,
            body: recorded,
            status: res.statusCode,
          });
        });
        if (unparsed !== undefined)
          throw new GraphError(400, { message: '(#100) Invalid JSON in the request body', type: 'OAuthException', code: 100 });
        return handle(req, res, url, body);
      })
      .catch((error: unknown) => {
        if (error instanceof GraphError)
          return sendJson(
            res,
            error.httpStatus,
            error.toJson(),
            error.httpStatus === 401 ? { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_token"' } : {},
          );
        const message = error instanceof Error ? error.message : String(error);
        if (url.pathname.startsWith('/__control/')) return sendJson(res, 400, { error: message });
        sendJson(
          res,
          500,
          new GraphError(500, { message: `An unknown error occurred: ${message}`, type: 'OAuthException', code: 1 }).toJson(),
        );
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
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  whatsapp.lookasideBase = `${url}/lookaside.fbsbx.com`;
  let stopping: Promise<void> | null = null;
  return {
    url,
    whatsappUrl: `${url}/graph.facebook.com`,
    instagramUrl: `${url}/graph.instagram.com`,
    control,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        for (const finish of [...pendingDelays]) finish();
        statuses.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
