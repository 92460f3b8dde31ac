// Telegram Payments as far as the bot sees them before the money moves: the pre_checkout_query a user's
// confirmation produces, and answerPreCheckoutQuery, which must come within 10 seconds
// (protocols.md §1 "Payments").
import { randomBytes } from 'node:crypto';
import { ControlError, badRequest } from './api-error.ts';
import type { Update } from './bot-api-types.ts';
import type { MethodHandler } from './method-context.ts';
import { bool, json, str } from './method-params.ts';
import { newBotMessage, readEnvelope, recordSent, resolveTarget, takeRate } from './send-support.ts';
import type { SimCore } from './sim-core.ts';
import type { SimulatorControl } from './simulator-types.ts';
import { chatKeyOf } from './user-actions.ts';

const answerWindowMs = 10_000;

const answerPreCheckoutQuery: MethodHandler = ({ core, rt, params }) => {
  const id = str(params, 'pre_checkout_query_id') ?? '';
  const query = rt.bot.preCheckoutQueries.get(id);
  const elapsed = query ? Date.now() - query.sentAt : 0;
  // A late answer is refused like an unknown one; the user has already seen the payment fail.
  if (!query || query.answered || elapsed * core.timeScale > answerWindowMs) {
    throw badRequest('query is too old and response timeout expired or query ID is invalid');
  }
  const ok = bool(params, 'ok');
  const errorMessage = str(params, 'error_message');
  if (!ok && !errorMessage) throw badRequest('error_message must be non-empty if ok is false');
  query.answered = true;
  rt.bot.preCheckoutAnswers.push({
    pre_checkout_query_id: id,
    ok,
    ...(ok ? {} : { error_message: errorMessage }),
    answered_after_ms: Math.round(elapsed * core.timeScale),
  });
  return true;
};

/** sendInvoice with Bot API's checks: fiat needs a provider token, Stars (XTR) must have none. */
const sendInvoice: MethodHandler = ({ core, rt, params }) => {
  const title = str(params, 'title') ?? '';
  const description = str(params, 'description') ?? '';
  const payload = str(params, 'payload') ?? '';
  const currency = str(params, 'currency') ?? '';
  const providerToken = str(params, 'provider_token') ?? '';
  if (title.length < 1 || title.length > 32) throw badRequest('INVOICE_TITLE_INVALID');
  if (description.length < 1 || description.length > 255) throw badRequest('INVOICE_DESCRIPTION_INVALID');
  if (Buffer.byteLength(payload) < 1 || Buffer.byteLength(payload) > 128) throw badRequest('INVOICE_PAYLOAD_INVALID');
  if (!/^[A-Z]{3}$/.test(currency)) throw badRequest('CURRENCY_INVALID');
  if (currency === 'XTR' ? providerToken !== '' : providerToken === '') throw badRequest('PAYMENT_PROVIDER_INVALID');
  const prices = json<Array<{ label?: unknown; amount?: unknown }>>(params, 'prices', "can't parse prices JSON object");
  if (
    !Array.isArray(prices) ||
    prices.length === 0 ||
    prices.some((price) => typeof price.label !== 'string' || !Number.isSafeInteger(price.amount))
  )
    throw badRequest('PRICES_INVALID');
  const total = prices.reduce((sum, price) => sum + (price.amount as number), 0);
  if (total <= 0) throw badRequest('TOTAL_AMOUNT_INVALID');
  const target = resolveTarget(core, rt, params);
  const envelope = readEnvelope(core, params, target);
  takeRate(core, rt, target, 1);
  const invoice = { title, description, start_parameter: str(params, 'start_parameter') ?? '', currency, total_amount: total };
  const stored = newBotMessage(core, rt, target, envelope, { invoice });
  recordSent(core, stored, { kind: 'text', method: 'sendInvoice', text: title, caption: description, files: [] }, envelope);
  core.countSent(rt, 1);
  return stored.message;
};

export const paymentMethods: Record<string, MethodHandler> = { answerPreCheckoutQuery, sendInvoice };

export function createPaymentActions(core: SimCore): Pick<SimulatorControl, 'startCheckout' | 'preCheckoutAnswers'> {
  return {
    startCheckout(token, input) {
      const rt = core.requireRuntime(token);
      const user = core.world.user(input.from);
      if (!user) throw new ControlError(`unknown user ${input.from}: create it with createUser first`);
      if (!Number.isSafeInteger(input.total_amount) || input.total_amount <= 0)
        throw new ControlError('total_amount must be a positive whole number of the smallest units');
      const id = String(BigInt(`0x${randomBytes(8).toString('hex')}`) >> 1n);
      rt.bot.preCheckoutQueries.set(id, { sentAt: Date.now(), answered: false });
      const update: Omit<Update, 'update_id'> = {
        pre_checkout_query: {
          id,
          from: user.user,
          currency: input.currency ?? 'XTR',
          total_amount: input.total_amount,
          invoice_payload: input.invoice_payload,
        },
      };
      // Not a chat's update: it does not wait behind the user's messages in the webhook's per-chat queue.
      return core.enqueue(rt, update, chatKeyOf(update));
    },
    preCheckoutAnswers: (token) => [...core.requireRuntime(token).bot.preCheckoutAnswers],
  };
}
