// What the clinic needs from a payment provider (a bank's acquiring, a wallet): a payment link, its
// callbacks verified, refunds and a status check. Each provider is one adapter behind this interface;
// the clinic keeps its credentials sealed (payments-config.ts) and never logs them.

/** What the clinic asks a provider to collect. Amounts are in minor units (tiyn). */
export interface PaymentRequest {
  /** Our reference the provider echoes back (the invoice number). */
  reference: string;
  amountMinor: number;
  currency: string;
  description: string;
  /** Where the provider posts status changes (our POST /api/bot/payments/callback/). */
  callbackUrl: string | null;
  expiresAt: Date;
  language: 'ru' | 'kk';
}

export interface CreatedPayment {
  providerPaymentId: string;
  /** The page the patient opens to pay. */
  url: string;
}

/** A verified callback: the provider says a payment changed. */
export interface CallbackEvent {
  /** The provider's id of this notification: the same id twice is the same event (idempotency). */
  eventId: string;
  providerPaymentId: string;
  status: 'paid' | 'failed' | 'refunded';
  amountMinor: number;
  currency: string;
  chargeId: string | null;
}

export type ProviderStatus = 'pending' | 'paid' | 'failed' | 'refunded' | 'expired';

/** A callback we refuse: `reason` says what to fix (shown to the caller as a 401/400). */
export class CallbackRefused extends Error {
  readonly status: 400 | 401;
  constructor(status: 400 | 401, reason: string) {
    super(reason);
    this.status = status;
  }
}

/** A provider call that failed: the message says what happened, without secrets. */
export class ProviderError extends Error {}

export interface PaymentProvider {
  /** The provider's name as stored on invoices and in history ("gateway", "halyk"…). */
  readonly kind: string;
  createPayment(request: PaymentRequest): Promise<CreatedPayment>;
  /** Verifies the signature over the raw body and the timestamp window, then reads the event. Throws CallbackRefused. */
  parseCallback(rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now: Date): CallbackEvent;
  refund(providerPaymentId: string, amountMinor: number, reason: string): Promise<{ refundId: string }>;
  status(providerPaymentId: string): Promise<{ status: ProviderStatus; amountMinor: number }>;
}

/**
 * What a fiscal receipt needs for one payment (the Kazakh online cash register, ОФД): the seller, the
 * items, the amount, how it was paid, when. A cash register provider implements ReceiptSink.
 */
export interface Receipt {
  invoiceNumber: string;
  kind: 'sale' | 'refund';
  seller: { name: string; bin: string | null; address: string | null };
  items: Array<{ name: string; quantity: number; priceMinor: number; amountMinor: number }>;
  totalMinor: number;
  currency: string;
  /** 'card' for bot payments and provider links (both are cashless). */
  paymentType: 'card';
  customer: { name: string; phone: string | null };
  at: string;
}

export interface ReceiptSink {
  issue(receipt: Receipt): Promise<void>;
}

/** The default: receipts are kept with the invoice, and no cash register is called. */
export const noReceiptSink: ReceiptSink = { issue: async () => undefined };
