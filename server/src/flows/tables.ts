import type { ColumnType } from 'kysely';
import { tablesOf } from '../platform/index.ts';
import type { InboxTables } from '../inbox/tables.ts';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** The tables the flow runtime owns (flows/migrations). */
export interface FlowTables {
  flow_sessions: {
    conversation_id: number;
    channel_id: number;
    chat_id: string;
    topic_id: Defaulted<string>;
    app: string;
    flow: string;
    step: string;
    data: ColumnType<unknown, string, string>;
    language: Defaulted<string>;
    version: Defaulted<number>;
    started_at: Date;
    updated_at: Date;
    expires_at: Date;
    paused_by: Nullable<number>;
    paused_at: Nullable<Date>;
  };
  flow_menus: {
    key: string;
    channel_id: number;
    chat_id: string;
    menu: ColumnType<unknown, string, string>;
    message_id: Nullable<string>;
    created_at: Defaulted<Date>;
  };
}

/** The tables this part's code reads and writes, its own and those it joins. */
export type FlowPartTables = FlowTables & InboxTables;

declare module '../platform/db/tables.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this part's tables to the whole schema
  interface SwitchboardTables extends FlowTables {}
}

/** The view of any wider handle through this part's tables (platform `tablesOf`). */
export const flowTables = tablesOf<FlowPartTables>();
