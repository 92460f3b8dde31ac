// mtcute's client with its raw `call` answered by the stub: connecting, the pool and the DC are pretended; the
// auth key is made on first use (the handshake's stand-in) and kept in the account's storage.
import crypto from 'node:crypto';
import { BaseTelegramClient, tl, type MustEqual, type RpcCallOptions } from '@mtcute/node';
import type { ClientParams } from './network.ts';

/** Who answers the raw calls (the network stub). */
export interface StubAnswerer {
  answer(client: StubBaseClient, request: tl.RpcMethod): Promise<unknown>;
}

/** A client whose raw calls the stub answers; everything above `call` is mtcute's own. */
export class StubBaseClient extends BaseTelegramClient {
  private readonly network: StubAnswerer;
  private readonly reconnectionStrategy: ClientParams['reconnectionStrategy'];
  /** While the connection is cut: resolves when the network is back. */
  private outage: { back: Promise<void>; restore: () => void } | null = null;
  constructor(network: StubAnswerer, params: ClientParams) {
    super({
      apiId: params.apiId,
      apiHash: params.apiHash,
      storage: params.storage,
      logLevel: 0,
      updates: { catchUp: true },
      // Never used: the stub answers before any connection would be made.
      transport: {
        connect: () => Promise.reject(new Error('the Telegram network stub opens no connections')),
        packetCodec: () => {
          throw new Error('the Telegram network stub opens no connections');
        },
      },
    });
    this.network = network;
    this.reconnectionStrategy = params.reconnectionStrategy;
  }

  get cut(): boolean {
    return this.outage !== null;
  }

  /**
   * The connection drops and stays unreachable until restore(): what mtcute's PersistentConnection does then is
   * played here as it would be on TCP: the network goes offline, each attempt waits what the reconnection
   * strategy says (it announces "connecting"), fails while the network is down, and once it is back the
   * connection is usable again. Calls made meanwhile wait for it, as mtcute queues them.
   */
  cutConnection(): void {
    if (this.outage) return;
    let restore!: () => void;
    const back = new Promise<void>((resolve) => (restore = resolve));
    this.outage = { back, restore };
    this.mt.onNetworkChanged.emit(false);
    void this.reconnect(back);
  }

  /** The network is back: the next attempt succeeds. */
  restoreConnection(): void {
    this.outage?.restore();
  }

  private async reconnect(back: Promise<void>): Promise<void> {
    let reachable = false;
    void back.then(() => (reachable = true));
    const state = { previousWait: null as number | null, consequentFails: 0, lastError: null as Error | null };
    for (;;) {
      const wait = this.reconnectionStrategy?.(state) ?? 0;
      if (wait === false || this.destroyed) return;
      this.mt.onConnecting.emit();
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
      if (this.destroyed) return;
      if (reachable) break;
      Object.assign(state, { previousWait: wait, consequentFails: 1, lastError: new Error('connect ECONNREFUSED (stub)') });
    }
    this.outage = null;
    this.mt.onUsable.emit();
    // What the server held for the session meanwhile: mtcute asks getDifference and catches up.
    this.onServerUpdate.emit({ _: 'updatesTooLong' });
  }

  override async connect(): Promise<void> {
    await this.prepare();
  }
  override get isConnected(): boolean {
    return this.outage === null;
  }
  override async getPoolSize(): Promise<number> {
    return 1;
  }
  override async getPrimaryDcId(): Promise<number> {
    await this.prepare();
    return (await this.mt.storage.dcs.fetch())?.main.id ?? 2;
  }

  /** The auth key of this client's main DC, made on first use as a handshake would. */
  async authKey(): Promise<string> {
    await this.prepare();
    const dc = (await this.mt.storage.dcs.fetch())?.main.id ?? 2;
    let key = await this.mt.storage.provider.authKeys.get(dc);
    if (!key) {
      key = new Uint8Array(crypto.randomBytes(256));
      await this.mt.storage.provider.authKeys.set(dc, key);
      await this.mt.storage.save();
    }
    this.knownAuthKey = Buffer.from(key).toString('hex').slice(0, 32);
    return this.knownAuthKey;
  }
  /** The auth key as last made or read (the stub finds a client's account by it without waiting). */
  knownAuthKey: string | undefined;

  override async call<T extends tl.RpcMethod>(
    message: MustEqual<T, tl.RpcMethod>,
    _params?: RpcCallOptions,
  ): Promise<tl.RpcCallReturn[T['_']]> {
    // A call made while the connection is down waits for the reconnect.
    await this.outage?.back;
    const result = await this.network.answer(this, message);
    await this.storage.peers.updatePeersFrom(result as tl.TlObject);
    return result;
  }
}
