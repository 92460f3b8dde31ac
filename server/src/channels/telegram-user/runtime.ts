// One account's live connection on the instance that holds its lease: the mtcute client (with our encrypted
// storage), losing a revoked session, health, and the parts that use the connection: intake (intake.ts) and
// sending with the account's ban-safety rules (outgoing.ts). Health goes to the account's status.
import type { TelegramClient } from '@mtcute/node';
import { ChannelError, type AccountHealth, type ChannelRecord } from '../channel.ts';
import { bannedErrors, bannedMessage, floodSeconds, revokedMessage, revokedSessionErrors, rpcName } from './errors.ts';
import { freshHealth, type Connection, type RuntimeOptions, type RuntimeState } from './connection.ts';
import { createIntake } from './intake.ts';
import { createOutgoing } from './outgoing.ts';
import { decodeTelegramUserCredentials } from './profile.ts';
import { followConnectionState, recordingStrategy } from './reconnects.ts';
import { EncryptedSessionStorage } from './session-store.ts';

export type { RuntimeOptions } from './connection.ts';

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
      const health = freshHealth();
      const client = options.network.createClient({
        apiId,
        apiHash,
        storage: new EncryptedSessionStorage(store, channel.id),
        reconnectionStrategy: recordingStrategy(health),
      });
      client.onConnectionState.add((state) => followConnectionState(health, state));
      open = {
        client,
        credentials: channel.credentials(),
        intake: false,
        health,
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

  function live(channel: ChannelRecord): Connection {
    const open = connections.get(channel.id);
    if (!open?.intake)
      throw new ChannelError(
        'TEMPORARY',
        'The account is not connected on this instance (not logged in, stopped, or held by another instance).',
      );
    return open;
  }

  async function loggedIn(open: Connection): Promise<boolean> {
    await open.client._client.prepare();
    return (await open.client._client.storage.self.fetch()) !== null;
  }

  const state: RuntimeState = { options, connections, close, lost };
  const intake = createIntake(state);
  const outgoing = createOutgoing(state, live);

  return {
    connection,
    close,
    connected: (channelId: number) => connections.has(channelId),
    send: outgoing.send,
    sendTyping: outgoing.sendTyping,

    async startIntake(channel: ChannelRecord): Promise<void> {
      const open = connection(channel);
      if (!(await loggedIn(open))) {
        if (channel.status !== 'authenticating')
          await accounts.setStatus(channel.id, 'created', 'Not logged in yet: send the login code (authenticate), then enter it.');
        return;
      }
      // Start (the admin's action) resumes an outgoing queue paused by PEER_FLOOD.
      await store.setPaused(channel.id, null);
      intake.attach(channel, open);
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
      await intake.importOnce(channel, open);
    },

    async stopIntake(channelId: number): Promise<void> {
      await close(channelId);
    },

    async stopAll(): Promise<void> {
      for (const channelId of [...connections.keys()]) await close(channelId);
    },

    /** This instance's view; when another instance holds the account's lease, the answer says which. */
    async health(channel: ChannelRecord): Promise<AccountHealth> {
      const open = connections.get(channel.id);
      const connected = Boolean(open?.intake);
      return {
        connected,
        ...(open?.health ?? freshHealth()),
        pausedReason: await store.pausedReason(channel.id),
        address: decodeTelegramUserCredentials(channel.credentials()).phone_number.replace(/^\+?/, '+'),
        heldElsewhere: connected ? null : ((await options.leases?.holderOf(channel.id)) ?? null),
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
      intake.journal(channel.id, open, [
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
  };
}
