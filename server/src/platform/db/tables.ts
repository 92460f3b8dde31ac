import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** The tables the platform owns. Feature modules declare their own beside their code. */
export interface PlatformTables {
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
}
