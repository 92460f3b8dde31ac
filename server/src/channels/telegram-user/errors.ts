// Every Telegram error an operator can meet while logging in or sending, as
// one message that says what happened and what to do next. Error names are
// MTProto's (tl.RpcError.text); FLOOD_WAIT_X carries its seconds.
import { tl } from '@mtcute/node';
import { HttpError } from '../../platform/index.ts';
import { ChannelError } from '../channel.ts';

/** The account must log in again (the session is gone at Telegram). */
export const revokedSessionErrors = [
  'AUTH_KEY_UNREGISTERED',
  'SESSION_REVOKED',
  'SESSION_EXPIRED',
  'AUTH_KEY_INVALID',
  'AUTH_KEY_PERM_EMPTY',
];
/** The number itself is unusable. */
export const bannedErrors = ['PHONE_NUMBER_BANNED', 'USER_DEACTIVATED', 'USER_DEACTIVATED_BAN'];

export function rpcName(error: unknown): string | null {
  return tl.RpcError.is(error) ? error.text : null;
}

/** Seconds of a FLOOD_WAIT_X / FLOOD_PREMIUM_WAIT_X / SLOWMODE_WAIT_X, else null. */
export function floodSeconds(error: unknown): number | null {
  if (!tl.RpcError.is(error)) return null;
  const seconds = (error as { seconds?: unknown }).seconds;
  return /^(FLOOD_WAIT|FLOOD_PREMIUM_WAIT|SLOWMODE_WAIT)_/.test(error.text) && typeof seconds === 'number' ? seconds : null;
}

export const loginAgain = 'Log in again: POST /api/accounts/<id>/authenticate (or “Log in” on the accounts page).';

export function bannedMessage(name: string): string {
  return name === 'PHONE_NUMBER_BANNED' || name === 'USER_DEACTIVATED_BAN'
    ? 'Telegram has banned this number. Ask recover@telegram.org to review it, or connect another number.'
    : 'This Telegram account has been deleted (deactivated). Connect another number.';
}

export const revokedMessage = `The session was ended at Telegram (logged out from another device, or revoked in Settings → Devices). ${loginAgain}`;

/** A login step's Telegram error as an HTTP error (4xx) with its next step. */
export function loginError(error: unknown): HttpError {
  const seconds = floodSeconds(error);
  // Retry-After carries the wait for clients (the web app shows it in the reader's language).
  if (seconds !== null)
    return Object.assign(
      new HttpError(429, 'flood_wait', `Telegram asks to wait ${seconds} seconds before trying again (FLOOD_WAIT). Try again after that.`),
      { retryAfter: seconds },
    );
  const name = rpcName(error);
  if (!name) {
    if (error instanceof HttpError) return error;
    const text = error instanceof Error ? error.message : String(error);
    return new HttpError(502, 'telegram_unreachable', `Telegram could not be reached or answered oddly (${text}). Try again in a minute.`);
  }
  switch (name) {
    case 'PHONE_CODE_INVALID':
    case 'PHONE_CODE_EMPTY':
      return new HttpError(
        400,
        'invalid_code',
        'The code is wrong. Type the latest code Telegram sent, or ask for a new one (resend_code).',
      );
    case 'PHONE_CODE_EXPIRED':
      return new HttpError(400, 'code_expired', 'The code has expired. Ask for a new one (resend_code) and type it within a few minutes.');
    case 'PASSWORD_HASH_INVALID':
      return new HttpError(
        400,
        'wrong_password',
        'The two-step verification password is wrong. Try again; if it is forgotten, reset it in a Telegram app.',
      );
    case 'PHONE_PASSWORD_FLOOD':
      return new HttpError(429, 'flood_wait', 'Too many password attempts. Telegram blocks new ones for a while: try again later.');
    case 'PHONE_NUMBER_INVALID':
      return new HttpError(
        422,
        'invalid_phone',
        'Telegram does not know this phone number format. Check it (+ and country code) and change the account.',
      );
    case 'PHONE_NUMBER_UNOCCUPIED':
      return new HttpError(
        422,
        'phone_unoccupied',
        'No Telegram account uses this number. Sign up in a Telegram app first, then log in here.',
      );
    case 'API_ID_INVALID':
    case 'API_ID_PUBLISHED_FLOOD':
      return new HttpError(
        422,
        'invalid_api_credentials',
        'Telegram refused the api_id/api_hash pair. Copy both again from my.telegram.org → API development tools and change the account.',
      );
    case 'SEND_CODE_UNAVAILABLE':
      return new HttpError(
        422,
        'code_unavailable',
        'Telegram has no other way to send the code now. Wait for the code already sent, or start the login again later.',
      );
    case 'PHONE_CODE_HASH_EMPTY':
      return new HttpError(409, 'code_not_sent', 'No code was requested for this account yet. Ask for one first (authenticate).');
  }
  if (bannedErrors.includes(name)) return new HttpError(422, 'phone_banned', bannedMessage(name));
  if (revokedSessionErrors.includes(name)) return new HttpError(409, 'session_revoked', revokedMessage);
  return new HttpError(
    502,
    'telegram_error',
    `Telegram refused the login step (${name}). Try again; if it repeats, start the login again.`,
  );
}

/** A send's Telegram error as the delivery ledger's vocabulary. */
export function sendError(error: unknown): ChannelError {
  const seconds = floodSeconds(error);
  if (seconds !== null)
    return new ChannelError('RATE_LIMITED', `Telegram asks this account to wait ${seconds} s (FLOOD_WAIT).`, seconds * 1000);
  const name = rpcName(error);
  if (!name) return new ChannelError('TEMPORARY', error instanceof Error ? error.message : String(error));
  if (revokedSessionErrors.includes(name)) return new ChannelError('AUTH_REVOKED', revokedMessage);
  if (bannedErrors.includes(name)) return new ChannelError('AUTH_REVOKED', bannedMessage(name));
  switch (name) {
    case 'USER_IS_BLOCKED':
    case 'YOU_BLOCKED_USER':
    case 'PRIVACY_RESTRICTED':
    case 'USER_PRIVACY_RESTRICTED':
      return new ChannelError('BLOCKED', 'This person does not accept messages from the account (blocked or privacy settings).');
    case 'PEER_ID_INVALID':
    case 'INPUT_USER_DEACTIVATED':
      return new ChannelError('NOT_FOUND', 'Telegram does not know this chat for the account (deleted, or never talked to).');
    case 'MESSAGE_TOO_LONG':
    case 'MESSAGE_EMPTY':
    case 'MEDIA_CAPTION_TOO_LONG':
      return new ChannelError('INVALID_INPUT', `Telegram refused the message (${name}).`);
    case 'REACTION_INVALID':
    case 'REACTIONS_TOO_MANY':
      return new ChannelError(
        'INVALID_INPUT',
        `Telegram refused the reaction (${name}): a non-Premium account sets one of its standard reactions.`,
      );
    case 'MESSAGE_ID_INVALID':
    case 'MESSAGE_EDIT_TIME_EXPIRED':
    case 'MESSAGE_AUTHOR_REQUIRED':
      return new ChannelError('INVALID_INPUT', `Telegram refused to change that message (${name}).`);
  }
  return new ChannelError('TEMPORARY', `Telegram refused the message (${name}).`);
}
