// How long a message an app may send through an account: its channel's capability, never a number of the app's own
// (each messenger caps a message differently: GET /api/channels/kinds, capabilities.text).
import { textInputMaxLength } from '@switchboard/contract';
import { unprocessable } from '../platform/index.ts';
import type { AppChannel } from './ports.ts';

export { textInputMaxLength };

/** Refuses a text longer than the account sends (code text_too_long); `field` names it in the answer ("texts.ru"). */
export function checkTextFits(channel: Pick<AppChannel, 'messengerName' | 'textMaxLength'>, text: string, field = 'text'): void {
  // Counted in UTF-16 units, as the modules state their limits.
  if (text.length > channel.textMaxLength)
    throw unprocessable(
      `${field}: the message is ${text.length} characters; ${channel.messengerName} allows ${channel.textMaxLength}. Shorten it or split it in two.`,
      'text_too_long',
    );
}
