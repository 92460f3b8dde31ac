// The chat each journaled message id belongs to (migration 0002): a personal
// account's deletions arrive as bare message ids, the inbox needs the chat.
import type { Db } from '../../platform/index.ts';
import { telegramUserTables } from './tables.ts';

export type MessagePeers = ReturnType<typeof createMessagePeers>;

export function createMessagePeers(options: { db: Db }) {
  const db = telegramUserTables(options.db);
  return {
    /** One statement per journal batch; a message seen again (import, catch-up) changes nothing. */
    async remember(channelId: number, entries: Array<{ messageId: number; peerId: number }>): Promise<void> {
      if (entries.length === 0) return;
      await db
        .insertInto('telegram_user_message_peers')
        .values(entries.map((entry) => ({ channel_id: channelId, message_id: entry.messageId, peer_id: entry.peerId })))
        .onConflict((conflict) => conflict.columns(['channel_id', 'message_id']).doNothing())
        .execute();
    },
    /** The chats of these message ids: peer id → its message ids (unknown ids are left out: never journaled here). */
    async chatsOf(channelId: number, messageIds: number[]): Promise<Map<number, number[]>> {
      const chats = new Map<number, number[]>();
      if (messageIds.length === 0) return chats;
      const rows = await db
        .selectFrom('telegram_user_message_peers')
        .select(['message_id', 'peer_id'])
        .where('channel_id', '=', channelId)
        .where('message_id', 'in', messageIds)
        .execute();
      for (const row of rows) {
        const peerId = Number(row.peer_id);
        chats.set(
          peerId,
          [...(chats.get(peerId) ?? []), row.message_id].sort((a, b) => a - b),
        );
      }
      return chats;
    },
  };
}
