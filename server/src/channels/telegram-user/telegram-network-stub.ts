// The Telegram network stub for tests: mtcute's real client (its login,
// update-gap recovery, catch-up, peer cache, SRP password proof) runs unchanged
// on top; only its raw `call` layer is answered here, with real TL objects and
// real RPC errors, as @mtcute/test's StubTelegramClient does (that package
// loads vitest at import time and pins another mtcute version). Nothing in our
// own code is mocked. Each client's auth key is made on its first call (the
// handshake's stand-in) and kept in the account's storage, so a restarted
// client is authorised only if our storage kept the key.
import crypto from 'node:crypto';
import { BaseTelegramClient, Long, TelegramClient, tl, type MustEqual, type RpcCallOptions } from '@mtcute/node';
import type { ClientParams, TelegramNetwork } from './network.ts';
import { createSrpChallenge } from './srp-server.ts';

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

interface StubUser {
  id: number;
  accessHash: Long;
  firstName: string;
  lastName?: string;
  username?: string;
  phone?: string;
}

interface StubAccount extends StubUser {
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

interface PendingCode {
  phone: string;
  code: string;
  typeIndex: number;
  expired: boolean;
}

interface Authorization {
  userId?: number;
  passwordPending?: boolean;
  srp?: ReturnType<typeof createSrpChallenge> & { id: Long };
}

/** Telegram's standard reactions (a sample of the set everyone may use). */
const standardReactions = new Set(['👍', '👎', '❤', '🔥', '🥰', '👏', '😁', '🤔', '🎉', '😢', '🙏', '👌', '😍', '💯', '🤝', '😎']);

const rpcError = (code: number, message: string) => tl.RpcError.fromTl({ _: 'rpc_error', errorCode: code, errorMessage: message });
const now = () => Math.floor(Date.now() / 1000);
const bareId = (value: string) => value.replace(/\D/g, '');

function sentCodeType(type: StubCodeType): tl.auth.TypeSentCodeType {
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

function codeType(type: StubCodeType | undefined): tl.auth.TypeCodeType | undefined {
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

/** A client whose raw calls the stub answers; everything above `call` is mtcute's own. */
class StubBaseClient extends BaseTelegramClient {
  private readonly network: TelegramNetworkStub;
  constructor(network: TelegramNetworkStub, params: ClientParams) {
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

export class TelegramNetworkStub implements TelegramNetwork {
  /** Valid api_id → api_hash pairs (my.telegram.org apps). */
  readonly apps = new Map<number, string>();
  readonly accounts = new Map<string, StubAccount>();
  readonly users = new Map<number, StubUser>();
  /** Every raw call made, in order (method names). */
  readonly calls: string[] = [];
  private readonly codes = new Map<string, PendingCode>();
  private readonly authorizations = new Map<string, Authorization>();
  private readonly clients = new Set<StubBaseClient>();
  private readonly failures: Array<{ method: string; error: string }> = [];
  private nextUserId = 1_000_000;
  /** The `timeout` a sent code carries when a resend is possible. */
  resendTimeoutSeconds = 60;

  createClient(params: ClientParams): TelegramClient {
    const base = new StubBaseClient(this, params);
    this.clients.add(base);
    return new TelegramClient({ client: base });
  }

  addApp(apiId: number, apiHash: string): void {
    this.apps.set(apiId, apiHash);
  }

  addAccount(input: StubAccountInput): StubAccount {
    const account: StubAccount = {
      id: this.nextUserId++,
      accessHash: Long.fromNumber(crypto.randomInt(1, 2 ** 47)),
      firstName: input.firstName,
      username: input.username,
      phone: bareId(input.phone),
      password: input.password,
      codeTypes: input.codeTypes ?? ['app', 'sms'],
      banned: input.banned ?? false,
      pts: 1,
      lastMessageId: 0,
      log: [],
      reactions: new Map(),
      messages: new Map(),
    };
    this.accounts.set(account.phone!, account);
    this.users.set(account.id, account);
    return account;
  }

  addUser(firstName: string, extra: Partial<StubUser> = {}): StubUser {
    const user: StubUser = { id: this.nextUserId++, accessHash: Long.fromNumber(crypto.randomInt(1, 2 ** 47)), firstName, ...extra };
    this.users.set(user.id, user);
    return user;
  }

  /** The code the stub "sent" for a phone (what the person would read). */
  codeFor(phone: string): string | undefined {
    return [...this.codes.values()].reverse().find((code) => code.phone === bareId(phone))?.code;
  }

  expireCodes(phone: string): void {
    for (const code of this.codes.values()) if (code.phone === bareId(phone)) code.expired = true;
  }

  /** The next call of `method` fails with this RPC error (e.g. FLOOD_WAIT_30, PEER_FLOOD). */
  failNext(method: string, error: string): void {
    this.failures.push({ method, error });
  }

  /** Ends every session of the account, as "Terminate all other sessions" does, and nudges connected clients to notice. */
  revoke(phone: string): void {
    const account = this.account(phone);
    for (const authorization of this.authorizations.values()) if (authorization.userId === account.id) authorization.userId = undefined;
    this.push(account, { _: 'updatesTooLong' });
  }

  ban(phone: string): void {
    this.account(phone).banned = true;
  }

  /** A customer writes to the account. */
  incoming(phone: string, from: StubUser, text: string, extra: Partial<tl.RawMessage> = {}): tl.RawMessage {
    return this.newMessage(this.account(phone), from, false, text, extra);
  }

  /** The owner writes from their phone. */
  outgoingFromPhone(phone: string, to: StubUser, text: string, extra: Partial<tl.RawMessage> = {}): tl.RawMessage {
    return this.newMessage(this.account(phone), to, true, text, extra);
  }

  edit(phone: string, messageId: number, text: string): void {
    const account = this.account(phone);
    const message = account.messages.get(messageId)!;
    const edited: tl.RawMessage = { ...message, message: text, editDate: now() };
    account.messages.set(messageId, edited);
    this.record(account, { _: 'updateEditMessage', message: edited, pts: ++account.pts, ptsCount: 1 });
  }

  /** Messages deleted for both sides (by the customer, or by the owner on their phone): one update with ids only, as Telegram sends. */
  deleteMessages(phone: string, ids: number[]): void {
    const account = this.account(phone);
    for (const id of ids) account.messages.delete(id);
    account.pts += ids.length;
    this.record(account, { _: 'updateDeleteMessages', messages: ids, pts: account.pts, ptsCount: ids.length });
  }

  /** The customer read the account's messages up to `maxId` (updateReadHistoryOutbox: the account's ticks turn read). */
  readOutbox(phone: string, peer: StubUser, maxId: number): void {
    const account = this.account(phone);
    this.record(account, {
      _: 'updateReadHistoryOutbox',
      peer: { _: 'peerUser', userId: peer.id },
      maxId,
      pts: ++account.pts,
      ptsCount: 1,
    });
  }

  /** The customer's reactions on a message now (updateMessageReactions carries the whole tally; the account's own stay chosen). */
  react(phone: string, messageId: number, emoji: string[]): void {
    const account = this.account(phone);
    const message = account.messages.get(messageId)!;
    this.reactions(account, message).customer = [...emoji];
    this.push(account, {
      _: 'updates',
      updates: [this.reactionUpdate(account, message)],
      users: this.usersOf(account, [message]),
      chats: [],
      date: now(),
      seq: 0,
    });
  }

  /** The account's own reactions on a message (messages.sendReaction). */
  ownReactions(phone: string, messageId: number): string[] {
    const account = this.account(phone);
    return [...(account.reactions.get(messageId)?.own ?? [])];
  }

  private reactions(account: StubAccount, message: tl.RawMessage) {
    let entry = account.reactions.get(message.id);
    if (!entry) account.reactions.set(message.id, (entry = { customer: [], own: [] }));
    return entry;
  }

  private reactionUpdate(account: StubAccount, message: tl.RawMessage): tl.RawUpdateMessageReactions {
    const { customer, own } = this.reactions(account, message);
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

  /** A photo a customer sends: its bytes are served by upload.getFile (what a message's `media` carries). */
  photo(bytes: Uint8Array, size = { width: 800, height: 600 }): tl.RawMessageMediaPhoto {
    const file = this.storeFile(bytes);
    return {
      _: 'messageMediaPhoto',
      photo: {
        _: 'photo',
        id: file.id,
        accessHash: file.accessHash,
        fileReference: file.fileReference,
        date: now(),
        sizes: [{ _: 'photoSize', type: 'y', w: size.width, h: size.height, size: bytes.length }],
        dcId: 2,
      },
    };
  }

  /** A document (a voice note with `voice`): its bytes are served by upload.getFile. */
  document(bytes: Uint8Array, options: { mimeType: string; fileName?: string; voice?: { duration: number } }): tl.RawMessageMediaDocument {
    const file = this.storeFile(bytes);
    const attributes: tl.TypeDocumentAttribute[] = [];
    if (options.fileName) attributes.push({ _: 'documentAttributeFilename', fileName: options.fileName });
    if (options.voice) attributes.push({ _: 'documentAttributeAudio', voice: true, duration: options.voice.duration });
    return {
      _: 'messageMediaDocument',
      document: {
        _: 'document',
        id: file.id,
        accessHash: file.accessHash,
        fileReference: file.fileReference,
        date: now(),
        mimeType: options.mimeType,
        size: bytes.length,
        dcId: 2,
        attributes,
      },
    };
  }

  /** Files downloaded so far (location ids), for tests. */
  readonly downloads: string[] = [];
  private readonly files = new Map<string, { id: Long; accessHash: Long; fileReference: Uint8Array; bytes: Uint8Array }>();
  private storeFile(bytes: Uint8Array) {
    const file = {
      id: Long.fromNumber(crypto.randomInt(1, 2 ** 47)),
      accessHash: Long.fromNumber(crypto.randomInt(1, 2 ** 47)),
      fileReference: new Uint8Array(crypto.randomBytes(8)),
      bytes,
    };
    this.files.set(file.id.toString(), file);
    return file;
  }

  /** upload.getFile: the part asked for, or Telegram's errors for a wrong access hash or file reference. */
  private getFile(request: tl.upload.RawGetFileRequest): tl.upload.RawFile {
    const location = request.location;
    if (location._ !== 'inputPhotoFileLocation' && location._ !== 'inputDocumentFileLocation') throw rpcError(400, 'LOCATION_INVALID');
    const file = this.files.get(location.id.toString());
    if (!file || !file.accessHash.equals(location.accessHash)) throw rpcError(400, 'LOCATION_INVALID');
    if (Buffer.compare(Buffer.from(file.fileReference), Buffer.from(location.fileReference)) !== 0)
      throw rpcError(400, 'FILE_REFERENCE_EXPIRED');
    this.downloads.push(location.id.toString());
    return {
      _: 'upload.file',
      type: { _: 'storage.filePartial' },
      mtime: now(),
      bytes: file.bytes.subarray(request.offset, request.offset + request.limit),
    };
  }

  /** The chat's history is cleared for both sides (as "Delete chat … for both"): the next message starts a new chat. */
  clearHistory(phone: string, userId: number): void {
    const account = this.account(phone);
    for (const [id, message] of account.messages)
      if (message.peerId._ === 'peerUser' && message.peerId.userId === userId) account.messages.delete(id);
  }

  /** The messages a client of the account sent, per chat (what the customer sees). */
  sentTo(phone: string, userId: number): tl.RawMessage[] {
    return [...this.account(phone).messages.values()].filter(
      (message) => message.out && message.peerId._ === 'peerUser' && message.peerId.userId === userId,
    );
  }

  private account(phone: string): StubAccount {
    const account = this.accounts.get(bareId(phone));
    if (!account) throw new Error(`the stub has no account ${phone}`);
    return account;
  }

  private rawUser(user: StubUser, self = false): tl.RawUser {
    return {
      _: 'user',
      id: user.id,
      accessHash: user.accessHash,
      firstName: user.firstName,
      lastName: user.lastName,
      username: user.username,
      phone: user.phone,
      self,
      contact: false,
    };
  }

  private usersOf(account: StubAccount, messages: tl.RawMessage[]): tl.RawUser[] {
    const ids = new Set<number>([account.id]);
    for (const message of messages) if (message.peerId._ === 'peerUser') ids.add(message.peerId.userId);
    return [...ids].map((id) => this.rawUser(this.users.get(id)!, id === account.id));
  }

  private newMessage(account: StubAccount, peer: StubUser, out: boolean, text: string, extra: Partial<tl.RawMessage>): tl.RawMessage {
    const message: tl.RawMessage = {
      _: 'message',
      id: ++account.lastMessageId,
      out,
      peerId: { _: 'peerUser', userId: peer.id },
      fromId: out ? { _: 'peerUser', userId: account.id } : undefined,
      date: now(),
      message: text,
      ...extra,
    };
    account.messages.set(message.id, message);
    this.record(account, { _: 'updateNewMessage', message, pts: ++account.pts, ptsCount: 1 });
    return message;
  }

  private record(
    account: StubAccount,
    update: tl.RawUpdateNewMessage | tl.RawUpdateEditMessage | tl.RawUpdateDeleteMessages | tl.RawUpdateReadHistoryOutbox,
  ): void {
    account.log.push({ pts: update.pts, update });
    const messages = 'message' in update && update.message._ === 'message' ? [update.message] : [];
    this.push(account, { _: 'updates', updates: [update], users: this.usersOf(account, messages), chats: [], date: now(), seq: 0 });
  }

  /** Sends an update to every client of the account whose updates loop runs (offline ones catch up with getDifference). */
  private pushes: Promise<void> = Promise.resolve();
  private push(account: StubAccount, updates: tl.TypeUpdates): void {
    // In order, as one connection delivers them (out-of-order pts would send mtcute to getDifference).
    this.pushes = this.pushes.then(async () => {
      for (const client of this.clients) {
        if (client.destroyed) {
          this.clients.delete(client);
          continue;
        }
        const authorization = this.authorizations.get(await client.authKey());
        if (authorization?.userId === account.id || (updates._ === 'updatesTooLong' && authorization && !authorization.userId))
          client.onServerUpdate.emit(updates);
      }
    });
  }

  private signedIn(authorization: Authorization): StubAccount {
    const account = [...this.accounts.values()].find((each) => each.id === authorization.userId);
    if (!account) throw rpcError(401, 'AUTH_KEY_UNREGISTERED');
    if (account.banned) throw rpcError(401, 'USER_DEACTIVATED_BAN');
    return account;
  }

  private inputUserId(account: StubAccount, peer: tl.TypeInputPeer | tl.TypeInputUser): number {
    if (peer._ === 'inputPeerSelf' || peer._ === 'inputUserSelf') return account.id;
    if (peer._ === 'inputPeerUser' || peer._ === 'inputUser') {
      const user = this.users.get(peer.userId);
      if (!user || !user.accessHash.equals(peer.accessHash)) throw rpcError(400, 'PEER_ID_INVALID');
      return user.id;
    }
    throw rpcError(400, 'PEER_ID_INVALID');
  }

  private authorize(authorization: Authorization, account: StubAccount): tl.auth.RawAuthorization {
    authorization.userId = account.id;
    authorization.passwordPending = false;
    return { _: 'auth.authorization', user: this.rawUser(account, true) };
  }

  private sentCode(pending: PendingCode, hash: string, account: StubAccount): tl.auth.RawSentCode {
    const next = account.codeTypes[pending.typeIndex + 1];
    return {
      _: 'auth.sentCode',
      type: sentCodeType(account.codeTypes[pending.typeIndex]!),
      phoneCodeHash: hash,
      nextType: codeType(next),
      timeout: next ? this.resendTimeoutSeconds : undefined,
    };
  }

  private sendMessage(account: StubAccount, peerId: number, text: string, randomId: Long, extra: Partial<tl.RawMessage>): tl.TypeUpdates {
    const message: tl.RawMessage = {
      _: 'message',
      id: ++account.lastMessageId,
      out: true,
      peerId: { _: 'peerUser', userId: peerId },
      fromId: { _: 'peerUser', userId: account.id },
      date: now(),
      message: text,
      ...extra,
    };
    account.messages.set(message.id, message);
    const update: tl.RawUpdateNewMessage = { _: 'updateNewMessage', message, pts: ++account.pts, ptsCount: 1 };
    account.log.push({ pts: update.pts, update });
    return {
      _: 'updates',
      updates: [{ _: 'updateMessageID', id: message.id, randomId }, update],
      users: this.usersOf(account, [message]),
      chats: [],
      date: message.date,
      seq: 0,
    };
  }

  /** One raw call, answered as Telegram would. */
  async answer(client: StubBaseClient, request: tl.RpcMethod): Promise<unknown> {
    this.calls.push(request._);
    const failure = this.failures.findIndex((each) => each.method === request._);
    if (failure >= 0) {
      const error = this.failures.splice(failure, 1)[0]!.error;
      throw rpcError(error.startsWith('FLOOD_WAIT') ? 420 : 400, error);
    }
    const key = await client.authKey();
    const authorization = this.authorizations.get(key) ?? {};
    this.authorizations.set(key, authorization);
    const { id: apiId, hash: apiHash } = await client.getApiCredentials();
    switch (request._) {
      case 'auth.sendCode': {
        if (this.apps.get(request.apiId) !== request.apiHash) throw rpcError(400, 'API_ID_INVALID');
        const account = this.accounts.get(bareId(request.phoneNumber));
        if (!account) throw rpcError(400, 'PHONE_NUMBER_UNOCCUPIED');
        if (account.banned) throw rpcError(400, 'PHONE_NUMBER_BANNED');
        const hash = crypto.randomBytes(8).toString('hex');
        const pending = { phone: account.phone!, code: String(crypto.randomInt(10_000, 99_999)), typeIndex: 0, expired: false };
        this.codes.set(hash, pending);
        return this.sentCode(pending, hash, account);
      }
      case 'auth.resendCode': {
        const pending = this.codes.get(request.phoneCodeHash);
        if (!pending || pending.expired) throw rpcError(400, 'PHONE_CODE_EXPIRED');
        const account = this.account(pending.phone);
        if (!account.codeTypes[pending.typeIndex + 1]) throw rpcError(400, 'SEND_CODE_UNAVAILABLE');
        pending.typeIndex += 1;
        pending.code = String(crypto.randomInt(10_000, 99_999));
        return this.sentCode(pending, request.phoneCodeHash, account);
      }
      case 'auth.signIn': {
        const pending = this.codes.get(request.phoneCodeHash);
        if (!pending || pending.expired || pending.phone !== bareId(request.phoneNumber)) throw rpcError(400, 'PHONE_CODE_EXPIRED');
        if (request.phoneCode !== pending.code) throw rpcError(400, 'PHONE_CODE_INVALID');
        const account = this.account(pending.phone);
        this.codes.delete(request.phoneCodeHash);
        if (account.password) {
          authorization.passwordPending = true;
          authorization.userId = undefined;
          (authorization as { pendingUser?: number }).pendingUser = account.id;
          throw rpcError(401, 'SESSION_PASSWORD_NEEDED');
        }
        return this.authorize(authorization, account);
      }
      case 'account.getPassword': {
        const pendingUser = (authorization as { pendingUser?: number }).pendingUser;
        const account = [...this.accounts.values()].find((each) => each.id === (authorization.userId ?? pendingUser));
        if (!account?.password)
          return {
            _: 'account.password',
            hasPassword: false,
            newAlgo: { _: 'passwordKdfAlgoUnknown' },
            newSecureAlgo: { _: 'securePasswordKdfAlgoUnknown' },
            secureRandom: new Uint8Array(32),
          };
        const srp = { ...createSrpChallenge(account.password), id: Long.fromNumber(crypto.randomInt(1, 2 ** 47)) };
        authorization.srp = srp;
        return {
          _: 'account.password',
          hasPassword: true,
          hint: 'the usual one',
          currentAlgo: { _: 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow', ...srp.algo },
          srpB: srp.srpB,
          srpId: srp.id,
          newAlgo: { _: 'passwordKdfAlgoUnknown' },
          newSecureAlgo: { _: 'securePasswordKdfAlgoUnknown' },
          secureRandom: new Uint8Array(32),
        } satisfies tl.account.RawPassword;
      }
      case 'auth.checkPassword': {
        const pendingUser = (authorization as { pendingUser?: number }).pendingUser;
        const account = [...this.accounts.values()].find((each) => each.id === pendingUser);
        if (!authorization.passwordPending || !account || !authorization.srp) throw rpcError(400, 'PASSWORD_HASH_INVALID');
        const input = request.password;
        if (
          input._ !== 'inputCheckPasswordSRP' ||
          !input.srpId.equals(authorization.srp.id) ||
          !authorization.srp.verify(input.A, input.M1)
        )
          throw rpcError(400, 'PASSWORD_HASH_INVALID');
        return this.authorize(authorization, account);
      }
      case 'auth.logOut': {
        authorization.userId = undefined;
        return { _: 'auth.loggedOut' };
      }
    }
    // Everything else needs a signed-in session, as at Telegram.
    void apiId;
    void apiHash;
    const account = this.signedIn(authorization);
    switch (request._) {
      case 'users.getUsers':
        return request.id.map((input) => this.rawUser(this.users.get(this.inputUserId(account, input))!, input._ === 'inputUserSelf'));
      case 'updates.getState':
        return { _: 'updates.state', pts: account.pts, qts: 0, date: now(), seq: 0, unreadCount: 0 };
      case 'updates.getDifference': {
        const missed = account.log.filter((entry) => entry.pts > request.pts);
        const state: tl.updates.RawState = { _: 'updates.state', pts: account.pts, qts: 0, date: now(), seq: 0, unreadCount: 0 };
        if (missed.length === 0) return { _: 'updates.differenceEmpty', date: state.date, seq: 0 };
        const newMessages = missed.flatMap((entry) =>
          entry.update._ === 'updateNewMessage' && entry.update.message._ === 'message' ? [entry.update.message] : [],
        );
        const otherUpdates = missed.filter((entry) => entry.update._ !== 'updateNewMessage').map((entry) => entry.update);
        const mentioned = missed.flatMap((entry) =>
          (entry.update._ === 'updateNewMessage' || entry.update._ === 'updateEditMessage') && entry.update.message._ === 'message'
            ? [entry.update.message]
            : [],
        );
        return {
          _: 'updates.difference',
          newMessages,
          newEncryptedMessages: [],
          otherUpdates,
          chats: [],
          users: this.usersOf(account, mentioned),
          state,
        } satisfies tl.updates.RawDifference;
      }
      case 'messages.sendMessage': {
        const peerId = this.inputUserId(account, request.peer);
        const replyTo =
          request.replyTo?._ === 'inputReplyToMessage'
            ? { _: 'messageReplyHeader' as const, replyToMsgId: request.replyTo.replyToMsgId }
            : undefined;
        return this.sendMessage(account, peerId, request.message, request.randomId, { replyTo });
      }
      case 'messages.sendMedia': {
        const peerId = this.inputUserId(account, request.peer);
        const media: tl.TypeMessageMedia =
          request.media._ === 'inputMediaUploadedPhoto'
            ? { _: 'messageMediaPhoto', photo: { _: 'photoEmpty', id: Long.fromNumber(account.lastMessageId + 1) } }
            : { _: 'messageMediaDocument', document: { _: 'documentEmpty', id: Long.fromNumber(account.lastMessageId + 1) } };
        return this.sendMessage(account, peerId, request.message, request.randomId, { media });
      }
      case 'upload.getFile':
        return this.getFile(request);
      case 'contacts.resolveUsername': {
        const user = [...this.users.values()].find((each) => each.username?.toLowerCase() === request.username.toLowerCase());
        if (!user) throw rpcError(400, 'USERNAME_NOT_OCCUPIED');
        return { _: 'contacts.resolvedPeer', peer: { _: 'peerUser', userId: user.id }, chats: [], users: [this.rawUser(user)] };
      }
      case 'contacts.resolvePhone': {
        const user = [...this.users.values()].find((each) => each.phone === bareId(request.phone));
        if (!user) throw rpcError(400, 'PHONE_NOT_OCCUPIED');
        return { _: 'contacts.resolvedPeer', peer: { _: 'peerUser', userId: user.id }, chats: [], users: [this.rawUser(user)] };
      }
      case 'upload.saveFilePart':
      case 'upload.saveBigFilePart':
      case 'messages.setTyping':
        return true;
      case 'messages.editMessage': {
        const message = account.messages.get(request.id);
        if (!message?.out) throw rpcError(400, 'MESSAGE_ID_INVALID');
        const edited: tl.RawMessage = { ...message, message: request.message ?? message.message, editDate: now() };
        account.messages.set(edited.id, edited);
        const update: tl.RawUpdateEditMessage = { _: 'updateEditMessage', message: edited, pts: ++account.pts, ptsCount: 1 };
        account.log.push({ pts: update.pts, update });
        return { _: 'updates', updates: [update], users: this.usersOf(account, [edited]), chats: [], date: now(), seq: 0 };
      }
      case 'messages.deleteMessages': {
        for (const id of request.id) account.messages.delete(id);
        account.pts += request.id.length;
        account.log.push({
          pts: account.pts,
          update: { _: 'updateDeleteMessages', messages: request.id, pts: account.pts, ptsCount: request.id.length },
        });
        return { _: 'messages.affectedMessages', pts: account.pts, ptsCount: request.id.length };
      }
      case 'messages.sendReaction': {
        const message = account.messages.get(request.msgId);
        if (!message || message.peerId._ !== 'peerUser' || message.peerId.userId !== this.inputUserId(account, request.peer))
          throw rpcError(400, 'MESSAGE_ID_INVALID');
        const emoji = (request.reaction ?? []).map((reaction) => {
          if (reaction._ !== 'reactionEmoji' || !standardReactions.has(reaction.emoticon.replace(/\uFE0F/g, '')))
            throw rpcError(400, 'REACTION_INVALID');
          return reaction.emoticon;
        });
        // A non-Premium account sets one reaction per message.
        if (emoji.length > 1) throw rpcError(400, 'REACTIONS_TOO_MANY');
        this.reactions(account, message).own = emoji;
        return { _: 'updates', updates: [this.reactionUpdate(account, message)], users: [], chats: [], date: now(), seq: 0 };
      }
      case 'messages.getDialogs': {
        const latest = new Map<number, tl.RawMessage>();
        for (const message of account.messages.values()) if (message.peerId._ === 'peerUser') latest.set(message.peerId.userId, message);
        const top = [...latest.values()].sort((a, b) => b.id - a.id).slice(0, request.limit);
        return {
          _: 'messages.dialogs',
          dialogs: top.map((message): tl.RawDialog => ({
            _: 'dialog',
            peer: message.peerId,
            topMessage: message.id,
            readInboxMaxId: 0,
            readOutboxMaxId: 0,
            unreadCount: 0,
            unreadMentionsCount: 0,
            unreadReactionsCount: 0,
            unreadPollVotesCount: 0,
            notifySettings: { _: 'peerNotifySettings' },
          })),
          messages: top,
          chats: [],
          users: this.usersOf(account, top),
        } satisfies tl.messages.RawDialogs;
      }
      case 'messages.getHistory': {
        const peerId = this.inputUserId(account, request.peer);
        const history = [...account.messages.values()]
          .filter((message) => message.peerId._ === 'peerUser' && message.peerId.userId === peerId)
          .filter((message) => !request.offsetId || message.id < request.offsetId)
          .sort((a, b) => b.id - a.id)
          .slice(0, request.limit);
        return { _: 'messages.messages', messages: history, chats: [], users: this.usersOf(account, history) };
      }
    }
    throw rpcError(400, `STUB_METHOD_UNKNOWN_${request._.toUpperCase().replace(/\W/g, '_')}`);
  }
}
