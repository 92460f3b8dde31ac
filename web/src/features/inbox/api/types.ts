import type { ServiceLine } from '@switchboard/contract/service-lines';

// The inbox's server shapes (GET /api/chats, /api/messages/by_chat, the /ws/messages events).

/** A messenger family as the server names it (a channel module's `messenger`, or one of seed 000's cards). */
export type Messenger = string;
export type ChatFilter = 'all' | 'unread' | 'mine' | 'unassigned';

export interface Contact {
  id: number | string;
  display_name: string | null;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
  phone: string | null;
  language_code: string | null;
}

export interface MessagePreview {
  id: number | string;
  text: string | null;
  kind: string;
  direction: 'in' | 'out';
  created_at: string;
}

export interface Chat {
  id: number | string;
  messenger: Messenger;
  channel: { id: number | string; name: string; username: string | null; kind: string };
  chat_type: 'private' | 'group' | 'supergroup' | 'channel';
  title: string | null;
  contact: Contact | null;
  unread_count: number;
  status: string;
  assigned_operator_id: number | string | null;
  /** The conversation's labels, when the server includes them (and after a change). */
  label_ids?: number[];
  last_message: MessagePreview | null;
  last_message_at: string | null;
  created_at: string;
}

export type DeliveryStatus = 'queued' | 'sent' | 'failed';

/** A stored file's state (server/src/inbox/media/tables.ts): `url` is set only when `ready`. */
export type DownloadState = 'pending' | 'ready' | 'too_big' | 'failed' | 'expired';

export interface Attachment {
  kind?: string;
  type?: string;
  file_name?: string | null;
  mime_type?: string | null;
  file_size?: number | null;
  url?: string | null;
  media_id?: number;
  download_state?: DownloadState;
  download_error?: string | null;
  width?: number;
  height?: number;
  duration?: number;
  sticker_format?: 'static' | 'animated' | 'video';
  emoji?: string;
  latitude?: number;
  longitude?: number;
  title?: string;
  address?: string;
  phone_number?: string;
  first_name?: string;
  last_name?: string;
  question?: string;
  [key: string]: unknown;
}

/** An earlier text of an edited message, kept until `until`. */
export interface MessageEdit {
  text: string | null;
  until: string;
}

export interface Message {
  id: number | string;
  chat_id: number | string;
  direction: 'in' | 'out';
  sender_type: 'client' | 'admin' | 'bot' | 'system';
  sender_name: string | null;
  kind: string;
  text: string | null;
  /** A service line's code and parameters: rendered in the reader's language (text is empty for new ones). */
  service?: ServiceLine | null;
  entities: unknown;
  attachments: Attachment[];
  external_message_id: string | number | null;
  reply_to_external_id: string | number | null;
  status: DeliveryStatus | null;
  status_reason: string | null;
  read_at: string | null;
  edited_at: string | null;
  edit_history?: MessageEdit[];
  media_group_id?: string | null;
  is_private?: boolean;
  created_at: string;
}

export interface MessageStatusUpdate {
  id: Message['id'];
  chat_id: Message['chat_id'];
  status: DeliveryStatus;
  status_reason: string | null;
  external_message_id: Message['external_message_id'];
}

export type ServerEvent =
  | { type: 'initial_chats'; chats: Chat[]; chunk: number; total_chunks: number }
  | { type: 'new_message'; seq: number; message: Message; chat: Chat }
  | { type: 'chat_updated'; seq: number; chat: Chat; label_ids?: number[]; read_message_ids?: Array<Message['id']> }
  | {
      type: 'chat_assigned';
      seq: number;
      chat_id: Chat['id'];
      operator_id: number | null;
      previous_operator_id: number | null;
      note: string | null;
    }
  | { type: 'chat_removed'; seq: number; chat_id: Chat['id']; operator_id?: number | null; operator_name?: string | null }
  | { type: 'message_status'; seq: number; message: MessageStatusUpdate }
  | { type: 'message_updated'; seq: number; message: Message }
  | { type: 'resync_required' }
  | { type: 'pong' }
  | { type: 'chat_messages'; chat_id: Chat['id']; messages: Message[] }
  | { type: 'ready'; seq: number };

/** What a chat list is asked for: the server filters, and realtime updates must match the same rules. */
export interface ChatListParams {
  filter: ChatFilter;
  q: string;
  messenger: Messenger | '';
  channelId: string;
}

/** Notes' limit, and a reply's until the channel's own limits (GET /api/channels/kinds) have loaded. */
export const messageTextLimit = 4096;
