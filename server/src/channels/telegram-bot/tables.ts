// The bot module's tables (migrations/), added to the whole schema's type.
import type { Kysely } from 'kysely';
import { tablesOf } from '../../platform/index.ts';

export interface TelegramBotTables {
  /** migrations/0001: the Telegram Business connections of each bot channel. */
  telegram_business_connections: {
    channel_id: number;
    connection_id: string;
    owner_id: string;
    owner_name: string;
    owner_username: string | null;
    rights: unknown;
    is_enabled: boolean;
    revoked_at: Date | null;
    connected_at: Date;
    last_update_id: string | number;
    updated_at: Date;
  };
}

export type TelegramBotDb = Kysely<TelegramBotTables>;
export const telegramBotTables = tablesOf<TelegramBotTables>();

declare module '../../platform/db/tables.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this part's tables to the whole schema
  interface SwitchboardTables extends TelegramBotTables {}
}
