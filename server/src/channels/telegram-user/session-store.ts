// The account's MTProto session in our database, encrypted with the app's
// SecretBox: our implementation of mtcute's storage interface. mtcute's
// in-memory repositories hold the working copy; our driver loads it from the
// row on `load` and writes it back (one encrypted JSON blob) on `save`, which
// mtcute calls after logins and update-state changes.
import {
  MemoryAuthKeysRepository,
  MemoryKeyValueRepository,
  MemoryPeersRepository,
  MemoryRefMessagesRepository,
  MemoryStorageDriver,
  type ITelegramStorageProvider,
} from '@mtcute/node';
import { sql } from 'kysely';
import type { Db, SecretBox } from '../../platform/index.ts';
import { telegramUserTables } from './tables.ts';

/** A login in progress: what the next step needs. */
export interface LoginState {
  phoneCodeHash: string;
  type: string;
  nextType: string;
  timeout: number;
  sentAt: number;
  step: 'code' | 'password';
}

/** Chats started per UTC day (ban safety): the day and the chat ids. */
export interface NewChats {
  day?: string;
  chatIds?: string[];
}

// Maps, Sets and byte arrays survive JSON as tagged objects.
function encode(value: unknown): unknown {
  if (value instanceof Map) return { $map: [...value.entries()].map(([key, item]) => [encode(key), encode(item)]) };
  if (value instanceof Set) return { $set: [...value].map(encode) };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, encode(item)]));
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object') {
    const tagged = value as { $map?: [unknown, unknown][]; $set?: unknown[]; $bytes?: string };
    if (tagged.$map) return new Map(tagged.$map.map(([key, item]) => [decode(key), decode(item)]));
    if (tagged.$set) return new Set(tagged.$set.map(decode));
    if (tagged.$bytes !== undefined) return new Uint8Array(Buffer.from(tagged.$bytes, 'base64'));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decode(item)]));
  }
  return value;
}

/** Copies loaded state into the object a repository already holds (repositories keep their reference). */
function fillInto(target: object, source: unknown): void {
  if (target instanceof Map && source instanceof Map) {
    target.clear();
    for (const [key, item] of source) target.set(key, item);
    return;
  }
  if (source && typeof source === 'object')
    for (const [key, item] of Object.entries(source)) {
      const current = (target as Record<string, unknown>)[key];
      if (current && typeof current === 'object' && (current instanceof Map || current instanceof Set)) {
        if (current instanceof Set && item instanceof Set) {
          current.clear();
          for (const each of item) current.add(each);
        } else fillInto(current, item);
      } else (target as Record<string, unknown>)[key] = item;
    }
}

export type SessionStore = ReturnType<typeof createSessionStore>;

/** The account rows' reads and writes; every secret goes through the SecretBox. */
export function createSessionStore(options: { db: Db; secretBox: SecretBox }) {
  const db = telegramUserTables(options.db);
  const { secretBox } = options;
  const ensure = (channelId: number) =>
    db
      .insertInto('telegram_user_sessions')
      .values({ channel_id: channelId })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  const row = (channelId: number) =>
    db.selectFrom('telegram_user_sessions').selectAll().where('channel_id', '=', channelId).executeTakeFirst();

  return {
    async loadSession(channelId: number): Promise<Record<string, unknown> | null> {
      const found = await row(channelId);
      return found?.session_encrypted ? (decode(JSON.parse(secretBox.decrypt(found.session_encrypted))) as Record<string, unknown>) : null;
    },
    async saveSession(channelId: number, states: Map<string, object>): Promise<void> {
      const encrypted = secretBox.encrypt(JSON.stringify(encode(Object.fromEntries(states))));
      await db
        .insertInto('telegram_user_sessions')
        .values({ channel_id: channelId, session_encrypted: encrypted })
        .onConflict((conflict) => conflict.column('channel_id').doUpdateSet({ session_encrypted: encrypted, updated_at: new Date() }))
        .execute()
        // The account may be removed while its client still saves on the way out.
        .catch((error: unknown) => {
          if (!/foreign key/i.test(String(error))) throw error;
        });
    },
    async clearSession(channelId: number): Promise<void> {
      await db
        .updateTable('telegram_user_sessions')
        .set({ session_encrypted: null, login_encrypted: null, updated_at: new Date() })
        .where('channel_id', '=', channelId)
        .execute();
    },
    async login(channelId: number): Promise<LoginState | null> {
      const found = await row(channelId);
      return found?.login_encrypted ? (JSON.parse(secretBox.decrypt(found.login_encrypted)) as LoginState) : null;
    },
    async setLogin(channelId: number, state: LoginState | null): Promise<void> {
      await ensure(channelId);
      await db
        .updateTable('telegram_user_sessions')
        .set({ login_encrypted: state ? secretBox.encrypt(JSON.stringify(state)) : null, updated_at: new Date() })
        .where('channel_id', '=', channelId)
        .execute();
    },
    async importedAt(channelId: number): Promise<Date | null> {
      return (await row(channelId))?.imported_at ?? null;
    },
    async markImported(channelId: number): Promise<void> {
      await db.updateTable('telegram_user_sessions').set({ imported_at: new Date() }).where('channel_id', '=', channelId).execute();
    },
    async newChats(channelId: number): Promise<NewChats> {
      return (await row(channelId))?.new_chats ?? {};
    },
    async setNewChats(channelId: number, value: NewChats): Promise<void> {
      await ensure(channelId);
      await db
        .updateTable('telegram_user_sessions')
        .set({ new_chats: sql`${JSON.stringify(value)}::jsonb` })
        .where('channel_id', '=', channelId)
        .execute();
    },
    async pausedReason(channelId: number): Promise<string | null> {
      return (await row(channelId))?.paused_reason ?? null;
    },
    async setPaused(channelId: number, reason: string | null): Promise<void> {
      await ensure(channelId);
      await db.updateTable('telegram_user_sessions').set({ paused_reason: reason }).where('channel_id', '=', channelId).execute();
    },
  };
}

class DatabaseSessionDriver extends MemoryStorageDriver {
  private readonly store: SessionStore;
  private readonly channelId: number;
  constructor(store: SessionStore, channelId: number) {
    super();
    this.store = store;
    this.channelId = channelId;
  }
  private loaded: Promise<void> | undefined;
  // mtcute's storage interface allows an async load (IStorageDriver.load returns MaybePromise); the memory driver's own type says void.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  override load(): Promise<void> {
    return (this.loaded ??= (async () => {
      const saved = await this.store.loadSession(this.channelId);
      if (!saved) return;
      for (const [repository, state] of Object.entries(saved)) {
        const current = this.states.get(repository);
        if (current) fillInto(current, state);
        else this.states.set(repository, state as object);
      }
    })());
  }
  private saving: Promise<void> | undefined;
  private again: Promise<void> | undefined;
  /** mtcute saves after every update: one write at a time, and the saves asked meanwhile become one. */
  save(): Promise<void> {
    if (!this.saving) {
      this.saving = this.store.saveSession(this.channelId, this.states).finally(() => (this.saving = undefined));
      return this.saving;
    }
    return (this.again ??= this.saving
      .catch(() => undefined)
      .then(() => {
        this.again = undefined;
        return this.save();
      }));
  }
}

/** mtcute's storage provider for one account: in memory while connected, encrypted in our database at rest. */
export class EncryptedSessionStorage implements ITelegramStorageProvider {
  readonly driver: DatabaseSessionDriver;
  readonly kv: MemoryKeyValueRepository;
  readonly authKeys: MemoryAuthKeysRepository;
  readonly peers: MemoryPeersRepository;
  readonly refMessages: MemoryRefMessagesRepository;
  constructor(store: SessionStore, channelId: number) {
    this.driver = new DatabaseSessionDriver(store, channelId);
    this.kv = new MemoryKeyValueRepository(this.driver);
    this.authKeys = new MemoryAuthKeysRepository(this.driver);
    this.peers = new MemoryPeersRepository(this.driver);
    this.refMessages = new MemoryRefMessagesRepository(this.driver);
  }
}
