// What the screen says when a request fails: the API's error code (packages/contract/src/errors.ts)
// in the reader's language, never the server's English `message` (that one is for logs and raw API users).
import { isErrorCode } from '@switchboard/contract/errors';
import i18next from 'i18next';
import { ApiError } from './api.ts';

/** The localized text for a failed request; an unknown code falls back to a generic text that names it. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return codeText(error.code);
  // A failure inside the app itself (a bug, a browser refusal): its name is the only stable thing to show.
  return i18next.t('apiError.unknown', { code: error instanceof Error ? error.name : 'unknown' });
}

/** An API error code's text (a failed request's, or one the server kept, such as a broadcast's problem). */
export function codeText(code: string): string {
  if (code === 'network') return i18next.t('apiError.network');
  // The codes' texts load just after start (lib/i18n.ts); before that the generic text names the code.
  if (isErrorCode(code) && i18next.exists(`apiError.${code}`)) return i18next.t(`apiError.${code}`);
  return i18next.t('apiError.unknown', { code });
}
