import type { ColumnType, Generated, Kysely } from 'kysely';
import { tablesOf } from './database.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** The tables the platform owns. Feature modules declare their own beside their code. */
export interface PlatformTables {
  /** Live server processes (platform/instance.ts). */
  instances: { id: string; started_at: Date; last_seen_at: Date };
  /** Failed sign-ins per hashed key, shared by every instance (auth/attempt-limiter.ts, 0005). */
  login_failures: { key: string; count: number; last_at: Date };
  app_settings: { key: string; value: unknown; updated_at: ColumnType<Date, Date | undefined, Date> };
  staff_users: {
    id: Generated<number>;
    email: string;
    name: ColumnType<string, string | undefined, string>;
    password_hash: string;
    role: ColumnType<string, string | undefined, string>;
    is_active: ColumnType<boolean, boolean | undefined, boolean>;
    language: ColumnType<string, string | undefined, string>;
    created_at: CreatedAt;
    last_login_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  };
  staff_sessions: {
    id_hash: string;
    user_id: number;
    csrf_token: string;
    created_at: CreatedAt;
    expires_at: Timestamp;
    user_agent: string | null;
  };
  api_tokens: {
    id: Generated<number>;
    token_hash: string;
    user_id: number;
    name: ColumnType<string, string | undefined, string>;
    created_at: CreatedAt;
    last_used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    expires_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  };
  /** Links that let someone join the staff once, before they expire (auth/invites.ts, 0006). */
  staff_invites: {
    id: Generated<number>;
    token_hash: string;
    email: string;
    role: string;
    created_by: number | null;
    created_at: CreatedAt;
    expires_at: Timestamp;
    used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    used_by: ColumnType<number | null, number | null | undefined, number | null>;
    revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  };
}

/**
 * Every table outside the apps. Each part adds its own tables from its tables.ts
 * (`declare module '../platform/db/tables.ts' { interface SwitchboardTables extends InboxTables {} }`),
 * so the platform names the whole schema's type without importing anything above it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the parts merge their tables into it
export interface SwitchboardTables extends PlatformTables {}

/** The handle the composition root opens and every part's entry point takes: the database or an open transaction. */
export type Db = Kysely<SwitchboardTables>;

/** The view of any handle through the platform's tables. */
export const platformTables = tablesOf<PlatformTables>();
