// Telegram Payments as far as the bot sees them before the money moves: the pre_checkout_query a user's
// confirmation produces, and answerPreCheckoutQuery, which must come within 10 seconds
// (protocols.md §1 "Payments").
import { randomBytes } from 'node:crypto';
import { ControlError, badRequest } from './api-error.ts';
import type { Update } from './bot-api-types.ts';
import type { MethodHandler } from './method-context.ts';
import { bool, str } from './method-params.ts';
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

export const paymentMethods: Record<string, MethodHandler> = { answerPreCheckoutQuery };

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
