// What an admin sends to connect or change an account, read through the kind's
// module: its credential fields and settings are the module's zod schemas.
import { z } from 'zod';
import { HttpError } from '../platform/index.ts';
import type { ChannelSettings } from './channel.ts';
import type { AnyChannelModule, ChannelModules } from './module.ts';

/** The same shape of message the HTTP layer gives for its own schema failures. */
function invalid(error: z.ZodError): HttpError {
  const details = error.issues.map((issue) => `body${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`);
  return new HttpError(400, 'invalid_input', `Invalid request ${details.join('; ')}`);
}

/** The module whose account_type the body names; the first module's when it names none. */
export function moduleForAccountType(modules: ChannelModules, accountType: string | undefined): AnyChannelModule {
  const all = modules.list();
  const module = accountType === undefined ? all[0] : all.find((each) => each.accountType === accountType);
  if (!module) {
    const known = all.map((each) => `"${each.accountType}"`).join(', ') || 'none';
    throw new HttpError(400, 'invalid_input', `Invalid request body.account_type: this server connects ${known}, not "${accountType}".`);
  }
  return module;
}

/** The encoded credentials of a new account (module.credentials.encode). */
export function readCredentials(module: AnyChannelModule, body: Record<string, unknown>): string {
  const parsed = module.credentials.schema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error);
  return module.credentials.encode(parsed.data);
}

/** New credentials in a change, when the body carries any of the kind's credential fields. */
export function readChangedCredentials(
  module: AnyChannelModule,
  body: Record<string, unknown>,
  fields: readonly string[],
): string | undefined {
  return fields.some((field) => body[field] !== undefined) ? readCredentials(module, body) : undefined;
}

/** The kind's own settings present in the body (welcome text …), plus the apps switched on. */
export function readSettings(
  module: AnyChannelModule,
  body: Record<string, unknown>,
  apps: string[] | undefined,
): ChannelSettings | undefined {
  const parsed = module.settings.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error);
  const settings: Record<string, unknown> = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
  if (apps !== undefined) settings.apps = apps;
  return Object.keys(settings).length > 0 ? settings : undefined;
}
