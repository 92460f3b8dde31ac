// Intake of one connected account: raw updates into the journal in arrival order (batched while a write
// runs), deletions matched to their chats, and the first connection's import of recent dialogs.
import { randomUUID } from 'node:crypto';
import { Long, type tl } from '@mtcute/node';
import type { ChannelRecord, RawUpdate } from '../channel.ts';
import { bannedErrors, revokedSessionErrors, rpcName } from './errors.ts';
import { journalDeletion, journalMessage, journalReceipt, type JournaledMessage } from './normalize.ts';
import type { Connection, PendingUpdate, RuntimeState } from './connection.ts';

export function createIntake(state: RuntimeState) {
  const { options, connections } = state;
  const { logger, accounts, store } = options;

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

  function attach(channel: ChannelRecord, open: Connection): void {
    if (open.intake) return;
    open.intake = true;
    open.client.onRawUpdate.add(({ update, peers }) => {
      open.health.lastUpdateAt = new Date();
      if (update._ === 'updateDeleteMessages') return journal(channel.id, open, [{ deletion: { ids: update.messages, pts: update.pts } }]);
      const receipt = journalReceipt(update, randomUUID());
      if (receipt) return journal(channel.id, open, [receipt]);
      const kind = update._ === 'updateNewMessage' ? 'new' : update._ === 'updateEditMessage' ? 'edit' : null;
      if (!kind || !('message' in update)) return;
      const raw = journalMessage(update.message as tl.TypeMessage, peers.users, kind);
      if (raw) journal(channel.id, open, [raw]);
    });
    open.client.onError.add((error) => {
      const name = rpcName(error);
      if (name && (revokedSessionErrors.includes(name) || bannedErrors.includes(name))) void state.lost(channel.id, name);
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
      // The health answer carries the progress in numbers (the web app words it); the status says it for the API.
      open.health.importing = { done: index, total: privateChats.length };
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
    open.health.importing = null;
    await store.markImported(channel.id);
    await accounts.setStatus(channel.id, 'active', privateChats.length ? `Imported ${privateChats.length} recent chats.` : null);
  }

  return {
    attach,
    journal,
    /** Imports once per account (the first connection); a failure says so on the account, live intake goes on. */
    async importOnce(channel: ChannelRecord, open: Connection): Promise<void> {
      if (await store.importedAt(channel.id)) return;
      void importDialogs(channel, open).catch((error: unknown) => {
        logger.warn({ err: error, channel_id: channel.id }, 'importing recent Telegram chats failed');
        open.health.importing = null;
        if (connections.get(channel.id) === open)
          void accounts
            .setStatus(channel.id, 'active', 'Importing recent chats failed; new messages arrive normally.')
            .catch(() => undefined);
      });
    },
  };
}
