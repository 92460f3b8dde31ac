// One account's live connection as the runtime's parts share it: the mtcute client, its health counters,
// the journal queue, and what the parts ask of the runtime (close it, give it up as lost).
import type { TelegramClient } from '@mtcute/node';
import type { Logger } from '../../platform/index.ts';
import type { IntakeSink, RawUpdate } from '../channel.ts';
import type { ChannelAccounts } from '../module.ts';
import type { MessagePeers } from './message-peers.ts';
import type { ConnectionState } from './reconnects.ts';
import type { TelegramNetwork } from './network.ts';
import type { TelegramUserPacing } from './profile.ts';
import type { SessionStore } from './session-store.ts';

export interface RuntimeOptions {
  network: TelegramNetwork;
  store: SessionStore;
  sink: IntakeSink;
  logger: Logger;
  accounts: ChannelAccounts;
  pacing: TelegramUserPacing;
  peers: MessagePeers;
  /** What else the health answer reads (the account's lease, held by another instance). */
  leases?: { holderOf(channelId: number): Promise<{ instanceId: string; since: Date } | null> };
}

/** A deletion waits for its chats to be looked up (message ids only) when its batch is written. */
export type PendingUpdate = RawUpdate | { deletion: { ids: number[]; pts: number } };

export interface ConnectionHealth {
  connectedAt: Date | null;
  lastUpdateAt: Date | null;
  floodWaits: number;
  lastFloodWait: { seconds: number; at: Date } | null;
  /** The first import of recent chats while it runs (chats done of total). */
  importing: { done: number; total: number } | null;
  /** mtcute's connection state (reconnects.ts); null before the first. */
  state: ConnectionState | null;
  /** Connections lost and made again since this connection was opened, and the last. */
  reconnects: number;
  lastReconnectAt: Date | null;
  /** Since when the connection is lost (null while connected). */
  droppedAt: Date | null;
  /** While reconnecting: which attempt comes next, after how long a wait, and when. */
  backoff: { attempt: number; waitMs: number; nextAttemptAt: Date } | null;
}

export const freshHealth = (): ConnectionHealth => ({
  connectedAt: null,
  lastUpdateAt: null,
  floodWaits: 0,
  lastFloodWait: null,
  importing: null,
  state: null,
  reconnects: 0,
  lastReconnectAt: null,
  droppedAt: null,
  backoff: null,
});

export interface Connection {
  client: TelegramClient;
  /** The credentials it was made with: changed ones (a new api_hash) need a new client. */
  credentials: string;
  intake: boolean;
  health: ConnectionHealth;
  /** Journal writes in the order updates arrived. */
  queue: Promise<unknown>;
  pending: PendingUpdate[];
  /** Chats Telegram showed history for, or we sent to (not "new" for the daily quota); asked once per chat and process. */
  knownChats: Set<string>;
}

/** What the runtime's parts (intake, import, sending) share. */
export interface RuntimeState {
  options: RuntimeOptions;
  connections: Map<number, Connection>;
  close(channelId: number): Promise<void>;
  /** The session is gone or the number is banned: stop, forget the keys, say what to do. */
  lost(channelId: number, errorName: string): Promise<void>;
}
