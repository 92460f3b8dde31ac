// The login half of the stub's answers: sending and resending the code, signing in, the two-step password
// (the SRP check is real: srp-server.ts) and logging out. Everything else needs a signed-in session.
import crypto from 'node:crypto';
import { Long, tl } from '@mtcute/node';
import { createSrpChallenge } from './srp-server.ts';
import type { TelegramNetworkStub } from './telegram-network-stub.ts';
import { bareId, codeType, rpcError, sentCodeType, type Authorization, type PendingCode, type StubAccount } from './stub-world.ts';

const loginMethods = [
  'auth.sendCode',
  'auth.resendCode',
  'auth.signIn',
  'account.getPassword',
  'auth.checkPassword',
  'auth.logOut',
] as const;
export type LoginCall = Extract<tl.RpcMethod, { _: (typeof loginMethods)[number] }>;

export const isLoginCall = (request: tl.RpcMethod): request is LoginCall => (loginMethods as readonly string[]).includes(request._);

/** One login call, answered for the client's authorization (its auth key's state at the stub). */
export function answerLogin(stub: TelegramNetworkStub, authorization: Authorization, request: LoginCall): unknown {
  switch (request._) {
    case 'auth.sendCode': {
      if (stub.apps.get(request.apiId) !== request.apiHash) throw rpcError(400, 'API_ID_INVALID');
      const account = stub.accounts.get(bareId(request.phoneNumber));
      if (!account) throw rpcError(400, 'PHONE_NUMBER_UNOCCUPIED');
      if (account.banned) throw rpcError(400, 'PHONE_NUMBER_BANNED');
      const hash = crypto.randomBytes(8).toString('hex');
      const pending = { phone: account.phone!, code: String(crypto.randomInt(10_000, 99_999)), typeIndex: 0, expired: false };
      stub.codes.set(hash, pending);
      return sentCode(stub, pending, hash, account);
    }
    case 'auth.resendCode': {
      const pending = stub.codes.get(request.phoneCodeHash);
      if (!pending || pending.expired) throw rpcError(400, 'PHONE_CODE_EXPIRED');
      const account = stub.account(pending.phone);
      if (!account.codeTypes[pending.typeIndex + 1]) throw rpcError(400, 'SEND_CODE_UNAVAILABLE');
      pending.typeIndex += 1;
      pending.code = String(crypto.randomInt(10_000, 99_999));
      return sentCode(stub, pending, request.phoneCodeHash, account);
    }
    case 'auth.signIn': {
      const pending = stub.codes.get(request.phoneCodeHash);
      if (!pending || pending.expired || pending.phone !== bareId(request.phoneNumber)) throw rpcError(400, 'PHONE_CODE_EXPIRED');
      if (request.phoneCode !== pending.code) throw rpcError(400, 'PHONE_CODE_INVALID');
      const account = stub.account(pending.phone);
      stub.codes.delete(request.phoneCodeHash);
      if (account.password) {
        authorization.passwordPending = true;
        authorization.userId = undefined;
        (authorization as { pendingUser?: number }).pendingUser = account.id;
        throw rpcError(401, 'SESSION_PASSWORD_NEEDED');
      }
      return authorize(stub, authorization, account);
    }
    case 'account.getPassword': {
      const pendingUser = (authorization as { pendingUser?: number }).pendingUser;
      const account = [...stub.accounts.values()].find((each) => each.id === (authorization.userId ?? pendingUser));
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
      const account = [...stub.accounts.values()].find((each) => each.id === pendingUser);
      if (!authorization.passwordPending || !account || !authorization.srp) throw rpcError(400, 'PASSWORD_HASH_INVALID');
      const input = request.password;
      if (input._ !== 'inputCheckPasswordSRP' || !input.srpId.equals(authorization.srp.id) || !authorization.srp.verify(input.A, input.M1))
        throw rpcError(400, 'PASSWORD_HASH_INVALID');
      return authorize(stub, authorization, account);
    }
    case 'auth.logOut': {
      authorization.userId = undefined;
      return { _: 'auth.loggedOut' };
    }
  }
}

function sentCode(stub: TelegramNetworkStub, pending: PendingCode, hash: string, account: StubAccount): tl.auth.RawSentCode {
  const next = account.codeTypes[pending.typeIndex + 1];
  return {
    _: 'auth.sentCode',
    type: sentCodeType(account.codeTypes[pending.typeIndex]!),
    phoneCodeHash: hash,
    nextType: codeType(next),
    timeout: next ? stub.resendTimeoutSeconds : undefined,
  };
}

function authorize(stub: TelegramNetworkStub, authorization: Authorization, account: StubAccount): tl.auth.RawAuthorization {
  authorization.userId = account.id;
  authorization.passwordPending = false;
  return { _: 'auth.authorization', user: stub.rawUser(account, true) };
}
