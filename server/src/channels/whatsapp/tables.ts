// The WhatsApp module's tables (migrations/).
import type { ColumnType, Kysely } from 'kysely';
import { tablesOf } from '../../platform/index.ts';

export interface WhatsAppTables {
  whatsapp_service_windows: {
    channel_id: number;
    wa_id: string;
    last_inbound_at: Date;
    /** The customer's first message to the number (migrations/0002); null for customers known before. */
    first_message_id: ColumnType<string | null, string | null | undefined, string | null>;
  };
  /** migrations/0003: the number's templates as Meta approved them (templates.ts). */
  whatsapp_templates: {
    channel_id: number;
    name: string;
    language: string;
    category: string;
    status: string;
    /** Meta's components (JSON text in, parsed out). */
    components: ColumnType<unknown, string, string>;
    synced_at: Date;
  };
  /** migrations/0004: the number's messaging limit (messaging-limit.ts); recipients null = unlimited. */
  whatsapp_messaging_limits: {
    channel_id: number;
    tier: string;
    recipients: number | null;
    read_at: Date;
  };
  /** migrations/0004: customers the number started a conversation with, the latest start per customer. */
  whatsapp_conversation_starts: {
    channel_id: number;
    wa_id: string;
    started_at: Date;
  };
}

export type WhatsAppDb = Kysely<WhatsAppTables>;
export const whatsappTables = tablesOf<WhatsAppTables>();

declare module '../../platform/db/tables.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this part's tables to the whole schema
  interface SwitchboardTables extends WhatsAppTables {}
}
