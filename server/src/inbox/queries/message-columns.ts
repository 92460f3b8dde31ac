// A message row's columns, not `*`: the generated search column (a tsvector) is large and only for the index; read
// or returned with every message it would be formatted, sent and decoded for nothing (intake's insert, search).
import type { MessageRow } from '../tables.ts';

export const messageColumns = [
  'id',
  'conversation_id',
  'direction',
  'sender_kind',
  'sender_contact_id',
  'sender_staff_id',
  'sender_name',
  'kind',
  'text',
  'entities',
  'attachments',
  'external_message_id',
  'reply_to_external_id',
  'media_group_id',
  'status',
  'status_reason',
  'read_at',
  'read_by_staff_id',
  'edited_at',
  'edit_history',
  'deleted_at',
  'reactions',
  'service',
  'sent_at',
  'created_at',
] as const satisfies ReadonlyArray<keyof MessageRow>;
// A column the table type gains must be listed above (else this fails to compile): the rows are whole MessageRows.
const everyMessageColumn: Exclude<keyof MessageRow, (typeof messageColumns)[number]> extends never ? true : never = true;
void everyMessageColumn;
