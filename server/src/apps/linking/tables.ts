import type { ColumnType } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export const subjectKinds = ['client', 'staff'] as const;
export type SubjectKind = (typeof subjectKinds)[number];

/** Whose Telegram a link or token is: a portal client (contact id) or a staff user. */
export interface Subject {
  kind: SubjectKind;
  id: number;
}

/** The tables linking owns (linking/migrations): all it reaches directly. */
export interface LinkingTables {
  telegram_link_tokens: {
    token_hash: string;
    subject_kind: SubjectKind;
    subject_id: number;
    channel_id: number;
    created_at: Defaulted<Date>;
    expires_at: ColumnType<Date, Date | string, Date | string>;
    used_at: Nullable<Date>;
    used_by: Nullable<string>;
  };
  telegram_links: {
    subject_kind: SubjectKind;
    subject_id: number;
    channel_id: number;
    chat_id: string;
    telegram_user_id: string;
    telegram_username: Nullable<string>;
    language: Defaulted<string>;
    enabled: Defaulted<boolean>;
    linked_at: Defaulted<Date>;
    updated_at: Defaulted<Date>;
  };
}

export interface LinkRow {
  subject_kind: SubjectKind;
  subject_id: number;
  channel_id: number;
  chat_id: string;
  telegram_user_id: string;
  telegram_username: string | null;
  language: string;
  enabled: boolean;
  linked_at: Date;
  updated_at: Date;
}
