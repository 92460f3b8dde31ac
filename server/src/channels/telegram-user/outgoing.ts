// Sending as a personal account with its ban-safety rules: a PEER_FLOOD pause holds every message until an
// admin presses Start, a chat with no history counts against the day's new chats, and Telegram's refusals
// become ChannelErrors the delivery lane acts on (FLOOD_WAIT: wait its seconds).
import fs from 'node:fs';
import { InputMedia, Long } from '@mtcute/node';
import { ChannelError, textWithLinks, type ChannelRecord, type OutboundMessage, type SentMessage } from '../channel.ts';
import { bannedErrors, revokedSessionErrors, rpcName, sendError } from './errors.ts';
import type { Connection, RuntimeState } from './connection.ts';

/** How often a paused account's held messages look again (delivery gives rate limits 30 tries: about 7 hours). */
const pauseRecheckMs = 15 * 60 * 1000;

const utcDay = () => new Date().toISOString().slice(0, 10);

const peerFloodReason =
  'Telegram limited this account for sending to people who did not write first (PEER_FLOOD). Outgoing messages are paused: check @SpamBot in Telegram, then press Start on the account to resume.';

export function createOutgoing(state: RuntimeState, live: (channel: ChannelRecord) => Connection) {
  const { options } = state;
  const { store, logger, accounts } = options;

  /** A chat with no history yet counts against the account's new chats of the (UTC) day. */
  async function checkNewChatQuota(channel: ChannelRecord, open: Connection, chatId: string): Promise<void> {
    if (open.knownChats.has(chatId)) return;
    const history = await open.client
      .call({
        _: 'messages.getHistory',
        peer: await open.client.resolvePeer(Number(chatId)),
        offsetId: 0,
        offsetDate: 0,
        addOffset: 0,
        limit: 1,
        maxId: 0,
        minId: 0,
        hash: Long.ZERO,
      })
      .catch((error: unknown) => {
        throw sendError(error);
      });
    if (history._ !== 'messages.messagesNotModified' && history.messages.length > 0) {
      open.knownChats.add(chatId);
      return;
    }
    const limit = (channel.settings as { new_chats_per_day?: number }).new_chats_per_day ?? options.pacing.newChatsPerDay;
    const today = utcDay();
    const counted = await store.newChats(channel.id);
    const chatIds = counted.day === today ? (counted.chatIds ?? []) : [];
    if (chatIds.includes(chatId)) return;
    if (chatIds.length >= limit) {
      const midnight = new Date(`${today}T00:00:00Z`).getTime() + 24 * 60 * 60 * 1000;
      throw new ChannelError(
        'RATE_LIMITED',
        `This account has started ${chatIds.length} new chats today, its limit (ban safety). The message waits until tomorrow (UTC).`,
        midnight - Date.now(),
        { quota: true },
      );
    }
    await store.setNewChats(channel.id, { day: today, chatIds: [...chatIds, chatId] });
  }

  function mediaOf(item: NonNullable<OutboundMessage['media']>[number], caption: string) {
    const file = new Uint8Array(fs.readFileSync(item.path));
    const fileName = item.fileName;
    if (item.type === 'photo') return InputMedia.photo(file, { caption, fileName });
    if (item.type === 'voice') return InputMedia.voice(file, { caption, fileName, fileMime: item.mimeType ?? 'audio/ogg' });
    if (item.type === 'video') return InputMedia.video(file, { caption, fileName, fileMime: item.mimeType });
    if (item.type === 'audio') return InputMedia.audio(file, { caption, fileName, fileMime: item.mimeType });
    return InputMedia.document(file, { caption, fileName: fileName ?? 'file', fileMime: item.mimeType });
  }

  return {
    async send(channel: ChannelRecord, message: OutboundMessage): Promise<SentMessage> {
      const open = live(channel);
      const paused = await store.pausedReason(channel.id);
      if (paused) throw new ChannelError('RATE_LIMITED', paused, pauseRecheckMs);
      await checkNewChatQuota(channel, open, message.chatId);
      const peer = Number(message.chatId);
      const replyTo = message.replyToExternalId ? Number(message.replyToExternalId) : undefined;
      // A personal account has no buttons: link buttons go as lines of the text.
      const text = textWithLinks(message);
      try {
        const sent =
          message.media && message.media.length > 0
            ? await Promise.all(
                message.media.map((item, index) =>
                  open.client.sendMedia(peer, mediaOf(item, index === 0 ? text : ''), {
                    replyTo: index === 0 ? replyTo : undefined,
                  }),
                ),
              )
            : [await open.client.sendText(peer, text, { replyTo })];
        open.knownChats.add(message.chatId);
        return { externalIds: sent.map((each) => String(each.id)), date: sent[0]!.date };
      } catch (error) {
        const name = rpcName(error);
        if (name === 'PEER_FLOOD') {
          const alreadyPaused = (await store.pausedReason(channel.id)) !== null;
          await store.setPaused(channel.id, peerFloodReason);
          await accounts.setStatus(channel.id, 'error', peerFloodReason);
          logger.error({ channel_id: channel.id }, 'personal Telegram account hit PEER_FLOOD: outgoing queue paused');
          // Once per pause: the admins must act (@SpamBot, then Start), so they hear it now, not on their next look.
          if (!alreadyPaused) await accounts.alertAdmins(channel.id, { code: 'peer_flood', text: peerFloodReason });
          throw new ChannelError('RATE_LIMITED', peerFloodReason, pauseRecheckMs);
        }
        if (name && (revokedSessionErrors.includes(name) || bannedErrors.includes(name))) await state.lost(channel.id, name);
        throw sendError(error);
      }
    },

    async sendTyping(channel: ChannelRecord, chatId: string): Promise<void> {
      const open = state.connections.get(channel.id);
      if (open) await open.client.sendTyping(Number(chatId), 'typing').catch(() => undefined);
    },
  };
}
