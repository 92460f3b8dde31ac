// How long a message an app may send through an account: its channel's capability, never a number of the app's own
// (each messenger caps a message differently: GET /api/channels/kinds, capabilities.text).
import { unprocessable } from '../platform/index.ts';
import type { AppChannel } from './ports.ts';

/**
 * A generous cap request schemas keep on message texts as input hygiene only: the account's own limit (below it)
 * is checked with checkTextFits once the account is known, in a 422 that names it.
 */
export const textInputMaxLength = 65_536;

/** Refuses a text longer than the account sends (code text_too_long); `field` names it in the answer ("texts.ru"). */
export function checkTextFits(channel: Pick<AppChannel, 'messengerName' | 'textMaxLength'>, text: string, field = 'text'): void {
  // Counted in UTF-16 units, as the modules state their limits.
  if (text.length > channel.textMaxLength)
    throw unprocessable(
      `${field}: the message is ${text.length} characters; ${channel.messengerName} allows ${channel.textMaxLength}. Shorten it or split it in two.`,
      'text_too_long',
    );
}
