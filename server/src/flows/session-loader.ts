// The runtime's first read of each event, shared: the intake runs the bot handlers of many chats at once, and the
// reads they start in one turn of the event loop go to the database as one query (issue 27: was one per update).
import type { Db } from '../platform/index.ts';
import { findConversationSessions, flowChatKey, type FlowSession } from './sessions.store.ts';

type Chat = { channelId: number; chatId: string; topicId: string };
type Found = { conversationId: number; session: FlowSession | null } | null;
type Waiting = { chat: Chat; resolve(found: Found): void; reject(error: unknown): void };

// One query names at most this many chats.
const maxChatsPerRead = 200;

export function createConversationSessionLoader(db: Db) {
  let waiting: Waiting[] = [];

  async function read(batch: Waiting[]): Promise<void> {
    try {
      const found = await findConversationSessions(
        db,
        batch.map((item) => item.chat),
      );
      for (const item of batch) item.resolve(found.get(flowChatKey(item.chat)) ?? null);
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  return {
    /** The chat's conversation and running wizard (null: no conversation), read together with the others asked for in this turn. */
    load(chat: Chat): Promise<Found> {
      return new Promise((resolve, reject) => {
        waiting.push({ chat, resolve, reject });
        if (waiting.length > 1) return;
        setImmediate(() => {
          const batch = waiting;
          waiting = [];
          for (let start = 0; start < batch.length; start += maxChatsPerRead) void read(batch.slice(start, start + maxChatsPerRead));
        });
      });
    },
  };
}
