// Webhook delivery modelled on tdlib's WebhookActor.cpp: per-chat FIFO, at most max_connections
// requests in flight, per-update backoff (first retry at once, then 2 s doubling, capped at a
// random 60–120 s), Retry-After honoured up to 3600 s.
import http from 'node:http';
import https from 'node:https';
import { ControlError } from './api-error.ts';
import type { Update } from './bot-api-types.ts';
import type { Random } from './seeded-random.ts';
import type { DeliverRawOptions, RawDeliveryResult, WebhookDelivery } from './simulator-types.ts';
import type { TimerSet } from './timer-set.ts';
import type { QueuedUpdate, UpdateQueue } from './update-queue.ts';
import { without } from './object-utils.ts';

export interface WebhookConfig {
  url: string;
  secret: string;
  maxConnections: number;
}

export interface WebhookSender {
  config(): WebhookConfig | null;
  set(config: WebhookConfig): void;
  clear(): void;
  lastError(): { date: number; message: string } | null;
  deliveries(): WebhookDelivery[];
  deliverRaw(update: Update, options?: DeliverRawOptions): Promise<RawDeliveryResult[]>;
  stop(): void;
}

export interface WebhookSenderDeps {
  queue: UpdateQueue;
  timeScale: number;
  random: Random;
  timers: TimerSet;
  /** Runs a Bot API method the webhook answered with (tdlib does the same for 2xx bodies with "method"). */
  onReply(method: string, params: Record<string, unknown>): void;
}

interface PostResult {
  status: number;
  statusMessage: string;
  retryAfter: number;
  body: string;
  contentType: string;
}

const WEBHOOK_TIMEOUT_S = 60;
const MAX_RETRY_AFTER_S = 3600;
const MAX_LOG = 10_000;

class DeliveryError extends Error {
  readonly recorded: boolean;
  constructor(message: string, recorded: boolean) {
    super(message);
    this.recorded = recorded;
  }
}

function describeNetworkError(error: NodeJS.ErrnoException): DeliveryError {
  if (error instanceof DeliveryError) return error;
  switch (error.code) {
    case 'ECONNREFUSED':
      return new DeliveryError('Connection refused', true);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DeliveryError('Failed to resolve host: Name or service not known', true);
    case 'ETIMEDOUT':
      return new DeliveryError('Connection timed out', true);
    case 'ECONNRESET':
      // tdlib does not put a hang-up into last_error_message, but it does retry the update.
      return new DeliveryError('Webhook connection closed', false);
    default:
      return new DeliveryError(error.message, true);
  }
}

export function createWebhookSender(deps: WebhookSenderDeps): WebhookSender {
  const { queue, timeScale, random, timers } = deps;
  let current: WebhookConfig | null = null;
  let agent: http.Agent | null = null;
  let generation = 0;
  let inflight = 0;
  let stopped = false;
  let lastError: { date: number; message: string } | null = null;
  let wake: { at: number; cancel: () => void } | null = null;
  const requests = new Set<http.ClientRequest>();
  const log: WebhookDelivery[] = [];

  const remember = (entry: WebhookDelivery): void => {
    log.push(entry);
    if (log.length > MAX_LOG) log.splice(0, log.length - MAX_LOG);
  };

  function post(url: string, body: string, secret: string): Promise<PostResult> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const headers: Record<string, string | number> = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      };
      if (secret) headers['x-telegram-bot-api-secret-token'] = secret;
      const send = target.protocol === 'https:' ? https.request : http.request;
      const req = send(target, { method: 'POST', headers, agent: agent ?? undefined }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= 1 << 20) chunks.push(chunk);
        });
        res.on('end', () => {
          const retryAfter = Number.parseInt(String(res.headers['retry-after'] ?? ''), 10);
          resolve({
            status: res.statusCode ?? 0,
            statusMessage: res.statusMessage ?? '',
            retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 0,
            body: Buffer.concat(chunks).toString('utf8'),
            contentType: String(res.headers['content-type'] ?? ''),
          });
        });
        res.on('error', reject);
      });
      requests.add(req);
      req.on('close', () => requests.delete(req));
      req.setTimeout((WEBHOOK_TIMEOUT_S * 1000) / timeScale, () => req.destroy(new DeliveryError('Read timeout expired', true)));
      req.on('error', reject);
      req.end(body);
    });
  }

  function handleReply(result: PostResult): void {
    if (!result.body) return;
    let params: Record<string, unknown> | null = null;
    try {
      if (result.contentType.includes('json')) params = JSON.parse(result.body) as Record<string, unknown>;
      else if (result.contentType.includes('x-www-form-urlencoded')) params = Object.fromEntries(new URLSearchParams(result.body));
    } catch {
      return;
    }
    const method = typeof params?.method === 'string' ? params.method.toLowerCase() : '';
    if (!params || !method || ['deletewebhook', 'setwebhook', 'close', 'logout'].includes(method) || method.startsWith('get')) return;
    deps.onReply(String(params.method), without(params, 'method'));
  }

  function fail(entry: QueuedUpdate, error: DeliveryError, retryAfterHeader: number): void {
    if (error.recorded) lastError = { date: Math.floor(Date.now() / 1000), message: error.message };
    const retryAfter = Math.min(MAX_RETRY_AFTER_S, Math.max(0, retryAfterHeader));
    let nextDelay = entry.delay;
    let effective = retryAfter;
    if (retryAfter === 0 && entry.failCount > 0) {
      const maxTimeout = WEBHOOK_TIMEOUT_S + Math.floor(random() * (WEBHOOK_TIMEOUT_S + 1));
      nextDelay = Math.min(maxTimeout, nextDelay * 2);
      effective = nextDelay;
    }
    entry.delay = nextDelay;
    entry.wakeAt = Date.now() + (effective * 1000) / timeScale;
    entry.failCount++;
  }

  function deliver(entry: QueuedUpdate, config: WebhookConfig): void {
    const started = generation;
    entry.inflight = true;
    entry.attempts++;
    inflight++;
    const record: WebhookDelivery = { update_id: entry.id, chat_key: entry.chatKey, attempt: entry.attempts, started_at: Date.now() };
    remember(record);
    post(config.url, JSON.stringify(entry.update), config.secret)
      .then(
        (result) => {
          record.status = result.status;
          if (started !== generation) return;
          if (result.status >= 200 && result.status <= 299) {
            queue.remove(entry.id);
            handleReply(result);
          } else {
            const message = `Wrong response from the webhook: ${result.status} ${result.statusMessage}`;
            record.error = message;
            fail(entry, new DeliveryError(message, true), result.retryAfter);
          }
        },
        (error: NodeJS.ErrnoException) => {
          const described = describeNetworkError(error);
          record.error = started === generation ? described.message : 'aborted: webhook changed';
          if (started === generation) fail(entry, described, 0);
        },
      )
      .finally(() => {
        record.finished_at = Date.now();
        entry.inflight = false;
        inflight--;
        pump();
      });
  }

  function pump(): void {
    const config = current;
    if (!config || stopped) return;
    const now = Date.now();
    let nextWake = Infinity;
    for (const list of queue.chats().values()) {
      if (inflight >= config.maxConnections) break;
      const head = list[0];
      if (!head || head.inflight) continue;
      if (head.wakeAt > now) {
        nextWake = Math.min(nextWake, head.wakeAt);
        continue;
      }
      deliver(head, config);
    }
    if (nextWake !== Infinity && (!wake || nextWake < wake.at)) {
      wake?.cancel();
      const at = nextWake;
      wake = {
        at,
        cancel: timers.after(at - now, () => {
          if (wake?.at === at) wake = null;
          pump();
        }),
      };
    }
  }

  function abortInflight(): void {
    generation++;
    for (const req of requests) req.destroy(new Error('aborted'));
    agent?.destroy();
    agent = null;
    wake?.cancel();
    wake = null;
  }

  queue.onPush(() => pump());

  return {
    config: () => current,
    set(config) {
      const changed = !current || current.url !== config.url || current.secret !== config.secret;
      if (changed) abortInflight();
      if (changed || current?.maxConnections !== config.maxConnections) {
        agent?.destroy();
        agent = new http.Agent({ keepAlive: true, maxSockets: config.maxConnections });
      }
      current = config;
      if (changed) lastError = null;
      pump();
    },
    clear() {
      abortInflight();
      current = null;
      lastError = null;
    },
    lastError: () => lastError,
    deliveries: () => [...log],
    async deliverRaw(update, options = {}) {
      const config = current;
      if (!config) throw new ControlError('deliverRaw needs a webhook: call setWebhook first');
      const times = Math.max(1, options.times ?? 2);
      const once = async (): Promise<RawDeliveryResult> => {
        const record: WebhookDelivery = { update_id: update.update_id, chat_key: 'raw', attempt: 1, started_at: Date.now(), raw: true };
        remember(record);
        try {
          const result = await post(config.url, JSON.stringify(update), config.secret);
          record.status = result.status;
          return { status: result.status, body: result.body };
        } catch (error) {
          record.error = describeNetworkError(error as NodeJS.ErrnoException).message;
          return { error: record.error };
        } finally {
          record.finished_at = Date.now();
        }
      };
      if (options.concurrently ?? true) return Promise.all(Array.from({ length: times }, once));
      const results: RawDeliveryResult[] = [];
      for (let i = 0; i < times; i++) results.push(await once());
      return results;
    },
    stop() {
      stopped = true;
      abortInflight();
    },
  };
}
