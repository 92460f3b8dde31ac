import type { ColumnType, Generated } from 'kysely';
import type { InboxTables } from '../tables.ts';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export const mediaStates = ['pending', 'ready', 'too_big', 'failed', 'expired'] as const;
export type MediaState = (typeof mediaStates)[number];

/** The media tables (inbox/migrations/0003_media.sql), with the inbox tables they join. */
export interface MediaTables extends InboxTables {
  media_files: {
    id: Generated<number>;
    message_id: number;
    attachment_index: number;
    direction: 'in' | 'out';
    kind: string;
    file_id: Nullable<string>;
    state: Defaulted<MediaState>;
    error: Nullable<string>;
    attempts: Defaulted<number>;
    claimed_at: Nullable<Date>;
    storage_path: Nullable<string>;
    mime_type: Nullable<string>;
    file_name: Nullable<string>;
    size: Nullable<number>;
    stored_at: Nullable<Date>;
    created_at: Defaulted<Date>;
    updated_at: Defaulted<Date>;
  };
  media_uploads: {
    id: Generated<number>;
    file_path: string;
    storage_path: string;
    file_name: string;
    mime_type: string;
    kind: string;
    size: number;
    width: Nullable<number>;
    height: Nullable<number>;
    uploaded_by: number;
    created_at: Defaulted<Date>;
  };
}

type Selected<T> = { [K in keyof T]: T[K] extends ColumnType<infer S, unknown, unknown> ? S : T[K] };
export type MediaFileRow = Selected<MediaTables['media_files']>;
export type MediaUploadRow = Selected<MediaTables['media_uploads']>;

/** What messages.attachments holds per file once media knows of it (beside the channel's own fields). */
export interface MediaAttachmentFields {
  media_id?: number;
  download_state?: MediaState;
  download_error?: string | null;
}

declare module '../../platform/db/tables.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this part's tables to the whole schema
  interface SwitchboardTables extends Omit<MediaTables, keyof InboxTables> {}
}
