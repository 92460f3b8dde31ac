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
  }

  override async connect(): Promise<void> {
    await this.prepare();
  }
  override get isConnected(): boolean {
    return true;
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
    return Buffer.from(key).toString('hex').slice(0, 32);
  }

  override async call<T extends tl.RpcMethod>(
    message: MustEqual<T, tl.RpcMethod>,
    _params?: RpcCallOptions,
  ): Promise<tl.RpcCallReturn[T['_']]> {
    const result = await this.network.answer(this, message);
    await this.storage.peers.updatePeersFrom(result as tl.TlObject);
    return result;
  }
}
