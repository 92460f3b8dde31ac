// The Instagram module's tables (migrations/).
import type { ColumnType, Kysely } from 'kysely';
import { tablesOf } from '../../platform/index.ts';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface InstagramTables {
  instagram_service_windows: { channel_id: number; igsid: string; last_inbound_at: Date };
  instagram_tokens: {
    channel_id: number;
    access_token_encrypted: string;
    origin_lookup: string;
    expires_at: Date;
    refreshed_at: Date | null;
    last_error: string | null;
    updated_at: Defaulted<Date>;
  };
}

export type InstagramDb = Kysely<InstagramTables>;
export const instagramTables = tablesOf<InstagramTables>();

declare module '../../platform/db/tables.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this part's tables to the whole schema
  interface SwitchboardTables extends InstagramTables {}
}
