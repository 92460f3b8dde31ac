// The bot adapter's Telegram Business side: keeping each connection's state from business_connection
// updates, refusing intake and sends through a paused or removed connection, answering as the account.
import { Api, GrammyError } from 'grammy';
import { ChannelError, type ChannelRecord, type OutboundMessage, type ReplyStatus, type SentMessage, type SubAccount } from '../channel.ts';
import type { Db, Logger } from '../../platform/index.ts';
import type { BotApi } from './bot-api.ts';
import {
  connectionChangeFromError,
  parseBusinessChatId,
  readBusinessConnection,
  refusalOf,
  refusalText,
  replyStatusOf,
  toSubAccount,
} from './business.ts';
import { createBusinessStore } from './business-store.ts';
import { businessConnectionOf } from './normalize.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** When Telegram says a business message was sent or edited (ms); null for a deletion, which has no date. */
function messageDate(payload: unknown): number | null {
  if (!isObject(payload)) return null;
  const message = payload.business_message ?? payload.edited_business_message;
  if (!isObject(message)) return null;
  const seconds = typeof message.edit_date === 'number' ? message.edit_date : message.date;
  return typeof seconds === 'number' ? seconds * 1000 : null;
}

export type BusinessSide = ReturnType<typeof createBusinessSide>;

export function createBusinessSide(options: {
  db: Db;
  apiRoot: string;
  logger: Logger;
  /** A connection's state changed (paused, resumed, rights, removed): open conversations hear it at once. */
  onChange?: (channelId: number) => Promise<void> | undefined;
}) {
  const changed = (channelId: number) =>
    void options
      .onChange?.(channelId)
      ?.catch((error: unknown) => options.logger.warn({ err: error, channelId }, 'announcing a business connection change failed'));
  const store = createBusinessStore(options.db);
  // Since when (ms) this process knows a connection is off. Telegram sends nothing through a paused connection;
  // a message it dates after that is not recorded, while one sent before the pause and processed after it still is.
  const offSince = new Map<string, number | null>();
  const remember = (connectionId: string, state: { isEnabled: boolean; revokedAt: Date | null; updatedAt: Date } | null) => {
    if (state) offSince.set(connectionId, state.isEnabled && !state.revokedAt ? null : state.updatedAt.getTime());
  };

  async function learn(channel: ChannelRecord, connectionId: string): Promise<void> {
    // A connection made before this bot was added (or whose update we missed): ask Telegram.
    try {
      const fetched = await new Api(channel.credentials(), { apiRoot: options.apiRoot }).getBusinessConnection(connectionId);
      const connection = readBusinessConnection(fetched);
      if (connection) await store.apply(channel.id, connection, 0, true);
    } catch (error) {
      const description = error instanceof GrammyError ? error.description : (error as Error).message;
      const change = connectionChangeFromError(description);
      if (!change) throw error;
      options.logger.info({ channelId: channel.id, connectionId }, `business connection not known to Telegram: ${description}`);
    }
    remember(connectionId, await store.get(channel.id, connectionId));
  }

  async function refuse(channel: ChannelRecord, connectionId: string, error: ChannelError): Promise<ChannelError> {
    const change = connectionChangeFromError(error.message);
    if (!change) return error;
    await store.mark(channel.id, connectionId, change);
    const state = await store.get(channel.id, connectionId);
    remember(connectionId, state);
    changed(channel.id);
    const code = refusalOf(state);
    return new ChannelError('PERMANENT', `${code ? refusalText(code) : 'Telegram refused the business send.'} (${error.message})`);
  }

  return {
    /** Whether the inbox should record this update: not a message dated after its connection went off. */
    accepts(payload: unknown): boolean {
      const connectionId = businessConnectionOf(payload);
      const since = connectionId ? offSince.get(connectionId) : null;
      if (since === null || since === undefined) return true;
      const dated = messageDate(payload);
      return dated !== null && dated < since;
    },

    /** Keeps connection state from business_connection updates; learns connections first seen in a message. */
    async dispatch(channel: ChannelRecord, payload: unknown): Promise<boolean> {
      if (!isObject(payload)) return false;
      if (payload.business_connection !== undefined) {
        const connection = readBusinessConnection(payload.business_connection);
        if (connection) {
          await store.apply(channel.id, connection, typeof payload.update_id === 'number' ? payload.update_id : 0);
          remember(connection.connectionId, await store.get(channel.id, connection.connectionId));
          changed(channel.id);
        }
        return true;
      }
      const connectionId = businessConnectionOf(payload);
      if (!connectionId) return false;
      if (!(await store.get(channel.id, connectionId))) await learn(channel, connectionId);
      return true;
    },

    async warm(channelId: number): Promise<void> {
      for (const state of await store.list(channelId)) remember(state.connectionId, state);
    },

    async send(channel: ChannelRecord, sender: BotApi, message: OutboundMessage): Promise<SentMessage | null> {
      const key = parseBusinessChatId(message.chatId);
      if (!key) return null;
      const state = await store.get(channel.id, key.connectionId);
      const code = refusalOf(state);
      if (code) throw new ChannelError('PERMANENT', refusalText(code));
      try {
        return await sender.send({ ...message, chatId: key.chatId }, key.connectionId);
      } catch (error) {
        throw error instanceof ChannelError ? await refuse(channel, key.connectionId, error) : error;
      }
    },

    /** Typing in a business chat goes through its connection; true when it was one. */
    async sendTyping(channel: ChannelRecord, sender: BotApi, chatId: string): Promise<boolean> {
      const key = parseBusinessChatId(chatId);
      if (!key) return false;
      if (refusalOf(await store.get(channel.id, key.connectionId)) === null)
        await sender.sendTyping(key.chatId, undefined, key.connectionId);
      return true;
    },

    async replyStatus(channel: ChannelRecord, externalChatId: string): Promise<ReplyStatus> {
      const key = parseBusinessChatId(externalChatId);
      if (!key) return { canReply: true };
      return replyStatusOf(await store.get(channel.id, key.connectionId), key.connectionId);
    },

    async subAccounts(channel: ChannelRecord): Promise<SubAccount[]> {
      return (await store.list(channel.id)).map(toSubAccount);
    },
  };
}
