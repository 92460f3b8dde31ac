// Where an account's mtcute client comes from: Telegram itself (TCP, through
// @mtcute/node) in production, the raw-call stub (telegram-network-stub.ts) in
// tests. The storage is always ours (session-store.ts).
import { TelegramClient, type ITelegramStorageProvider } from '@mtcute/node';
import type { ReconnectionStrategy } from './reconnects.ts';

export interface ClientParams {
  apiId: number;
  apiHash: string;
  storage: ITelegramStorageProvider;
  /** How long to wait before each reconnect (reconnects.ts records it in the health). */
  reconnectionStrategy?: ReconnectionStrategy;
}

export interface TelegramNetwork {
  createClient(params: ClientParams): TelegramClient;
}

/** The real network. catchUp: after a restart mtcute asks getDifference from the stored pts, so nothing is missed. */
export const telegramNetwork: TelegramNetwork = {
  createClient: ({ apiId, apiHash, storage, reconnectionStrategy }) =>
    new TelegramClient({
      apiId,
      apiHash,
      storage,
      reconnectionStrategy,
      logLevel: 1,
      // Flood waits up to 10 s (mtcute's default) are slept through; longer ones surface as FLOOD_WAIT, which delivery honours.
      updates: { catchUp: true },
      initConnectionOptions: { deviceModel: 'Switchboard', appVersion: '0.1' },
    }),
};
