// Telegram sends an album as separate messages sharing a media_group_id; the inbox shows them as one.
import type { Message } from '@switchboard/contract';

/** One bubble of the history: a message, or the messages of one album, oldest first. */
export interface HistoryEntry {
  key: string;
  messages: Message[];
}

/**
 * Groups a newest-first history into bubbles: consecutive messages of one album (same media_group_id,
 * same direction) become one entry. The entries stay newest first.
 */
export function groupAlbums(newestFirst: Message[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const message of newestFirst) {
    const last = entries.at(-1);
    const oldestOfLast = last?.messages[0];
    if (
      last &&
      oldestOfLast &&
      message.media_group_id &&
      oldestOfLast.media_group_id === message.media_group_id &&
      oldestOfLast.direction === message.direction
    ) {
      last.messages.unshift(message);
    } else {
      entries.push({ key: String(message.id), messages: [message] });
    }
  }
  // The key is the album's oldest message, so the bubble keeps its identity as the later items arrive.
  for (const entry of entries) entry.key = String(entry.messages[0]!.id);
  return entries;
}
