import type { IncomingMessage, ServerResponse } from 'node:http';
import { BotApiError, ControlError } from './api-error.ts';
import { callMethod, findMethod } from './bot-api-dispatch.ts';
import type { ControlSurface } from './control-surface.ts';
import { parseRequest, readBody } from './request-body.ts';
import type { BotRuntime, SimCore } from './sim-core.ts';
import { fromWire, toWire } from './wire-codec.ts';

// Everything reachable over /control; waitForSent is done client-side by polling sentMessages.
export const CONTROL_METHODS = [
  'createBot',
  'createUser',
  'createGroup',
  'addMember',
  'createTopic',
  'sendText',
  'sendPhoto',
  'sendVoice',
  'sendDocument',
  'sendVideo',
  'sendSticker',
  'sendLocation',
  'sendContact',
  'sendAlbum',
  'editMessage',
  'reactToMessage',
  'botReactions',
  'pressButton',
  'blockBot',
  'unblockBot',
  'injectUpdate',
  'restartUpdateIds',
  'connectBusiness',
  'updateBusinessConnection',
  'revokeBusinessConnection',
  'businessConnections',
  'setBusinessMode',
  'sendBusinessText',
  'editBusinessMessage',
  'deleteBusinessMessages',
  'sentMessages',
  'callbackAnswers',
  'startCheckout',
  'preCheckoutAnswers',
  'chatActions',
  'pendingUpdates',
  'webhookInfo',
  'webhookDeliveries',
  'deliverRaw',
  'stats',
  'setFaults',
  'failNext',
  'setRates',
  'reset',
] as const;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

function sendApiError(res: ServerResponse, error: BotApiError): void {
  const body: Record<string, unknown> = { ok: false, error_code: error.code, description: error.message };
  if (error.parameters) body.parameters = error.parameters;
  sendJson(res, error.code, body);
}

const count = (rt: BotRuntime, name: string): void => {
  rt.stats.requests++;
  rt.stats.byMethod[name] = (rt.stats.byMethod[name] ?? 0) + 1;
};

async function handleBotApi(
  core: SimCore,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  name: string,
  url: URL,
): Promise<void> {
  const rt = core.runtime(token);
  if (!rt) return sendApiError(res, new BotApiError(401, 'Unauthorized'));
  const method = findMethod(name);
  if (!method) return sendApiError(res, new BotApiError(404, 'Not Found'));
  const parsed = parseRequest(req.headers['content-type'], await readBody(req), url.searchParams);
  count(rt, method.name);

  const fault = core.faults.decide(token, method.name);
  switch (fault.kind) {
    case '429':
      rt.stats.injected.http429++;
      return sendApiError(res, new BotApiError(429, 'Too Many Requests: retry after 1', { retry_after: 1 }));
    case '500':
    case '502':
      rt.stats.injected.http5xx++;
      return sendApiError(res, new BotApiError(Number(fault.kind), fault.kind === '500' ? 'Internal Server Error' : 'Bad Gateway'));
    case 'drop':
      rt.stats.injected.dropped++;
      req.socket.destroy();
      return;
    case 'slow':
      rt.stats.injected.slow++;
      await core.timers.sleep(fault.slowMs);
      break;
    default:
      break;
  }

  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  const outcome = await callMethod(method, { core, rt, params: parsed.params, files: parsed.files, signal: controller.signal });
  if (fault.kind === 'drop-after-apply') {
    rt.stats.injected.dropped++;
    req.socket.destroy();
    return;
  }
  const body: Record<string, unknown> = { ok: true, result: outcome.result };
  if (outcome.description) body.description = outcome.description;
  sendJson(res, 200, body);
}

function handleFile(core: SimCore, res: ServerResponse, token: string, filePath: string): void {
  const rt = core.runtime(token);
  if (!rt) return sendApiError(res, new BotApiError(401, 'Unauthorized'));
  const file = core.files.byPath(rt.bot.id, decodeURIComponent(filePath));
  if (!file) return sendApiError(res, new BotApiError(404, 'Not Found'));
  res.writeHead(200, { 'content-type': file.mime_type ?? 'application/octet-stream', 'content-length': file.bytes.length });
  res.end(file.bytes);
}

async function handleControl(control: ControlSurface, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  if (!(CONTROL_METHODS as readonly string[]).includes(name)) {
    return sendJson(res, 404, { ok: false, error: `unknown control method ${JSON.stringify(name)}; see CONTROL_METHODS` });
  }
  const raw = await readBody(req);
  let args: unknown[] = [];
  if (raw.length > 0) {
    const parsed = JSON.parse(raw.toString('utf8')) as unknown;
    args = Array.isArray(parsed) ? parsed : ((parsed as { args?: unknown[] }).args ?? []);
  }
  const fn = control[name as (typeof CONTROL_METHODS)[number]] as (...a: unknown[]) => unknown;
  const result = await fn(...(fromWire(args) as unknown[]));
  sendJson(res, 200, { ok: true, result: toWire(result ?? null) });
}

export function createRequestHandler(core: SimCore, control: ControlSurface): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname;
    let work: Promise<void>;
    const api = /^\/bot([^/]+)\/([^/]*)$/.exec(path);
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
    const ctl = /^\/control\/([A-Za-z]+)$/.exec(path);
    if (api) work = handleBotApi(core, req, res, decodeURIComponent(api[1]!), api[2]!, url);
    else if (file) work = Promise.resolve(handleFile(core, res, decodeURIComponent(file[1]!), file[2]!));
    else if (ctl) work = handleControl(control, req, res, ctl[1]!);
    else if (path === '/' || path === '/health') work = Promise.resolve(sendJson(res, 200, { ok: true, simulator: 'telegram-sim' }));
    else work = Promise.resolve(sendApiError(res, new BotApiError(404, 'Not Found')));
    work.catch((error: unknown) => {
      if (error instanceof BotApiError) return sendApiError(res, error);
      if (error instanceof ControlError || error instanceof SyntaxError) return sendJson(res, 400, { ok: false, error: error.message });
      const message = error instanceof Error ? error.message : String(error);
      if (ctl) return sendJson(res, 500, { ok: false, error: message });
      sendApiError(res, new BotApiError(500, `Internal Server Error: ${message}`));
    });
  };
}
