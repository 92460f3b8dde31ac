// Graph API errors as ChannelErrors: the one place the Meta module reads Meta's codes
// (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes; reference/protocols.md).
// The retry policy acts on the ChannelError code: RATE_LIMITED waits, TEMPORARY backs off, the rest is final.
import { ChannelError } from '../channel.ts';

export interface GraphErrorDetails {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_data?: { details?: string };
  fbtrace_id?: string;
}

/** Meta's code for a free-form message outside the 24-hour customer service window. */
export const reEngagementCode = 131047;

const rateLimitCodes = new Set([4, 80007, 130429, 131048, 131056, 613]);
const temporaryCodes = new Set([1, 2, 131000, 131016, 133004]);
const blockedCodes = new Set([131026, 131049, 131050]);
const templateCodes = new Set([132000, 132001, 132005, 132007, 132012, 132015, 132016]);

/** Instagram's "(#10) This message is sent outside of allowed window." (code 10). */
export const outsideWindowSubcode = 2018278;
/** Instagram's "(#100) No matching user found": the user cannot be messaged by this account. */
const noMatchingUserSubcode = 2018001;

/** Which Meta product's words a refusal uses (where its admin makes a new token, what its window allows). */
export type MetaProduct = 'whatsapp' | 'instagram';

const newTokenAdvice: Record<MetaProduct, string> = {
  whatsapp: 'create a new system user token in Meta Business Settings and update the account',
  instagram: 'generate a new Instagram access token (Meta for Developers → your app → Instagram → API setup) and connect the account again',
};

export function graphErrorToChannelError(
  httpStatus: number,
  error: GraphErrorDetails | null,
  retryAfter: string | null,
  product: MetaProduct = 'whatsapp',
): ChannelError {
  const code = error?.code;
  const detail = error?.error_data?.details ?? error?.message ?? `HTTP ${httpStatus}`;
  const said = `Meta says: ${detail}${code !== undefined ? ` (code ${code})` : ''}`;
  if (code === 190 || httpStatus === 401)
    return new ChannelError('AUTH_REVOKED', `Meta refuses the access token (expired or revoked): ${newTokenAdvice[product]}. ${said}`);
  if (error?.error_subcode === outsideWindowSubcode)
    return new ChannelError(
      'PERMANENT',
      `Outside Instagram's messaging window: replies go within 24 hours of the customer's last message, an operator's reply with the human-agent tag within 7 days. ${said}`,
    );
  if (error?.error_subcode === noMatchingUserSubcode)
    return new ChannelError(
      'BLOCKED',
      `Instagram cannot deliver to this user (they never wrote to the account, or cannot be reached). ${said}`,
    );
  if (code === reEngagementCode)
    return new ChannelError(
      'PERMANENT',
      `More than 24 hours have passed since the customer last wrote: WhatsApp allows only an approved template until they write again. ${said}`,
    );
  if ((code !== undefined && rateLimitCodes.has(code)) || httpStatus === 429) {
    const seconds = Number(retryAfter);
    // Meta gives no wait with 130429 / 131056; a few seconds lets the per-number and per-pair limits recover.
    return new ChannelError(
      'RATE_LIMITED',
      `Meta is pacing this number: the message waits and goes later. ${said}`,
      Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 6_000,
    );
  }
  if (code !== undefined && blockedCodes.has(code))
    return new ChannelError('BLOCKED', `WhatsApp cannot deliver to this customer (not on WhatsApp, or not reachable). ${said}`);
  if (code !== undefined && templateCodes.has(code))
    return new ChannelError(
      'INVALID_INPUT',
      `The template is unknown, not approved, paused, or its parameters do not match: check it in WhatsApp Manager. ${said}`,
    );
  if (code === 100 && error?.error_subcode === 33)
    return new ChannelError(
      'NOT_FOUND',
      `Meta does not know this id, or the token may not use it: check the phone number id and the token's permissions. ${said}`,
    );
  if ((code !== undefined && temporaryCodes.has(code)) || httpStatus >= 500)
    return new ChannelError('TEMPORARY', `Meta could not take the message now; Switchboard will try again. ${said}`);
  if (httpStatus === 404) return new ChannelError('NOT_FOUND', `Meta does not know this object. ${said}`);
  return new ChannelError('INVALID_INPUT', `Meta refused the request. ${said}`);
}
