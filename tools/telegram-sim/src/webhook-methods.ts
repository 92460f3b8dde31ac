import { BotApiError, badRequest, tooManyRequests } from './api-error.ts';
import { described, type MethodHandler } from './method-context.ts';
import { bool, int, str } from './method-params.ts';
import type { WebhookInfo } from './simulator-types.ts';
import type { BotRuntime } from './sim-core.ts';

const LONG_POLL_MAX_TIMEOUT_S = 50;

// Mirrors tdlib's process_set_webhook_query / do_set_webhook, deleteWebhook included (url = "").
function setOrDeleteWebhook(deleting: boolean): MethodHandler {
  return ({ core, rt, params }) => {
    const url = deleting ? '' : (str(params, 'url') ?? '');
    if (url !== '') {
      const now = Date.now();
      if (now < rt.nextSetWebhookAt) throw tooManyRequests(1);
      rt.nextSetWebhookAt = now + 1000 / core.timeScale;
    }
    const maxConnections = url ? int(params, 'max_connections', 40, 1, 100) : 0;
    const secret = url ? (str(params, 'secret_token') ?? '') : '';
    const drop = bool(params, 'drop_pending_updates');
    const current = rt.webhook.config();
    const unchanged =
      (current?.url ?? '') === url && (current?.maxConnections ?? 0) === maxConnections && (current?.secret ?? '') === secret;
    if (unchanged && !drop) {
      rt.queue.setAllowed(params.allowed_updates);
      return described(true, url ? 'Webhook is already set' : 'Webhook is already deleted');
    }
    if (url) rt.queue.abortPoll('Conflict: terminated by setWebhook request');
    if (drop) rt.queue.clear();
    if (!url) {
      rt.webhook.clear();
      return described(true, current ? 'Webhook was deleted' : 'Webhook is already deleted');
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('invalid webhook URL specified');
    }
    // The real server wants HTTPS on ports 443/80/88/8443; a local simulator has to accept http://127.0.0.1:port.
    if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || !parsed.hostname)
      throw badRequest('invalid webhook URL specified');
    if (secret.length > 256) throw badRequest('secret token is too long');
    if (!/^[A-Za-z0-9_-]*$/.test(secret)) throw badRequest('secret token contains unallowed characters');
    rt.queue.setAllowed(params.allowed_updates);
    rt.webhook.set({ url, secret, maxConnections });
    return described(true, 'Webhook was set');
  };
}

export function webhookInfo(rt: BotRuntime): WebhookInfo {
  const config = rt.webhook.config();
  const info: WebhookInfo = { url: config?.url ?? '', has_custom_certificate: false, pending_update_count: rt.queue.size() };
  const lastError = rt.webhook.lastError();
  if (lastError) {
    info.last_error_date = lastError.date;
    info.last_error_message = lastError.message;
  }
  if (config) {
    info.max_connections = config.maxConnections;
    info.ip_address = '127.0.0.1';
  }
  const allowed = rt.queue.allowed();
  if (allowed) info.allowed_updates = allowed;
  return info;
}

const getUpdates: MethodHandler = ({ core, rt, params, signal }) => {
  if (rt.webhook.config()) {
    throw new BotApiError(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  }
  const offset = int(params, 'offset', 0);
  const limit = int(params, 'limit', 100, 1, 100);
  const timeout = int(params, 'timeout', 0, 0, LONG_POLL_MAX_TIMEOUT_S);
  rt.queue.setAllowed(params.allowed_updates);
  return rt.queue.poll(offset, limit, (timeout * 1000) / core.timeScale, signal);
};

export const webhookMethods: Record<string, MethodHandler> = {
  setWebhook: setOrDeleteWebhook(false),
  deleteWebhook: setOrDeleteWebhook(true),
  getWebhookInfo: ({ rt }) => webhookInfo(rt),
  getUpdates,
};
