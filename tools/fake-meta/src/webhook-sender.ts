// Delivers webhooks the way Meta does: POST application/json with X-Hub-Signature-256 =
// "sha256=" + hex HMAC-SHA256 of the raw body bytes keyed with the app secret; and the GET
// verification handshake (hub.mode=subscribe, hub.verify_token, hub.challenge → the challenge echoed).
import { createHmac, randomInt } from 'node:crypto';

export function signBody(appSecret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export interface SignedWebhookOptions {
  url: string;
  /** An object is serialised as Meta does (compact JSON); a string or Buffer is sent byte for byte. */
  payload: unknown;
  appSecret: string;
  /** Overrides the signature (a wrong one), or null to send none. */
  signature?: string | null;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface WebhookDelivery {
  url: string;
  body: string;
  signature: string | null;
  status: number | null;
  error?: string;
  responseBody: string;
}

export async function postSignedWebhook(options: SignedWebhookOptions): Promise<WebhookDelivery> {
  const raw = typeof options.payload === 'string' || Buffer.isBuffer(options.payload) ? options.payload : JSON.stringify(options.payload);
  const signature = options.signature === undefined ? signBody(options.appSecret, raw) : options.signature;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'facebookexternalua' };
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const body = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers,
      body: raw,
      signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs ?? 20_000), ...(options.signal ? [options.signal] : [])]),
    });
    return { url: options.url, body, signature, status: response.status, responseBody: await response.text() };
  } catch (error) {
    return {
      url: options.url,
      body,
      signature,
      status: null,
      error: error instanceof Error ? error.message : String(error),
      responseBody: '',
    };
  }
}

export interface VerificationResult {
  status: number;
  body: string;
  challenge: string;
  /** True when the endpoint answered 200 with exactly the challenge. */
  verified: boolean;
}

/** Runs Meta's subscription check against an endpoint. */
export async function verifySubscription(options: {
  url: string;
  verifyToken: string;
  challenge?: string;
  mode?: string;
}): Promise<VerificationResult> {
  const challenge = options.challenge ?? String(randomInt(100_000_000, 2_000_000_000));
  const url = new URL(options.url);
  url.searchParams.set('hub.mode', options.mode ?? 'subscribe');
  url.searchParams.set('hub.challenge', challenge);
  url.searchParams.set('hub.verify_token', options.verifyToken);
  const response = await fetch(url, { headers: { 'user-agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' } });
  const body = await response.text();
  return { status: response.status, body, challenge, verified: response.status === 200 && body === challenge };
}
