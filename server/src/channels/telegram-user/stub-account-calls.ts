// The signed-in half of the stub's answers: updates state and getDifference (catch-up), sending text and media,
// files, finding people, editing, deleting, reactions, dialogs and history — as Telegram answers them.
import { Long, tl } from '@mtcute/node';
import type { TelegramNetworkStub } from './telegram-network-stub.ts';
import { bareId, now, reactionUpdate, reactionsOf, rpcError, standardReactions, type StubAccount } from './stub-world.ts';

/** One call of a signed-in account; an unknown method fails loudly (the stub answers only what it was taught). */
export function answerAccountCall(stub: TelegramNetworkStub, account: StubAccount, request: tl.RpcMethod): unknown {
  switch (request._) {
    case 'users.getUsers':
      return request.id.map((input) => stub.rawUser(stub.users.get(stub.inputUserId(account, input))!, input._ === 'inputUserSelf'));
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
        users: stub.usersOf(account, mentioned),
        state,
      } satisfies tl.updates.RawDifference;
    }
    case 'messages.sendMessage': {
      const peerId = stub.inputUserId(account, request.peer);
      const replyTo =
        request.replyTo?._ === 'inputReplyToMessage'
          ? { _: 'messageReplyHeader' as const, replyToMsgId: request.replyTo.replyToMsgId }
          : undefined;
      return sendMessage(stub, account, peerId, request.message, request.randomId, { replyTo });
    }
    case 'messages.sendMedia': {
      const peerId = stub.inputUserId(account, request.peer);
      const media: tl.TypeMessageMedia =
        request.media._ === 'inputMediaUploadedPhoto'
          ? { _: 'messageMediaPhoto', photo: { _: 'photoEmpty', id: Long.fromNumber(account.lastMessageId + 1) } }
          : { _: 'messageMediaDocument', document: { _: 'documentEmpty', id: Long.fromNumber(account.lastMessageId + 1) } };
      return sendMessage(stub, account, peerId, request.message, request.randomId, { media });
    }
    case 'upload.getFile':
      return stub.files.getFile(request);
    case 'contacts.resolveUsername': {
      const user = [...stub.users.values()].find((each) => each.username?.toLowerCase() === request.username.toLowerCase());
      if (!user) throw rpcError(400, 'USERNAME_NOT_OCCUPIED');
      return { _: 'contacts.resolvedPeer', peer: { _: 'peerUser', userId: user.id }, chats: [], users: [stub.rawUser(user)] };
    }
    case 'contacts.resolvePhone': {
      const user = [...stub.users.values()].find((each) => each.phone === bareId(request.phone));
      if (!user) throw rpcError(400, 'PHONE_NOT_OCCUPIED');
      return { _: 'contacts.resolvedPeer', peer: { _: 'peerUser', userId: user.id }, chats: [], users: [stub.rawUser(user)] };
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
      return { _: 'updates', updates: [update], users: stub.usersOf(account, [edited]), chats: [], date: now(), seq: 0 };
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
      if (!message || message.peerId._ !== 'peerUser' || message.peerId.userId !== stub.inputUserId(account, request.peer))
        throw rpcError(400, 'MESSAGE_ID_INVALID');
      const emoji = (request.reaction ?? []).map((reaction) => {
        if (reaction._ !== 'reactionEmoji' || !standardReactions.has(reaction.emoticon.replace(/\uFE0F/g, '')))
          throw rpcError(400, 'REACTION_INVALID');
        return reaction.emoticon;
      });
      // A non-Premium account sets one reaction per message.
      if (emoji.length > 1) throw rpcError(400, 'REACTIONS_TOO_MANY');
      reactionsOf(account, message).own = emoji;
      return { _: 'updates', updates: [reactionUpdate(account, message)], users: [], chats: [], date: now(), seq: 0 };
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
        users: stub.usersOf(account, top),
      } satisfies tl.messages.RawDialogs;
    }
    case 'messages.getHistory': {
      const peerId = stub.inputUserId(account, request.peer);
      const history = [...account.messages.values()]
        .filter((message) => message.peerId._ === 'peerUser' && message.peerId.userId === peerId)
        .filter((message) => !request.offsetId || message.id < request.offsetId)
        .sort((a, b) => b.id - a.id)
        .slice(0, request.limit);
      return { _: 'messages.messages', messages: history, chats: [], users: stub.usersOf(account, history) };
    }
  }
  throw rpcError(400, `STUB_METHOD_UNKNOWN_${request._.toUpperCase().replace(/\W/g, '_')}`);
}

/** The account's message as Telegram stores it; the answer carries its id for the random id mtcute sent. */
function sendMessage(
  stub: TelegramNetworkStub,
  account: StubAccount,
  peerId: number,
  text: string,
  randomId: Long,
  extra: Partial<tl.RawMessage>,
): tl.TypeUpdates {
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
    users: stub.usersOf(account, [message]),
    chats: [],
    date: message.date,
    seq: 0,
  };
}
