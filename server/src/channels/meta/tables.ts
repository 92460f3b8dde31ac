// The Meta module's tables (migrations/): Meta apps and the accounts their webhooks route to.
import type { ColumnType, Generated, Kysely } from 'kysely';
import { tablesOf } from '../../platform/index.ts';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface MetaTables {
  meta_apps: {
    id: Generated<number>;
    app_secret_encrypted: string;
    app_secret_lookup: string;
    verify_token_encrypted: string;
    created_at: Defaulted<Date>;
    updated_at: Defaulted<Date>;
  };
  meta_app_accounts: {
    channel_id: number;
    meta_app_id: number;
    product: string;
    external_account_id: string;
  };
}

export type MetaDb = Kysely<MetaTables>;
export const metaTables = tablesOf<MetaTables>();

declare module '../../platform/db/tables.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this part's tables to the whole schema
  interface SwitchboardTables extends MetaTables {}
}
