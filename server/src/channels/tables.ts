import type { ColumnType, Generated, Kysely } from 'kysely';
import type { ChannelStatus, IntakeMode } from './channel.ts';
import { tablesOf, type PlatformTables } from '../platform/index.ts';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface ChannelTables {
  channels: {
    id: Generated<number>;
    kind: string;
    /** The kind's messenger family (module.messenger), kept in step by the registry. */
    messenger: Defaulted<string>;
    name: string;
    status: Defaulted<ChannelStatus>;
    status_detail: Nullable<string>;
    intake_mode: IntakeMode;
    is_default: Defaulted<boolean>;
    is_enabled: Defaulted<boolean>;
    token_from_env: Defaulted<boolean>;
    credentials_encrypted: Nullable<string>;
    credentials_hint: Nullable<string>;
    credentials_lookup: Nullable<string>;
    webhook_secret_encrypted: Nullable<string>;
    external_id: Nullable<string>;
    username: Nullable<string>;
    display_name: Nullable<string>;
    settings: Defaulted<unknown>;
    polling_offset: Nullable<number>;
    created_at: Defaulted<Date>;
    updated_at: Defaulted<Date>;
  };
  channel_leases: { channel_id: number; instance_id: string; acquired_at: Defaulted<Date> };
}

export type ChannelRow = {
  [K in keyof ChannelTables['channels']]: ChannelTables['channels'][K] extends ColumnType<infer S, unknown, unknown>
    ? S
    : ChannelTables['channels'][K];
};

/** The tables this part's code reads and writes, its own and those it joins. */
export type ChannelPartTables = ChannelTables & PlatformTables;

/** A handle (the database or an open transaction) seen through the channels' tables. */
export type ChannelDb = Kysely<ChannelPartTables>;

/** The view of any wider handle through this part's tables (platform `tablesOf`). */
export const channelTables = tablesOf<ChannelPartTables>();

declare module '../platform/db/tables.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this part's tables to the whole schema
  interface SwitchboardTables extends ChannelTables {}
}
