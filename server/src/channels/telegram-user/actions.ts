// What operators do through a connected account besides sending: change or
// delete a message they sent, fetch a customer's file, and find a person to
// start a chat with (by phone number or @username).
import { MtPeerNotFoundError, type TelegramClient } from '@mtcute/node';
import { ChannelError, type ChannelRecord, type DownloadedFile, type Person } from '../channel.ts';
import { rpcName, sendError } from './errors.ts';

export interface AccountActionsOptions {
  liveClient(channel: ChannelRecord): TelegramClient;
  recordOwnDeletion(channel: ChannelRecord, chatId: string, messageIds: number[]): Promise<void>;
}

/** A phone number (+ and digits, spaces or dashes allowed) or a username (with or without @). */
export function parseChatTarget(input: string): { phone: string } | { username: string } | null {
  const trimmed = input.trim();
  const phone = trimmed.replace(/[\s()-]/g, '');
  if (/^\+?\d{7,15}$/.test(phone)) return { phone: phone.replace(/^\+?/, '') };
  const username = trimmed.replace(/^@/, '').replace(/^https?:\/\/t\.me\//i, '');
  if (/^[a-z][a-z0-9_]{3,31}$/i.test(username)) return { username };
  return null;
}

export function createAccountActions(options: AccountActionsOptions) {
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ChannelError) throw error;
      throw sendError(error);
    }
  };
  return {
    async editMessage(channel: ChannelRecord, chatId: string, messageId: string, text: string): Promise<{ editDate: Date }> {
      const client = options.liveClient(channel);
      // Dispatched, so the edit comes back through intake and the inbox records it like one made on the phone.
      const edited = await call(() =>
        client.editMessage({ chatId: Number(chatId), message: Number(messageId), text, shouldDispatch: true }),
      );
      return { editDate: edited.editDate ?? new Date() };
    },

    async deleteMessages(channel: ChannelRecord, chatId: string, messageIds: string[]): Promise<void> {
      const client = options.liveClient(channel);
      await call(() => client.deleteMessagesById(Number(chatId), messageIds.map(Number), { revoke: true }));
      await options.recordOwnDeletion(channel, chatId, messageIds.map(Number));
    },

    async setReactions(channel: ChannelRecord, chatId: string, messageId: string, emojis: string[]): Promise<void> {
      const client = options.liveClient(channel);
      // Dispatched: the tally Telegram answers with comes back through intake like a reaction set on the phone.
      await call(() =>
        client.sendReaction({
          chatId: Number(chatId),
          message: Number(messageId),
          emoji: emojis.length > 0 ? emojis : null,
          shouldDispatch: true,
        }),
      );
    },

    /** A customer's photo, document or voice note, by the file id intake recorded (normalize.ts). */
    async downloadFile(channel: ChannelRecord, fileId: string): Promise<DownloadedFile> {
      const client = options.liveClient(channel);
      try {
        const bytes = await client.downloadAsBuffer(fileId);
        return { bytes: Buffer.from(bytes), filePath: '' };
      } catch (error) {
        const name = rpcName(error);
        if (name === 'FILE_REFERENCE_EXPIRED' || name === 'LOCATION_INVALID' || name === 'FILE_ID_INVALID')
          throw new ChannelError('NOT_FOUND', `Telegram no longer serves this file (${name}); open it in Telegram.`);
        throw error instanceof ChannelError ? error : sendError(error);
      }
    },

    /** The person behind a phone number or username, as the inbox records a customer; NOT_FOUND when Telegram knows none. */
    async findPerson(channel: ChannelRecord, input: string): Promise<Person> {
      const target = parseChatTarget(input);
      if (!target)
        throw new ChannelError('INVALID_INPUT', 'Give a phone number in international format (+79991234567) or a username (@name).');
      const client = options.liveClient(channel);
      try {
        const peer = 'phone' in target ? await client.resolvePhoneNumber(target.phone) : await client.resolvePeer(target.username);
        if (peer._ !== 'inputPeerUser') throw new ChannelError('INVALID_INPUT', 'That is a group or a channel, not a person.');
        const user = await client.getUser(peer);
        return {
          messenger: 'telegram',
          externalId: String(user.id),
          firstName: user.firstName || user.username || String(user.id),
          lastName: user.lastName ?? undefined,
          username: user.username ?? undefined,
          isBot: user.isBot,
        };
      } catch (error) {
        if (error instanceof ChannelError) throw error;
        const name = rpcName(error);
        if (
          error instanceof MtPeerNotFoundError ||
          name === 'USERNAME_NOT_OCCUPIED' ||
          name === 'USERNAME_INVALID' ||
          name === 'PHONE_NOT_OCCUPIED'
        )
          throw new ChannelError(
            'NOT_FOUND',
            'phone' in target
              ? 'Telegram has no account with this number, or its owner hides it from people not in their contacts.'
              : 'Telegram has no account with this username.',
          );
        throw sendError(error);
      }
    },
  };
}
