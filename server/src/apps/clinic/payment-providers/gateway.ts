// The "gateway" adapter: a JSON API with a Bearer key and callbacks signed with HMAC-SHA-256 over
// "<timestamp>.<raw body>" in `X-Signature: t=<unix seconds>,v1=<hex>` (the scheme most acquirers'
// hosted-payment APIs use). The test suite's fake provider (testing/fake-payment-provider.ts) speaks it
// over real HTTP. A bank whose API differs gets its own adapter beside this one.
import { createHmac } from 'node:crypto';
import { equalsInConstantTime } from '../../../platform/index.ts';
import {
  CallbackRefused,
  ProviderError,
  type CallbackEvent,
  type CreatedPayment,
  type PaymentProvider,
  type PaymentRequest,
  type ProviderStatus,
} from './provider.ts';

export interface GatewayCredentials {
  baseUrl: string;
  apiKey: string;
  webhookSecret: string;
}

/** Callbacks older or newer than this (by their signed timestamp) are refused as replays. */
export const callbackWindowSeconds = 300;

export function signGatewayCallback(secret: string, rawBody: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}

const statuses: Record<string, ProviderStatus> = {
  pending: 'pending',
  paid: 'paid',
  failed: 'failed',
  refunded: 'refunded',
  expired: 'expired',
};

export function createGatewayProvider(credentials: GatewayCredentials): PaymentProvider {
  const base = credentials.baseUrl.replace(/\/+$/, '');

  async function call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${credentials.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new ProviderError(`The payment provider at ${base} did not answer (${(error as Error).message}).`);
    }
    const text = await response.text();
    if (!response.ok)
      throw new ProviderError(`The payment provider answered ${response.status} to ${method} ${path}: ${text.slice(0, 200)}`);
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new ProviderError(`The payment provider answered ${method} ${path} with something that is not JSON.`);
    }
  }

  return {
    kind: 'gateway',
    async createPayment(request: PaymentRequest): Promise<CreatedPayment> {
      const created = await call('POST', '/payments', {
        reference: request.reference,
        amount: request.amountMinor,
        currency: request.currency,
        description: request.description,
        callback_url: request.callbackUrl,
        expires_at: request.expiresAt.toISOString(),
        language: request.language,
      });
      if (typeof created.id !== 'string' || typeof created.url !== 'string')
        throw new ProviderError('The payment provider created a payment without an id or a link.');
      return { providerPaymentId: created.id, url: created.url };
    },
    parseCallback(rawBody, headers, now): CallbackEvent {
      const header = headers['x-signature'];
      const signature = Array.isArray(header) ? header[0] : header;
      const parts = Object.fromEntries((signature ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]));
      const at = Number(parts.t);
      if (!signature || !Number.isSafeInteger(at) || !parts.v1)
        throw new CallbackRefused(401, 'X-Signature must be "t=<unix seconds>,v1=<hex HMAC-SHA-256>".');
      const expected = signGatewayCallback(credentials.webhookSecret, rawBody.toString('utf8'), at).split('v1=')[1]!;
      if (!equalsInConstantTime(expected, parts.v1)) throw new CallbackRefused(401, 'The signature does not match the body.');
      if (Math.abs(now.getTime() / 1000 - at) > callbackWindowSeconds)
        throw new CallbackRefused(
          401,
          `The signed timestamp is more than ${callbackWindowSeconds} s away from now: a replay, or a clock off.`,
        );
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new CallbackRefused(400, 'The body is not JSON.');
      }
      const status = body.status;
      if (
        typeof body.event_id !== 'string' ||
        typeof body.payment_id !== 'string' ||
        (status !== 'paid' && status !== 'failed' && status !== 'refunded') ||
        !Number.isSafeInteger(body.amount)
      )
        throw new CallbackRefused(400, 'The body needs event_id, payment_id, status (paid, failed or refunded) and a whole amount.');
      return {
        eventId: body.event_id,
        providerPaymentId: body.payment_id,
        status,
        amountMinor: body.amount as number,
        currency: typeof body.currency === 'string' ? body.currency : 'KZT',
        chargeId: typeof body.charge_id === 'string' ? body.charge_id : null,
      };
    },
    async refund(providerPaymentId, amountMinor, reason) {
      const refund = await call('POST', `/payments/${encodeURIComponent(providerPaymentId)}/refunds`, { amount: amountMinor, reason });
      if (typeof refund.id !== 'string') throw new ProviderError('The payment provider accepted the refund without an id.');
      return { refundId: refund.id };
    },
    async status(providerPaymentId) {
      const found = await call('GET', `/payments/${encodeURIComponent(providerPaymentId)}`);
      const status = statuses[String(found.status)];
      if (!status) throw new ProviderError(`The payment provider reports an unknown status "${String(found.status)}".`);
      return { status, amountMinor: Number(found.amount) };
    },
  };
}
