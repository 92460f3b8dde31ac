import type { Params, UploadedFile } from './request-body.ts';
import type { BotRuntime, SimCore } from './sim-core.ts';

export interface CallContext {
  core: SimCore;
  rt: BotRuntime;
  params: Params;
  files: Map<string, UploadedFile>;
  signal: AbortSignal;
}

export type MethodHandler = (ctx: CallContext) => unknown;

const DESCRIBED = Symbol('described');

export interface Described {
  [DESCRIBED]: true;
  result: unknown;
  description: string;
}

/** A result that Telegram sends with a "description" next to it (setWebhook, deleteWebhook). */
export const described = (result: unknown, description: string): Described => ({ [DESCRIBED]: true, result, description });

export const isDescribed = (value: unknown): value is Described => typeof value === 'object' && value !== null && DESCRIBED in value;
