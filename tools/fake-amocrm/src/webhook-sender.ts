import { randomUUID } from 'node:crypto';

// POSTs a webhook body the way AmoCRM does and reports what the receiver answered.
// AmoCRM waits at most 2 s and counts 100–299 as success (webhooks-format docs); the fake does not
// retry on its own (its retry ladder is minutes long): a test resends when it wants a redelivery.
export interface WebhookDelivery {
  url: string;
  body: string;
  status: number | null;
  /** 'timeout' past the 2-second limit, or the network error's message. */
  error?: string;
  ok: boolean;
  elapsedMs: number;
  responseBody: string;
}

export interface SendOptions {
  url: string;
  body: string;
  /** Where the shared secret goes: AmoCRM itself can only put it in the URL. */
  secret?: string;
  secretIn?: 'query' | 'header';
  secretParam?: string;
  secretHeader?: string;
  timeoutMs?: number;
}

export async function postWebhook(options: SendOptions): Promise<WebhookDelivery> {
  const url = new URL(options.url);
  // The headers AmoCRM's webhook sender is seen to send (a request id per delivery).
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'user-agent': 'amoCRM-Webhooks/3.0',
    'x-amocrm-requestid': randomUUID(),
  };
  if (options.secret !== undefined) {
    if (options.secretIn === 'header') headers[(options.secretHeader ?? 'X-Webhook-Secret').toLowerCase()] = options.secret;
    else url.searchParams.set(options.secretParam ?? 'secret', options.secret);
  }
  const started = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 2000);
  try {
    const response = await fetch(url, { method: 'POST', headers, body: options.body, signal: controller.signal });
    const responseBody = await response.text();
    return {
      url: url.toString(),
      body: options.body,
      status: response.status,
      ok: response.status >= 100 && response.status < 300,
      elapsedMs: Date.now() - started,
      responseBody,
    };
  } catch (error) {
    const message = controller.signal.aborted ? 'timeout' : error instanceof Error ? error.message : String(error);
    return {
      url: url.toString(),
      body: options.body,
      status: null,
      error: message,
      ok: false,
      elapsedMs: Date.now() - started,
      responseBody: '',
    };
  } finally {
    clearTimeout(timer);
  }
}
