import { BotApiError } from './api-error.ts';
import { DEFAULT_EXCLUDED_UPDATES, UPDATE_TYPES, type Update } from './bot-api-types.ts';

export interface QueuedUpdate {
  id: number;
  update: Update;
  chatKey: string;
  // Webhook retry state, as tdlib keeps it per update (WebhookActor.cpp).
  delay: number;
  failCount: number;
  wakeAt: number;
  inflight: boolean;
  attempts: number;
}

export interface UpdateQueue {
  /** Assigns the next update_id and queues it unless allowed_updates filters its type out. */
  push(update: Omit<Update, 'update_id'>, chatKey: string): { update: Update; queued: boolean };
  /** getUpdates: confirm by offset, then return at once or wait up to timeoutMs for the first update. */
  poll(offset: number, limit: number, timeoutMs: number, signal: AbortSignal): Promise<Update[]>;
  abortPoll(description: string): void;
  entries(): QueuedUpdate[];
  chats(): Map<string, QueuedUpdate[]>;
  remove(id: number): void;
  clear(): void;
  size(): number;
  /** Applies allowed_updates the way tdlib does: undefined → unchanged, [] or nothing known → default. */
  setAllowed(list: unknown): void;
  allowed(): string[] | undefined;
  onPush(listener: () => void): void;
  /** The update_id the next update gets (persisted across restarts by the state file). */
  nextUpdateId(): number;
  /** Restarts the sequence, as Telegram does at a random value after a week without updates. */
  restartUpdateIds(next: number): void;
  close(): void;
}

const DEFAULT_ALLOWED = UPDATE_TYPES.filter((type) => !DEFAULT_EXCLUDED_UPDATES.includes(type));

interface Poller {
  finish(result: Update[] | BotApiError): void;
  limit: number;
}

export function createUpdateQueue(firstUpdateId: number): UpdateQueue {
  let nextId = firstUpdateId;
  const byId = new Map<number, QueuedUpdate>();
  const byChat = new Map<string, QueuedUpdate[]>();
  let allowedTypes: Set<string> = new Set(DEFAULT_ALLOWED);
  let customAllowed = false;
  let poller: Poller | null = null;
  const listeners: Array<() => void> = [];

  const read = (limit: number): Update[] => {
    const out: Update[] = [];
    for (const entry of byId.values()) {
      if (out.length >= limit) break;
      out.push(entry.update);
    }
    return out;
  };

  function remove(id: number): void {
    const entry = byId.get(id);
    if (!entry) return;
    byId.delete(id);
    const list = byChat.get(entry.chatKey);
    if (!list) return;
    const index = list.indexOf(entry);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) byChat.delete(entry.chatKey);
  }

  function confirm(offset: number): void {
    if (offset < 0) {
      const keep = -offset;
      const ids = [...byId.keys()];
      for (const id of ids.slice(0, Math.max(0, ids.length - keep))) remove(id);
    } else if (offset > 0 && offset <= nextId) {
      // tdlib falls back to the queue head for an offset beyond the tail, forgetting nothing.
      for (const id of [...byId.keys()]) {
        if (id >= offset) break;
        remove(id);
      }
    }
  }

  return {
    push(partial, chatKey) {
      const update = { update_id: nextId++, ...partial } as Update;
      const type = Object.keys(partial)[0] ?? 'message';
      if (!allowedTypes.has(type)) return { update, queued: false };
      const entry: QueuedUpdate = {
        id: update.update_id,
        update,
        chatKey,
        delay: 1,
        failCount: 0,
        wakeAt: 0,
        inflight: false,
        attempts: 0,
      };
      byId.set(entry.id, entry);
      const list = byChat.get(chatKey);
      if (list) list.push(entry);
      else byChat.set(chatKey, [entry]);
      // A microtask-later wake-up lets an album's items, queued in one go, leave in one batch.
      if (poller) {
        const current = poller;
        setImmediate(() => {
          if (poller === current) current.finish(read(current.limit));
        });
      }
      for (const listener of listeners) listener();
      return { update, queued: true };
    },
    poll(offset, limit, timeoutMs, signal) {
      confirm(offset);
      const batch = read(limit);
      if (batch.length > 0 || timeoutMs <= 0) return Promise.resolve(batch);
      poller?.finish(
        new BotApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'),
      );
      return new Promise<Update[]>((resolve, reject) => {
        const timer = setTimeout(() => self.finish(read(limit)), timeoutMs);
        const onAbort = (): void => self.finish([]);
        const self: Poller = {
          limit,
          finish(result) {
            if (poller === self) poller = null;
            clearTimeout(timer);
            signal.removeEventListener('abort', onAbort);
            if (result instanceof BotApiError) reject(result);
            else resolve(result);
          },
        };
        poller = self;
        signal.addEventListener('abort', onAbort);
      });
    },
    abortPoll(description) {
      poller?.finish(new BotApiError(409, description));
    },
    entries: () => [...byId.values()],
    chats: () => byChat,
    remove,
    clear() {
      byId.clear();
      byChat.clear();
    },
    size: () => byId.size,
    setAllowed(list) {
      let parsed = list;
      if (typeof parsed === 'string') {
        if (parsed === '') return;
        try {
          parsed = JSON.parse(parsed);
        } catch {
          return;
        }
      }
      if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== 'string')) return;
      const known = (parsed as string[])
        .map((item) => item.toLowerCase())
        .filter((item) => (UPDATE_TYPES as readonly string[]).includes(item));
      customAllowed = known.length > 0 && !(known.length === DEFAULT_ALLOWED.length && DEFAULT_ALLOWED.every((t) => known.includes(t)));
      allowedTypes = new Set(known.length > 0 ? known : DEFAULT_ALLOWED);
    },
    allowed: () => (customAllowed ? UPDATE_TYPES.filter((type) => allowedTypes.has(type)) : undefined),
    onPush(listener) {
      listeners.push(listener);
    },
    nextUpdateId: () => nextId,
    restartUpdateIds(next) {
      nextId = next;
    },
    close() {
      poller?.finish([]);
    },
  };
}
