// Logging a personal account in: phone → code → (two-step password), with
// resends that follow Telegram's next_type and timeout. Each step's state is
// kept encrypted in the account's row, so any request may carry the next step;
// the status_detail says which step the account is at and what to do.
import { SentCode, User, type BaseTelegramClient, type TelegramClient } from '@mtcute/node';
import { HttpError } from '../../platform/index.ts';
import type { ChannelRecord } from '../channel.ts';
import type { AccountLoginStep, ChannelAccounts } from '../module.ts';
import { bannedErrors, bannedMessage, loginError, revokedSessionErrors, rpcName } from './errors.ts';
import { decodeTelegramUserCredentials } from './profile.ts';
import type { LoginState, SessionStore } from './session-store.ts';

/** What the person must do for each way Telegram can send the code. */
export function codeInstructions(type: string, phone: string): string {
  switch (type) {
    case 'app':
      return 'Telegram sent the code to the Telegram app where this number is already logged in (chat “Telegram”). Enter it.';
    case 'sms':
    case 'firebase':
    case 'sms_word':
    case 'sms_phrase':
      return `Telegram sent the code by SMS to ${phone}. Enter it.`;
    case 'call':
      return `Telegram is calling ${phone} to dictate the code. Enter it.`;
    case 'flash_call':
      return `Telegram will call ${phone} and hang up: the code is the calling number’s last digits. Enter them.`;
    case 'missed_call':
      return `Telegram will call ${phone} from a number whose last digits are the code. Enter those digits.`;
    case 'email':
      return 'Telegram sent the code to the account’s login e-mail. Enter it.';
    case 'email_required':
      return 'Telegram requires a login e-mail for this account first: in a Telegram app open Settings → Privacy and Security → Login e-mail, set one up, then ask for the code again.';
    case 'fragment':
      return 'This is an anonymous number from Fragment: the code is on fragment.com (log in with the wallet that owns the number, open it under My Assets). Enter it.';
    default:
      return `Telegram sent the code (${type}). Enter it.`;
  }
}

function stepOf(state: LoginState, phone: string): AccountLoginStep {
  const canResendIn = Math.max(0, Math.ceil((state.sentAt + state.timeout * 1000 - Date.now()) / 1000));
  return {
    step: state.step,
    code_type: state.type,
    next_type: state.nextType,
    timeout: state.nextType === 'none' ? null : canResendIn,
    message:
      state.step === 'password'
        ? 'The account has two-step verification: enter its password.'
        : `${codeInstructions(state.type, phone)}${state.nextType !== 'none' ? ` Not arriving? Ask again in ${canResendIn} s and Telegram will use ${state.nextType.replace('_', ' ')}.` : ''}`,
  };
}

function stateOf(sent: SentCode, step: LoginState['step'] = 'code'): LoginState {
  return {
    phoneCodeHash: sent.phoneCodeHash,
    type: sent.type,
    nextType: sent.nextType,
    timeout: sent.timeout || 0,
    sentAt: Date.now(),
    step,
  };
}

export interface LoginDependencies {
  store: SessionStore;
  accounts: ChannelAccounts;
  /** The account's live client (opened on demand, shared with intake). */
  clientFor(channel: ChannelRecord): TelegramClient;
  close(channelId: number): Promise<void>;
}

export function createLogin(deps: LoginDependencies) {
  const { store, accounts } = deps;

  /** Banned numbers and revoked sessions put the account in error before the HTTP error goes back. */
  async function fail(channel: ChannelRecord, error: unknown): Promise<never> {
    const name = rpcName(error);
    if (name && bannedErrors.includes(name)) await accounts.setStatus(channel.id, 'error', bannedMessage(name));
    else if (name === 'API_ID_INVALID' || name === 'API_ID_PUBLISHED_FLOOD')
      await accounts.setStatus(channel.id, 'error', loginError(error).message);
    else if (name && revokedSessionErrors.includes(name)) {
      // Closed first: a closing client saves its session on the way out.
      await deps.close(channel.id);
      await store.clearSession(channel.id);
    }
    throw loginError(error);
  }

  async function finish(channel: ChannelRecord, client: TelegramClient, user: User): Promise<AccountLoginStep> {
    await store.setLogin(channel.id, null);
    // The auth key and the signed-in user go to our encrypted row now, not at the next periodic save.
    await (client._client as BaseTelegramClient).mt.storage.save();
    await accounts.setIdentity(channel.id, {
      externalId: String(user.id),
      username: user.username,
      displayName: [user.firstName, user.lastName].filter(Boolean).join(' '),
    });
    await accounts.setStatus(channel.id, 'active', null);
    await accounts.start(channel.id);
    return { step: 'done', code_type: null, next_type: null, timeout: null, message: `Logged in as ${user.displayName}.` };
  }

  async function pending(channel: ChannelRecord, step?: LoginState['step']): Promise<LoginState> {
    const state = await store.login(channel.id);
    if (!state) throw new HttpError(409, 'code_not_sent', 'No login is in progress for this account: ask for a code first (authenticate).');
    if (step && state.step !== step)
      throw new HttpError(
        409,
        'wrong_login_step',
        state.step === 'password'
          ? 'The code was accepted: Telegram now asks for the password (verify_password).'
          : 'Enter the code first (verify_otp).',
      );
    return state;
  }

  async function begin(channel: ChannelRecord, state: LoginState): Promise<AccountLoginStep> {
    const { phone_number: phone } = decodeTelegramUserCredentials(channel.credentials());
    await store.setLogin(channel.id, state);
    const step = stepOf(state, phone);
    await accounts.setStatus(channel.id, 'authenticating', step.message);
    return step;
  }

  return {
    async sendCode(channel: ChannelRecord): Promise<AccountLoginStep> {
      const { phone_number: phone } = decodeTelegramUserCredentials(channel.credentials());
      const client = deps.clientFor(channel);
      const sent = await client.sendCode({ phone }).catch((error: unknown) => fail(channel, error));
      if (sent instanceof User) return finish(channel, client, sent);
      return begin(channel, stateOf(sent));
    },

    async resendCode(channel: ChannelRecord): Promise<AccountLoginStep> {
      const state = await pending(channel, 'code');
      const { phone_number: phone } = decodeTelegramUserCredentials(channel.credentials());
      if (state.nextType === 'none')
        throw new HttpError(
          422,
          'code_unavailable',
          'Telegram offers no other way to send this code: wait for it, or start the login again later.',
        );
      const wait = Math.ceil((state.sentAt + state.timeout * 1000 - Date.now()) / 1000);
      if (wait > 0)
        throw new HttpError(
          429,
          'resend_too_early',
          `Telegram lets you ask again in ${wait} s (then by ${state.nextType.replace('_', ' ')}).`,
        );
      const sent = await deps
        .clientFor(channel)
        .resendCode({ phone, phoneCodeHash: state.phoneCodeHash })
        .catch((error: unknown) => fail(channel, error));
      return begin(channel, stateOf(sent));
    },

    async verifyCode(channel: ChannelRecord, code: string): Promise<AccountLoginStep> {
      const state = await pending(channel, 'code');
      const { phone_number: phone } = decodeTelegramUserCredentials(channel.credentials());
      const client = deps.clientFor(channel);
      try {
        return await finish(channel, client, await client.signIn({ phone, phoneCodeHash: state.phoneCodeHash, phoneCode: code }));
      } catch (error) {
        if (rpcName(error) !== 'SESSION_PASSWORD_NEEDED') return fail(channel, error);
      }
      return begin(channel, { ...state, step: 'password', nextType: 'none', timeout: 0 });
    },

    async verifyPassword(channel: ChannelRecord, password: string): Promise<AccountLoginStep> {
      await pending(channel, 'password');
      const client = deps.clientFor(channel);
      const user = await client.checkPassword(password).catch((error: unknown) => fail(channel, error));
      return finish(channel, client, user);
    },

    /** Ends the session at Telegram (best effort) and forgets it here. */
    async logOut(channel: ChannelRecord): Promise<void> {
      const session = await store.loadSession(channel.id);
      if (session)
        await deps
          .clientFor(channel)
          .logOut()
          .catch(() => undefined);
      await deps.close(channel.id);
      await store.clearSession(channel.id);
    },
  };
}
