// The Telegram network stub for tests: mtcute's real client (its login,
// update-gap recovery, catch-up, peer cache, SRP password proof) runs unchanged
// on top; only its raw `call` layer is answered here, with real TL objects and
// real RPC errors, as @mtcute/test's StubTelegramClient does (that package
// loads vitest at import time and pins another mtcute version). Nothing in our
// own code is mocked. Each client's auth key is made on its first call (the
// handshake's stand-in) and kept in the account's storage, so a restarted
// client is authorised only if our storage kept the key. The parts are in
// stub-*.ts: the world (people, accounts, TL shapes), the client, the login
// calls, the signed-in calls and files.
import crypto from 'node:crypto';
import { Long, TelegramClient, tl } from '@mtcute/node';
import type { ClientParams, TelegramNetwork } from './network.ts';
import { answerAccountCall } from './stub-account-calls.ts';
import { StubBaseClient } from './stub-client.ts';
import { StubFiles } from './stub-files.ts';
import { answerLogin, isLoginCall } from './stub-login-calls.ts';
import {
  bareId,
  now,
  reactionUpdate,
  reactionsOf,
  rpcError,
  type Authorization,
  type PendingCode,
  type StubAccount,
  type StubAccountInput,
  type StubUser,
} from './stub-world.ts';

export type { StubCodeType, StubAccountInput } from './stub-world.ts';

export class TelegramNetworkStub implements TelegramNetwork {
  /** Valid api_id → api_hash pairs (my.telegram.org apps). */
  readonly apps = new Map<number, string>();
  readonly accounts = new Map<string, StubAccount>();
  readonly users = new Map<number, StubUser>();
  /** Every raw call made, in order (method names). */
  readonly calls: string[] = [];
  /** @internal login codes sent, by phone_code_hash (login-calls.ts) */
  readonly codes = new Map<string, PendingCode>();
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

  private readonly holds = new Map<string, Promise<void>>();
  /** Calls of `method` wait until the returned release is called (to look at what happens meanwhile). */
  hold(method: string): () => void {
    let release!: () => void;
    this.holds.set(method, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.holds.delete(method);
      release();
    };
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

  /** The account's connections drop and cannot reconnect until restoreConnections (their backoff runs meanwhile). */
  cutConnections(phone: string): void {
    for (const client of this.clientsOf(phone)) client.cutConnection();
  }

  restoreConnections(phone: string): void {
    for (const client of this.clientsOf(phone)) client.restoreConnection();
  }

  private clientsOf(phone: string): StubBaseClient[] {
    const account = this.account(phone);
    return [...this.clients].filter(
      (client) => !client.destroyed && this.authorizations.get(client.knownAuthKey ?? '')?.userId === account.id,
    );
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
    reactionsOf(account, message).customer = [...emoji];
    this.push(account, {
      _: 'updates',
      updates: [reactionUpdate(account, message)],
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

  /** Files customers send (photo(), document()) and what was downloaded of them (downloads). */
  readonly files = new StubFiles();
  /** A photo a customer sends: its bytes are served by upload.getFile (what a message's `media` carries). */
  photo(bytes: Uint8Array, size?: { width: number; height: number }): tl.RawMessageMediaPhoto {
    return this.files.photo(bytes, size);
  }
  /** A document (a voice note with `voice`): its bytes are served by upload.getFile. */
  document(bytes: Uint8Array, options: { mimeType: string; fileName?: string; voice?: { duration: number } }): tl.RawMessageMediaDocument {
    return this.files.document(bytes, options);
  }
  /** Files downloaded so far (location ids), for tests. */
  get downloads(): string[] {
    return this.files.downloads;
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

  /** @internal for the call handlers */
  account(phone: string): StubAccount {
    const account = this.accounts.get(bareId(phone));
    if (!account) throw new Error(`the stub has no account ${phone}`);
    return account;
  }

  /** @internal for the call handlers */
  rawUser(user: StubUser, self = false): tl.RawUser {
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

  /** @internal for the call handlers */
  usersOf(account: StubAccount, messages: tl.RawMessage[]): tl.RawUser[] {
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
        // A cut connection hears nothing; it catches up when it is back.
        if (client.cut) continue;
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

  /** @internal for the call handlers */
  inputUserId(account: StubAccount, peer: tl.TypeInputPeer | tl.TypeInputUser): number {
    if (peer._ === 'inputPeerSelf' || peer._ === 'inputUserSelf') return account.id;
    if (peer._ === 'inputPeerUser' || peer._ === 'inputUser') {
      const user = this.users.get(peer.userId);
      if (!user || !user.accessHash.equals(peer.accessHash)) throw rpcError(400, 'PEER_ID_INVALID');
      return user.id;
    }
    throw rpcError(400, 'PEER_ID_INVALID');
  }

  /** One raw call, answered as Telegram would. */
  async answer(client: StubBaseClient, request: tl.RpcMethod): Promise<unknown> {
    this.calls.push(request._);
    await this.holds.get(request._);
    const failure = this.failures.findIndex((each) => each.method === request._);
    if (failure >= 0) {
      const error = this.failures.splice(failure, 1)[0]!.error;
      throw rpcError(error.startsWith('FLOOD_WAIT') ? 420 : 400, error);
    }
    const key = await client.authKey();
    const authorization = this.authorizations.get(key) ?? {};
    this.authorizations.set(key, authorization);
    await client.getApiCredentials();
    if (isLoginCall(request)) return answerLogin(this, authorization, request);
    // Everything else needs a signed-in session, as at Telegram.
    return answerAccountCall(this, this.signedIn(authorization), request);
  }
}
