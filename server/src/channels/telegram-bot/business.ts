// Telegram Business: a Premium account connects our bot (business_connection); the bot then sees the
// account's private chats (business_message …) and answers in them as the account, with
// business_connection_id, while the connection is enabled and grants can_reply. Each connection is a
// sub-account of the bot's channel; its chats are conversations keyed 'business:<connection>:<chat>',
// apart from the bot's own chat with the same person.
import type { ReplyStatus, SubAccount } from '../channel.ts';

const prefix = 'business:';

export interface BusinessChatKey {
  connectionId: string;
  chatId: string;
}

export const businessChatId = (connectionId: string, chatId: string | number): string => `${prefix}${connectionId}:${chatId}`;

/** The connection and Telegram chat of a business conversation's external id; null for the bot's own chats. */
export function parseBusinessChatId(externalChatId: string): BusinessChatKey | null {
  if (!externalChatId.startsWith(prefix)) return null;
  const rest = externalChatId.slice(prefix.length);
  const split = rest.lastIndexOf(':');
  if (split <= 0 || !/^-?\d+$/.test(rest.slice(split + 1))) return null;
  return { connectionId: rest.slice(0, split), chatId: rest.slice(split + 1) };
}

/** A connection as we keep it (telegram_business_connections). */
export interface BusinessConnectionState {
  connectionId: string;
  ownerId: string;
  ownerName: string;
  ownerUsername: string | null;
  rights: Record<string, boolean>;
  isEnabled: boolean;
  revokedAt: Date | null;
  connectedAt: Date;
  updatedAt: Date;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A BusinessConnection object (Bot API 7.2+; `rights` since 9.0, a boolean `can_reply` before) → what we keep. */
export function readBusinessConnection(value: unknown): Omit<BusinessConnectionState, 'revokedAt' | 'updatedAt'> | null {
  if (!isObject(value) || typeof value.id !== 'string' || value.id === '' || !isObject(value.user)) return null;
  const user = value.user;
  if (typeof user.id !== 'number') return null;
  const rights: Record<string, boolean> = {};
  if (isObject(value.rights)) {
    for (const [key, granted] of Object.entries(value.rights)) if (granted === true) rights[key] = true;
  } else if (value.can_reply === true) rights.can_reply = true;
  const name = [user.first_name, user.last_name].filter((part) => typeof part === 'string' && part !== '').join(' ');
  return {
    connectionId: value.id,
    ownerId: String(user.id),
    ownerName: name,
    ownerUsername: typeof user.username === 'string' ? user.username : null,
    rights,
    isEnabled: value.is_enabled === true,
    connectedAt: typeof value.date === 'number' ? new Date(value.date * 1000) : new Date(),
  };
}

const refusals = {
  revoked:
    'The business account disconnected the bot in Telegram (Settings → Telegram Business → Chatbots); ask its owner to connect it again.',
  disabled: 'The business account paused the bot in Telegram; its owner can turn it back on in Settings → Telegram Business → Chatbots.',
  no_reply_right:
    'The business account lets the bot read but not reply; its owner can allow replies in Settings → Telegram Business → Chatbots.',
  unknown_connection: 'This business connection is not known yet; it appears when Telegram reports it.',
} as const;

export type BusinessRefusal = keyof typeof refusals;

/** Why a connection cannot answer now, or null when it can. */
export function refusalOf(state: Pick<BusinessConnectionState, 'isEnabled' | 'revokedAt' | 'rights'> | null): BusinessRefusal | null {
  if (!state) return 'unknown_connection';
  if (state.revokedAt) return 'revoked';
  if (!state.isEnabled) return 'disabled';
  if (!state.rights.can_reply) return 'no_reply_right';
  return null;
}

export const refusalText = (code: BusinessRefusal): string => refusals[code];

export const accountName = (state: Pick<BusinessConnectionState, 'ownerName' | 'ownerUsername'>): string =>
  state.ownerName || (state.ownerUsername ? `@${state.ownerUsername}` : 'Telegram Business');

export function replyStatusOf(state: BusinessConnectionState | null, connectionId: string): ReplyStatus {
  const via = { id: connectionId, name: state ? accountName(state) : connectionId };
  const code = refusalOf(state);
  return code ? { canReply: false, code: `business_${code}`, reason: refusalText(code), via } : { canReply: true, via };
}

export function toSubAccount(state: BusinessConnectionState): SubAccount {
  const code = refusalOf(state);
  return {
    id: state.connectionId,
    name: accountName(state),
    owner: { externalId: state.ownerId, name: state.ownerName, username: state.ownerUsername },
    rights: state.rights,
    state: state.revokedAt ? 'revoked' : state.isEnabled ? 'active' : 'disabled',
    canReply: code === null,
    code: code ? `business_${code}` : null,
    reason: code ? refusalText(code) : null,
    connectedAt: state.connectedAt,
    updatedAt: state.updatedAt,
  };
}

/** Telegram's refusals of a business send, and what they mean for the connection. */
export function connectionChangeFromError(description: string): { revoked?: true; isEnabled?: false; noReply?: true } | null {
  if (/business connection not found|BUSINESS_CONNECTION_INVALID_ID/i.test(description)) return { revoked: true };
  if (/BUSINESS_CONNECTION_INVALID|BUSINESS_CONNECTION_NOT_ALLOWED/i.test(description)) return { isEnabled: false };
  if (/BOT_ACCESS_FORBIDDEN/i.test(description)) return { noReply: true };
  return null;
}
