// The refusals of payments.ts and refunds.ts; the routes turn each into its HTTP answer.
export type RefusalCode = 'not_found' | 'invoice_not_payable' | 'invalid_input' | 'payment_provider_missing' | 'payment_provider_failed';

/** A refusal the routes turn into the HttpError of this status and code. */
export class PaymentRefused extends Error {
  readonly status: 404 | 409 | 422 | 502;
  readonly code: RefusalCode;
  constructor(status: 404 | 409 | 422 | 502, code: RefusalCode, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}
