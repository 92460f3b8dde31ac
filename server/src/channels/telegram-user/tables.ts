// The personal-account module's tables (migrations/), added to the whole schema's type.
import type { ColumnType, Kysely } from 'kysely';
import { tablesOf } from '../../platform/index.ts';

export interface TelegramUserTables {
  /** migrations/0001: the account's encrypted MTProto session and login in progress. */
  telegram_user_sessions: {
    channel_id: number;
    session_encrypted: ColumnType<string | null, string | null | undefined, string | null>;
    login_encrypted: ColumnType<string | null, string | null | undefined, string | null>;
    imported_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    new_chats: ColumnType<unknown, unknown | undefined, unknown>;
    paused_reason: ColumnType<string | null, string | null | undefined, string | null>;
    updated_at: ColumnType<Date, Date | undefined, Date>;
  };
  /** migrations/0002: the chat each journaled message id belongs to. */
  telegram_user_message_peers: { channel_id: number; message_id: number; peer_id: string | number };
}

export type TelegramUserDb = Kysely<TelegramUserTables>;
export const telegramUserTables = tablesOf<TelegramUserTables>();

declare module '../../platform/db/tables.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this part's tables to the whole schema
  interface SwitchboardTables extends TelegramUserTables {}
}
