// One account's live connection on the instance that holds its lease: the
// mtcute client (with our encrypted storage), intake into the journal, the
// first-connection dialog import, and sending with the account's ban-safety
// rules. Health goes to the account's status.
import fs from 'node:fs';
import { InputMedia, Long, tl, type TelegramClient } from '@mtcute/node';
import type { Logger } from '../../platform/index.ts';
import {
  ChannelError,
  type AccountHealth,
  type ChannelRecord,
  type IntakeSink,
  type OutboundMessage,
  type RawUpdate,
  type SentMessage,
} from '../channel.ts';
import type { ChannelAccounts } from '../module.ts';
import { bannedErrors, bannedMessage, floodSeconds, revokedMessage, revokedSessionErrors, rpcName, sendError } from './errors.ts';
import type { MessagePeers } from './message-peers.ts';
import { journalDeletion, journalMessage, type JournaledMessage } from './normalize.ts';
import type { TelegramNetwork } from './network.ts';
import { decodeTelegramUserCredentials, type TelegramUserPacing } from './profile.ts';
import { EncryptedSessionStorage, type SessionStore } from './session-store.ts';

export interface RuntimeOptions {
  network: TelegramNetwork;
  store: SessionStore;
  sink: IntakeSink;
  logger: Logger;
  accounts: ChannelAccounts;
  pacing: TelegramUserPacing;
  peers: MessagePeers;
}

/** A deletion waits for its chats to be looked up (message ids only) when its batch is written. */
type PendingUpdate = RawUpdate | { deletion: { ids: number[]; pts: number } };

interface Connection {
  client: TelegramClient;
  /** The credentials it was made with: changed ones (a new api_hash) need a new client. */
  credentials: string;
  intake: boolean;
  health: { connectedAt: Date | null; lastUpdateAt: Date | null; floodWaits: number; lastFloodWait: { seconds: number; at: Date } | null };
  /** Journal writes in the order updates arrived. */
  queue: Promise<unknown>;
  pending: PendingUpdate[];
  /** Chats Telegram showed history for, or we sent to (not "new" for the daily quota); asked once per chat and process. */
  knownChats: Set<string>;
}

/** How often a paused account's held messages look again (delivery gives rate limits 30 tries: about 7 hours). */
const pauseRecheckMs = 15 * 60 * 1000;

const utcDay = () => new Date().toISOString().slice(0, 10);

export function createRuntime(options: RuntimeOptions) {
  const { store, logger, accounts } = options;
  const connections = new Map<number, Connection>();

  function connection(channel: ChannelRecord): Connection {
    let open = connections.get(channel.id);
    if (open && open.credentials !== channel.credentials()) {
      void close(channel.id);
      open = undefined;
    }
    if (!open) {
      const { api_id: apiId, api_hash: apiHash } = decodeTelegramUserCredentials(channel.credentials());
      const client = options.network.createClient({ apiId, apiHash, storage: new EncryptedSessionStorage(store, channel.id) });
      open = {
        client,
        credentials: channel.credentials(),
        intake: false,
        health: { connectedAt: null, lastUpdateAt: null, floodWaits: 0, lastFloodWait: null },
        queue: Promise.resolve(),
        pending: [],
        knownChats: new Set(),
      };
      connections.set(channel.id, open);
      watchForLostSession(channel.id, open);
    }
    return open;
  }

  async function close(channelId: number): Promise<void> {
    const open = connections.get(channelId);
    connections.delete(channelId);
    await open?.client
      .destroy()
      .catch((error: unknown) => logger.warn({ err: error, channel_id: channelId }, 'closing a Telegram session failed'));
  }

  /** The session is gone or the number is banned: stop, forget the keys, say what to do. */
  async function lost(channelId: number, name: string): Promise<void> {
    const detail = bannedErrors.includes(name) ? bannedMessage(name) : revokedMessage;
    logger.warn({ channel_id: channelId, error: name }, 'personal Telegram account lost its session');
    await close(channelId);
    await store.clearSession(channelId);
    await accounts.setStatus(channelId, 'error', detail);
  }

  /**
   * Every raw call passes here, mtcute's own too: its updates loop meets a revoked session in getDifference and
   * only stops quietly (updates/manager.js), so this is where we learn the session is gone.
   */
  function watchForLostSession(channelId: number, open: Connection): void {
    const base = open.client._client;
    const call = base.call.bind(base);
    base.call = (async (...args: Parameters<typeof call>) => {
      try {
        return await call(...args);
      } catch (error) {
        // Every flood wait counts, mtcute's own short ones (it sleeps through them) too.
        const seconds = floodSeconds(error);
        if (seconds !== null) {
          open.health.floodWaits += 1;
          open.health.lastFloodWait = { seconds, at: new Date() };
        }
        const name = rpcName(error);
        if (
          open.intake &&
          name &&
          (revokedSessionErrors.includes(name) || bannedErrors.includes(name)) &&
          connections.get(channelId) === open
        )
          void lost(channelId, name);
        throw error;
      }
    }) as typeof base.call;
  }

  /** Updates wait in `pending` while a journal write runs; the next write takes all of them in one batch. */
  function journal(channelId: number, open: Connection, updates: PendingUpdate[]): void {
    if (updates.length === 0) return;
    const first = open.pending.length === 0;
    open.pending.push(...updates);
    if (!first) return;
    open.queue = open.queue
      .then(() => writeBatch(channelId, open.pending.splice(0)))
      .catch((error: unknown) => logger.error({ err: error, channel_id: channelId }, 'journaling a Telegram update failed'));
  }

  /** The batch's messages' chats are remembered first, so a deletion in the same batch finds them. */
  async function writeBatch(channelId: number, batch: PendingUpdate[]): Promise<void> {
    const messages = batch.flatMap((each) => ('payload' in each ? [each.payload as JournaledMessage] : []));
    await options.peers.remember(
      channelId,
      messages.filter((message) => message.kind === 'new').map((message) => ({ messageId: message.id, peerId: message.peer.id })),
    );
    const updates: RawUpdate[] = [];
    for (const each of batch)
      if ('deletion' in each)
        updates.push(...journalDeletion(await options.peers.chatsOf(channelId, each.deletion.ids), each.deletion.pts));
      else updates.push(each);
    await options.sink.journal(channelId, updates);
  }

  function attachIntake(channel: ChannelRecord, open: Connection): void {
    if (open.intake) return;
    open.intake = true;
    open.client.onRawUpdate.add(({ update, peers }) => {
      open.health.lastUpdateAt = new Date();
      if (update._ === 'updateDeleteMessages') return journal(channel.id, open, [{ deletion: { ids: update.messages, pts: update.pts } }]);
      const kind = update._ === 'updateNewMessage' ? 'new' : update._ === 'updateEditMessage' ? 'edit' : null;
      if (!kind || !('message' in update)) return;
      const raw = journalMessage(update.message as tl.TypeMessage, peers.users, kind);
      if (raw) journal(channel.id, open, [raw]);
    });
    open.client.onError.add((error) => {
      const name = rpcName(error);
      if (name && (revokedSessionErrors.includes(name) || bannedErrors.includes(name))) void lost(channel.id, name);
      else logger.warn({ err: error, channel_id: channel.id }, 'personal Telegram account: connection trouble');
    });
  }

  /** First connection: recent private chats and their last messages, journaled with the live identities (nothing doubles). */
  async function importDialogs(channel: ChannelRecord, open: Connection): Promise<void> {
    const settings = channel.settings as { import_dialogs?: number; import_messages?: number };
    const dialogLimit = settings.import_dialogs ?? 100;
    const messageLimit = settings.import_messages ?? 50;
    const dialogs = await open.client.call({
      _: 'messages.getDialogs',
      offsetDate: 0,
      offsetId: 0,
      offsetPeer: { _: 'inputPeerEmpty' },
      limit: dialogLimit,
      hash: Long.ZERO,
    });
    if (dialogs._ === 'messages.dialogsNotModified') return store.markImported(channel.id);
    const users = new Map(dialogs.users.map((user) => [user.id, user]));
    const privateChats = dialogs.dialogs
      .flatMap((dialog) => (dialog.peer._ === 'peerUser' ? [dialog.peer.userId] : []))
      .slice(0, dialogLimit);
    for (const [index, userId] of privateChats.entries()) {
      // Stopped, removed or shut down meanwhile: the next connection imports again (the same event ids, so nothing doubles).
      if (connections.get(channel.id) !== open) return;
      await accounts.setStatus(channel.id, 'active', `Importing recent chats: ${index} of ${privateChats.length}.`);
      const history = await open.client.call({
        _: 'messages.getHistory',
        peer: await open.client.resolvePeer(userId),
        offsetId: 0,
        offsetDate: 0,
        addOffset: 0,
        limit: messageLimit,
        maxId: 0,
        minId: 0,
        hash: Long.ZERO,
      });
      if (history._ === 'messages.messagesNotModified') continue;
      for (const user of history.users) users.set(user.id, user);
      const updates = history.messages
        .flatMap((message) => journalMessage(message, users, 'new') ?? [])
        .sort((a, b) => (a.payload as { id: number }).id - (b.payload as { id: number }).id);
      journal(channel.id, open, updates);
    }
    await open.queue;
    await store.markImported(channel.id);
    await accounts.setStatus(channel.id, 'active', privateChats.length ? `Imported ${privateChats.length} recent chats.` : null);
  }

  async function loggedIn(open: Connection): Promise<boolean> {
    await open.client._client.prepare();
    return (await open.client._client.storage.self.fetch()) !== null;
  }

  return {
    connection,
    close,
    connected: (channelId: number) => connections.has(channelId),

    async startIntake(channel: ChannelRecord): Promise<void> {
      const open = connection(channel);
      if (!(await loggedIn(open))) {
        if (channel.status !== 'authenticating')
          await accounts.setStatus(channel.id, 'created', 'Not logged in yet: send the login code (authenticate), then enter it.');
        return;
      }
      // Start (the admin's action) resumes an outgoing queue paused by PEER_FLOOD.
      await store.setPaused(channel.id, null);
      attachIntake(channel, open);
      try {
        // mtcute catches up from the stored pts (getDifference) before live updates.
        await open.client.startUpdatesLoop();
      } catch (error) {
        const name = rpcName(error);
        if (name && (revokedSessionErrors.includes(name) || bannedErrors.includes(name))) return lost(channel.id, name);
        throw error;
      }
      open.health.connectedAt = new Date();
      await accounts.setStatus(channel.id, 'active', null);
      if (!(await store.importedAt(channel.id)))
        void importDialogs(channel, open).catch((error: unknown) => {
          logger.warn({ err: error, channel_id: channel.id }, 'importing recent Telegram chats failed');
          if (connections.get(channel.id) === open)
            void accounts
              .setStatus(channel.id, 'active', 'Importing recent chats failed; new messages arrive normally.')
              .catch(() => undefined);
        });
    },

    async stopIntake(channelId: number): Promise<void> {
      await close(channelId);
    },

    async stopAll(): Promise<void> {
      for (const channelId of [...connections.keys()]) await close(channelId);
    },

    async health(channel: ChannelRecord): Promise<AccountHealth> {
      const open = connections.get(channel.id);
      return {
        connected: Boolean(open?.intake),
        ...(open?.health ?? { connectedAt: null, lastUpdateAt: null, floodWaits: 0, lastFloodWait: null }),
        pausedReason: await store.pausedReason(channel.id),
      };
    },

    /** Waits until every update received so far is journaled (tests, shutdown). */
    async drained(channelId: number): Promise<void> {
      await connections.get(channelId)?.queue;
    },

    /**
     * Records in the inbox, through the journal, messages the account itself deleted: Telegram does not echo
     * a deletion to the session that made it. Waits until it is journaled.
     */
    async recordOwnDeletion(channel: ChannelRecord, chatId: string, messageIds: number[]): Promise<void> {
      const open = live(channel);
      const key = `op:${[...messageIds].sort((a, b) => a - b).join(',')}`;
      journal(channel.id, open, [
        {
          eventId: `${chatId}:del:${key}`,
          chatKey: chatId,
          payload: { kind: 'delete', peer: { id: Number(chatId) }, ids: messageIds, pts: key },
        },
      ]);
      await open.queue;
    },

    /** The live client of an account connected here; TEMPORARY otherwise (delivery and downloads try again). */
    liveClient(channel: ChannelRecord): TelegramClient {
      return live(channel).client;
    },

    /** `dispatch`: the sent message also comes through intake (a chat started here has no conversation yet). */
    async send(channel: ChannelRecord, message: OutboundMessage, options: { dispatch?: boolean } = {}): Promise<SentMessage> {
      const open = live(channel);
      const paused = await store.pausedReason(channel.id);
      if (paused) throw new ChannelError('RATE_LIMITED', paused, pauseRecheckMs);
      await checkNewChatQuota(channel, open, message.chatId);
      const peer = Number(message.chatId);
      const replyTo = message.replyToExternalId ? Number(message.replyToExternalId) : undefined;
      try {
        const sent =
          message.media && message.media.length > 0
            ? await Promise.all(
                message.media.map((item, index) => {
                  const file = new Uint8Array(fs.readFileSync(item.path));
                  const caption = index === 0 ? (message.text ?? '') : '';
                  const fileName = item.fileName;
                  const media =
                    item.type === 'photo'
                      ? InputMedia.photo(file, { caption, fileName })
                      : item.type === 'voice'
                        ? InputMedia.voice(file, { caption, fileName, fileMime: item.mimeType ?? 'audio/ogg' })
                        : item.type === 'video'
                          ? InputMedia.video(file, { caption, fileName, fileMime: item.mimeType })
                          : item.type === 'audio'
                            ? InputMedia.audio(file, { caption, fileName, fileMime: item.mimeType })
                            : InputMedia.document(file, { caption, fileName: fileName ?? 'file', fileMime: item.mimeType });
                  return open.client.sendMedia(peer, media, { replyTo: index === 0 ? replyTo : undefined });
                }),
              )
            : [await open.client.sendText(peer, message.text ?? '', { replyTo, shouldDispatch: options.dispatch ? true : undefined })];
        open.knownChats.add(message.chatId);
        return { externalIds: sent.map((each) => String(each.id)), date: sent[0]!.date };
      } catch (error) {
        const name = rpcName(error);
        if (name === 'PEER_FLOOD') {
          const reason =
            'Telegram limited this account for sending to people who did not write first (PEER_FLOOD). Outgoing messages are paused: check @SpamBot in Telegram, then press Start on the account to resume.';
          await store.setPaused(channel.id, reason);
          await accounts.setStatus(channel.id, 'error', reason);
          logger.error({ channel_id: channel.id }, 'personal Telegram account hit PEER_FLOOD: outgoing queue paused');
          throw new ChannelError('RATE_LIMITED', reason, pauseRecheckMs);
        }
        if (name && (revokedSessionErrors.includes(name) || bannedErrors.includes(name))) await lost(channel.id, name);
        throw sendError(error);
      }
    },

    async sendTyping(channel: ChannelRecord, chatId: string): Promise<void> {
      const open = connections.get(channel.id);
      if (open) await open.client.sendTyping(Number(chatId), 'typing').catch(() => undefined);
    },
  };

  function live(channel: ChannelRecord): Connection {
    const open = connections.get(channel.id);
    if (!open?.intake)
      throw new ChannelError(
        'TEMPORARY',
        'The account is not connected on this instance (not logged in, stopped, or held by another instance).',
      );
    return open;
  }

  /** A chat with no history yet counts against the account's new chats of the (UTC) day. */
  async function checkNewChatQuota(channel: ChannelRecord, open: Connection, chatId: string): Promise<void> {
    if (open.knownChats.has(chatId)) return;
    const history = await open.client
      .call({
        _: 'messages.getHistory',
        peer: await open.client.resolvePeer(Number(chatId)),
        offsetId: 0,
        offsetDate: 0,
        addOffset: 0,
        limit: 1,
        maxId: 0,
        minId: 0,
        hash: Long.ZERO,
      })
      .catch((error: unknown) => {
        throw sendError(error);
      });
    if (history._ !== 'messages.messagesNotModified' && history.messages.length > 0) {
      open.knownChats.add(chatId);
      return;
    }
    const limit = (channel.settings as { new_chats_per_day?: number }).new_chats_per_day ?? options.pacing.newChatsPerDay;
    const today = utcDay();
    const counted = await store.newChats(channel.id);
    const chatIds = counted.day === today ? (counted.chatIds ?? []) : [];
    if (chatIds.includes(chatId)) return;
    if (chatIds.length >= limit) {
      const midnight = new Date(`${today}T00:00:00Z`).getTime() + 24 * 60 * 60 * 1000;
      throw new ChannelError(
        'RATE_LIMITED',
        `This account has started ${chatIds.length} new chats today, its limit (ban safety). The message waits until tomorrow (UTC).`,
        midnight - Date.now(),
      );
    }
    await store.setNewChats(channel.id, { day: today, chatIds: [...chatIds, chatId] });
  }
}
