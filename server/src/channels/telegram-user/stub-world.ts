// The stub's world: its people and accounts, what a login in progress holds, and the TL shapes Telegram answers
// with (sent-code types, RPC errors). Shared by the network stub (telegram-network-stub.ts) and its call handlers.
import { Long, tl } from '@mtcute/node';
import type { createSrpChallenge } from './srp-server.ts';

export type StubCodeType = 'app' | 'sms' | 'call' | 'flash_call' | 'missed_call' | 'email' | 'email_required' | 'fragment';

export interface StubAccountInput {
  phone: string;
  firstName: string;
  username?: string;
  password?: string;
  /** How the code goes first, then on each resend. */
  codeTypes?: StubCodeType[];
  banned?: boolean;
}

export interface StubUser {
  id: number;
  accessHash: Long;
  firstName: string;
  lastName?: string;
  username?: string;
  phone?: string;
}

export interface StubAccount extends StubUser {
  password?: string;
  codeTypes: StubCodeType[];
  banned: boolean;
  pts: number;
  lastMessageId: number;
  /** Every pts-carrying update, for getDifference. */
  log: Array<{ pts: number; update: tl.TypeUpdate }>;
  /** Reactions per message id: the customer's and the account's own. */
  reactions: Map<number, { customer: string[]; own: string[] }>;
  messages: Map<number, tl.RawMessage>;
}

export interface PendingCode {
  phone: string;
  code: string;
  typeIndex: number;
  expired: boolean;
}

export interface Authorization {
  userId?: number;
  passwordPending?: boolean;
  srp?: ReturnType<typeof createSrpChallenge> & { id: Long };
}

/** Telegram's standard reactions (a sample of the set everyone may use). */
export const standardReactions = new Set(['👍', '👎', '❤', '🔥', '🥰', '👏', '😁', '🤔', '🎉', '😢', '🙏', '👌', '😍', '💯', '🤝', '😎']);

export const rpcError = (code: number, message: string) => tl.RpcError.fromTl({ _: 'rpc_error', errorCode: code, errorMessage: message });
export const now = () => Math.floor(Date.now() / 1000);
export const bareId = (value: string) => value.replace(/\D/g, '');

export function sentCodeType(type: StubCodeType): tl.auth.TypeSentCodeType {
  switch (type) {
    case 'app':
      return { _: 'auth.sentCodeTypeApp', length: 5 };
    case 'sms':
      return { _: 'auth.sentCodeTypeSms', length: 5 };
    case 'call':
      return { _: 'auth.sentCodeTypeCall', length: 5 };
    case 'flash_call':
      return { _: 'auth.sentCodeTypeFlashCall', pattern: '+7999*****' };
    case 'missed_call':
      return { _: 'auth.sentCodeTypeMissedCall', prefix: '+7999', length: 5 };
    case 'email':
      return { _: 'auth.sentCodeTypeEmailCode', emailPattern: 'o***@example.com', length: 6 };
    case 'email_required':
      return { _: 'auth.sentCodeTypeSetUpEmailRequired' };
    case 'fragment':
      return { _: 'auth.sentCodeTypeFragmentSms', url: 'https://fragment.com/number/88800000000/code', length: 5 };
  }
}

export function codeType(type: StubCodeType | undefined): tl.auth.TypeCodeType | undefined {
  switch (type) {
    case 'sms':
      return { _: 'auth.codeTypeSms' };
    case 'call':
      return { _: 'auth.codeTypeCall' };
    case 'flash_call':
      return { _: 'auth.codeTypeFlashCall' };
    case 'missed_call':
      return { _: 'auth.codeTypeMissedCall' };
    case 'fragment':
      return { _: 'auth.codeTypeFragmentSms' };
    default:
      return undefined;
  }
}

/** The message's reactions at the stub: the customer's and the account's own. */
export function reactionsOf(account: StubAccount, message: tl.RawMessage): { customer: string[]; own: string[] } {
  let entry = account.reactions.get(message.id);
  if (!entry) account.reactions.set(message.id, (entry = { customer: [], own: [] }));
  return entry;
}

/** updateMessageReactions carries the whole tally; the account's own are marked chosen. */
export function reactionUpdate(account: StubAccount, message: tl.RawMessage): tl.RawUpdateMessageReactions {
  const { customer, own } = reactionsOf(account, message);
  const counts = new Map<string, { count: number; chosenOrder?: number }>();
  for (const emoji of customer) counts.set(emoji, { count: 1 });
  own.forEach((emoji, order) => counts.set(emoji, { count: (counts.get(emoji)?.count ?? 0) + 1, chosenOrder: order }));
  return {
    _: 'updateMessageReactions',
    peer: message.peerId,
    msgId: message.id,
    reactions: {
      _: 'messageReactions',
      results: [...counts].map(([emoticon, tally]) => ({
        _: 'reactionCount',
        reaction: { _: 'reactionEmoji', emoticon },
        count: tally.count,
        chosenOrder: tally.chosenOrder,
      })),
    },
  };
}
