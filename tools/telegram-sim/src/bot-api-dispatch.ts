import { businessMethods } from './business.ts';
import { mediaMethods } from './media-methods.ts';
import { type CallContext, type MethodHandler, isDescribed } from './method-context.ts';
import { messageMethods } from './message-methods.ts';
import { paymentMethods } from './payments.ts';
import { reactionMethods } from './reactions.ts';
import type { SimCore } from './sim-core.ts';
import { webhookMethods } from './webhook-methods.ts';

interface Method {
  name: string;
  handler: MethodHandler;
}

// Telegram matches method names case-insensitively.
const METHODS = new Map<string, Method>(
  Object.entries({ ...messageMethods, ...mediaMethods, ...webhookMethods, ...paymentMethods, ...businessMethods, ...reactionMethods }).map(
    ([name, handler]) => [name.toLowerCase(), { name, handler }],
  ),
);

export const findMethod = (name: string): Method | undefined => METHODS.get(name.toLowerCase());

export const methodNames = (): string[] => [...METHODS.values()].map((method) => method.name);

export interface MethodOutcome {
  result: unknown;
  description?: string;
}

export async function callMethod(method: Method, ctx: CallContext): Promise<MethodOutcome> {
  const output = await method.handler(ctx);
  return isDescribed(output) ? { result: output.result, description: output.description } : { result: output };
}

/** Methods a webhook answers with run like ordinary calls whose result nobody reads. */
export function installWebhookReplies(core: SimCore): void {
  core.setReplyRunner((rt, name, params) => {
    const method = findMethod(name);
    if (!method) return;
    rt.stats.requests++;
    rt.stats.byMethod[method.name] = (rt.stats.byMethod[method.name] ?? 0) + 1;
    const ctx: CallContext = { core, rt, params, files: new Map(), signal: new AbortController().signal };
    callMethod(method, ctx).catch(() => {});
  });
}
