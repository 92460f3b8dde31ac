// A payment provider for the clinic's tests, over real HTTP: it speaks the "gateway" adapter's protocol
// (apps/clinic/payment-providers/gateway.ts) — payments with a link, status, refunds — and makes the
// signed callbacks a real provider would post, so a test decides when (and how often, and how late) they arrive.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signGatewayCallback } from '../apps/clinic/payment-providers/gateway.ts';

export interface FakePayment {
  id: string;
  reference: string;
  amount: number;
  currency: string;
  description: string;
  callbackUrl: string | null;
  status: 'pending' | 'paid' | 'failed' | 'refunded';
  refunds: Array<{ id: string; amount: number; reason: string }>;
}

export interface FakePaymentProvider {
  url: string;
  apiKey: string;
  webhookSecret: string;
  payments: FakePayment[];
  /** The patient pays on the provider's page: the payment is paid; returns the callback the provider would post. */
  pay(reference: string): { body: string; signature: string };
  /** A callback for a payment, signed at `atMs` (default: now) with `secret` (default: the right one). */
  callback(
    payment: FakePayment,
    input: { status: 'paid' | 'failed'; eventId?: string; amount?: number; atMs?: number; secret?: string },
  ): { body: string; signature: string };
  stop(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
}

export async function startFakePaymentProvider(options: { now?: () => number } = {}): Promise<FakePaymentProvider> {
  const now = options.now ?? Date.now;
  const apiKey = `key_${randomUUID()}`;
  const webhookSecret = `whsec_${randomUUID()}`;
  const payments: FakePayment[] = [];
  const server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${apiKey}`) return send(401, { error: 'bad api key' });
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    void (async () => {
      const body = await readJson(request);
      if (request.method === 'POST' && path === '/payments') {
        if (!Number.isSafeInteger(body.amount) || (body.amount as number) <= 0) return send(422, { error: 'amount' });
        const payment: FakePayment = {
          id: `pay_${randomUUID()}`,
          reference: String(body.reference),
          amount: body.amount as number,
          currency: String(body.currency),
          description: String(body.description),
          callbackUrl: typeof body.callback_url === 'string' ? body.callback_url : null,
          status: 'pending',
          refunds: [],
        };
        payments.push(payment);
        return send(201, { id: payment.id, url: `${url}/pay/${payment.id}` });
      }
      const found = /^\/payments\/([^/]+)(\/refunds)?$/.exec(path);
      const payment = found ? payments.find((each) => each.id === decodeURIComponent(found[1]!)) : undefined;
      if (!payment) return send(404, { error: 'no such payment' });
      if (request.method === 'GET' && !found![2]) return send(200, { id: payment.id, status: payment.status, amount: payment.amount });
      if (request.method === 'POST' && found![2]) {
        const refunded = payment.refunds.reduce((sum, each) => sum + each.amount, 0);
        if (payment.status !== 'paid' || !Number.isSafeInteger(body.amount) || refunded + (body.amount as number) > payment.amount)
          return send(409, { error: 'not refundable' });
        const refund = { id: `re_${randomUUID()}`, amount: body.amount as number, reason: String(body.reason ?? '') };
        payment.refunds.push(refund);
        if (refunded + refund.amount === payment.amount) payment.status = 'refunded';
        return send(201, { id: refund.id });
      }
      send(405, { error: 'method' });
    })().catch(() => send(500, { error: 'fake provider failed' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const callback: FakePaymentProvider['callback'] = (payment, input) => {
    const body = JSON.stringify({
      event_id: input.eventId ?? `evt_${randomUUID()}`,
      payment_id: payment.id,
      status: input.status,
      amount: input.amount ?? payment.amount,
      currency: payment.currency,
      charge_id: `ch_${payment.id}`,
    });
    return { body, signature: signGatewayCallback(input.secret ?? webhookSecret, body, Math.floor((input.atMs ?? now()) / 1000)) };
  };

  return {
    url,
    apiKey,
    webhookSecret,
    payments,
    pay(reference) {
      const payment = payments.find((each) => each.reference === reference);
      if (!payment) throw new Error(`No payment for ${reference} at the fake provider`);
      payment.status = 'paid';
      return callback(payment, { status: 'paid' });
    },
    callback,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
